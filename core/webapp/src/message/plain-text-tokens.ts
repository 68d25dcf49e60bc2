// The tokens marked's lexer gives a message that is only plain text, built without it. Most chat
// messages are ("sounds good, thanks!"), and lexing even those runs every block and inline rule of
// GFM; the first messages on a page also pay for compiling those expressions, which made Markdown a
// large share of the chat's first render. A message qualifies when nothing in it can mean Markdown
// or an autolink: lines of letters, digits, emoji and a few punctuation marks, none blank, none
// starting or ending with a space, none starting like a list item. Anything else goes to marked.
// test/unit/plain-text-tokens.test.ts holds the two to the same output.
import type { Token } from 'marked';

/** A line that can only be text: it starts with a letter, digit or emoji, and holds nothing else that marked or GFM reads. */
const PLAIN_LINE = /^[\p{L}\p{N}\p{Extended_Pictographic}][\p{L}\p{M}\p{N}\p{Extended_Pictographic}\u200d ,.!?'"()\-:;/]*$/u;
/** What may still turn such a line into something else: an ordered list item, an autolink, a line ending in a space. */
const NOT_PLAIN = /^\p{N}+[.)]|:\/\/|www\.| $/iu;

/** The lexer's tokens for `text` when it is plain text (one paragraph, a `br` per line break), else undefined. */
export function plainTextTokens(text: string): Token[] | undefined {
  const lines = text.split('\n');
  const tokens: Token[] = [];
  for (const line of lines) {
    if (!PLAIN_LINE.test(line) || NOT_PLAIN.test(line)) return undefined;
    if (tokens.length > 0) tokens.push({ type: 'br', raw: '\n' });
    tokens.push({ type: 'text', raw: line, text: line, escaped: false });
  }
  return [{ type: 'paragraph', raw: text, text, tokens }];
}

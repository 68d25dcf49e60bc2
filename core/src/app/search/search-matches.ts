// The words of a found post that its search matched, as they are written in it: Mattermost's
// `matches` in search results, which clients use to highlight hits.
import type { TextTerm } from '../../store/text-query.ts';

const WORD_CHAR = String.raw`[\p{L}\p{N}_]`;
const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}_])`;

/** Distinct matched words in order of first appearance (hashtags as stored on the post). */
export function matchedWords(message: string, hashtags: string, terms: readonly TextTerm[]): string[] {
  const found = new Set<string>();
  const tags = hashtags.split(' ').filter((t) => t !== '');
  for (const term of terms) {
    if (term.kind === 'hashtag') {
      const wanted = term.text.toLowerCase();
      for (const tag of tags) if (term.prefix ? tag.toLowerCase().startsWith(wanted) : tag.toLowerCase() === wanted) found.add(tag);
      continue;
    }
    const pattern = termPattern(term);
    if (pattern) for (const match of message.matchAll(pattern)) found.add(match[0]);
  }
  return [...found];
}

function termPattern(term: TextTerm): RegExp | null {
  const words = term.text.split(/[^\p{L}\p{N}_]+/u).filter((w) => w !== '').map(escapeRegExp);
  if (words.length === 0) return null;
  const body = words.join(String.raw`[^\p{L}\p{N}_]+`);
  const tail = term.prefix ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`;
  return new RegExp(`${NOT_AFTER_WORD}${body}${tail}`, 'giu');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

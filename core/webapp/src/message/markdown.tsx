// A message's Markdown as Mattermost shows it: GitHub-flavoured (tables, strikethrough, task lists,
// autolinks), single line breaks kept, plus emoji, mentions, channel links and hashtags.
//
// marked only tokenizes here (its lexer, the parser Mattermost's own web app builds on); the tokens
// are turned into React elements below, so the output holds only the elements this file creates.
// Raw HTML in a message (an `html` token) is shown as the text it is, links and images go through
// safe-url.ts, and no string is ever assigned as HTML.
import { memo, useMemo, type ReactNode } from 'react';
import { Lexer, type Token, type Tokens } from 'marked';
import type { MessageContext } from './message-context.ts';
import { decodeEntities, safeImageSrc, safeLink } from './safe-url.ts';
import { inAppNavigation, renderMessageText } from './message-text.tsx';
import { CodeBlock } from './code-block.tsx';
import { plainTextTokens } from './plain-text-tokens.ts';
import './message.css';

export interface MarkdownProps {
  /** The message as its author typed it. */
  text: string;
  context: MessageContext;
}

/** Renders `text` as a message body (a `div.markdown`). Re-renders only when text or context change. */
export const Markdown = memo(function Markdown({ text, context }: MarkdownProps) {
  const tokens = useMemo(() => plainTextTokens(text) ?? Lexer.lex(text, { gfm: true, breaks: true }), [text]);
  return <div className="markdown">{blocks(tokens, context)}</div>;
});

function blocks(tokens: Token[], context: MessageContext): ReactNode[] {
  return tokens.map((token, index) => block(token as Tokens.Generic, context, index));
}

function block(token: Tokens.Generic, context: MessageContext, key: number): ReactNode {
  switch (token.type) {
    case 'paragraph':
      return <p key={key}>{inline(token.tokens, context, true)}</p>;
    case 'heading': {
      const Heading = `h${Math.min(Math.max(token.depth as number, 1), 6)}` as 'h1';
      return <Heading key={key}>{inline(token.tokens, context, true)}</Heading>;
    }
    case 'code':
      return <CodeBlock key={key} code={token.text as string} language={token.lang as string | undefined} />;
    case 'blockquote':
      return <blockquote key={key}>{blocks(token.tokens ?? [], context)}</blockquote>;
    case 'list':
      return list(token as Tokens.List, context, key);
    case 'table':
      return table(token as Tokens.Table, context, key);
    case 'hr':
      return <hr key={key} />;
    case 'html':
      // Raw HTML is never interpreted: it is shown as typed.
      return <p key={key} className="raw-html">{token.raw.trimEnd()}</p>;
    case 'text':
      // Text at block level (a tight list item's content) carries its own inline tokens.
      return token.tokens ? <span key={key}>{inline(token.tokens, context, true)}</span> : <span key={key}>{decodeEntities(token.text as string)}</span>;
    case 'checkbox':
      return <input key={key} type="checkbox" checked={token.checked as boolean} disabled aria-label={token.checked ? 'done' : 'not done'} />;
    default:
      // space, def (link definitions) and anything unknown show nothing.
      return null;
  }
}

function list(token: Tokens.List, context: MessageContext, key: number): ReactNode {
  const items = token.items.map((item, index) => (
    <li key={index} className={item.task ? 'task' : undefined}>
      {blocks(item.tokens, context)}
    </li>
  ));
  if (!token.ordered) return <ul key={key}>{items}</ul>;
  return <ol key={key} start={typeof token.start === 'number' && token.start !== 1 ? token.start : undefined}>{items}</ol>;
}

function table(token: Tokens.Table, context: MessageContext, key: number): ReactNode {
  const align = (index: number) => token.align[index] ?? undefined;
  return (
    <div key={key} className="table-scroll">
      <table>
        <thead>
          <tr>
            {token.header.map((cell, index) => (
              <th key={index} scope="col" style={{ textAlign: align(index) }}>{inline(cell.tokens, context, true)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {token.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, index) => (
                <td key={index} style={{ textAlign: align(index) }}>{inline(cell.tokens, context, true)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Inline tokens; `interactive` is false inside a link (no mention buttons or links in a link). */
function inline(tokens: Token[] | undefined, context: MessageContext, interactive: boolean): ReactNode[] {
  return (tokens ?? []).map((token, index) => inlineToken(token as Tokens.Generic, context, interactive, index));
}

function inlineToken(token: Tokens.Generic, context: MessageContext, interactive: boolean, key: number): ReactNode {
  switch (token.type) {
    case 'text':
      if (token.tokens) return <span key={key}>{inline(token.tokens, context, interactive)}</span>;
      return <span key={key}>{renderMessageText(decodeEntities(token.text as string), context, interactive)}</span>;
    case 'escape':
      return decodeEntities(token.text as string);
    case 'codespan':
      return <code key={key}>{token.text as string}</code>;
    case 'strong':
      return <strong key={key}>{inline(token.tokens, context, interactive)}</strong>;
    case 'em':
      return <em key={key}>{inline(token.tokens, context, interactive)}</em>;
    case 'del':
      return <del key={key}>{inline(token.tokens, context, interactive)}</del>;
    case 'br':
      return <br key={key} />;
    case 'link':
      return link(token as Tokens.Link, context, interactive, key);
    case 'image':
      return image(token as Tokens.Image, key);
    default:
      // Inline HTML and anything unknown are shown as typed.
      return token.raw;
  }
}

function link(token: Tokens.Link, context: MessageContext, interactive: boolean, key: number): ReactNode {
  const target = safeLink(token.href);
  const children = inline(token.tokens, context, false);
  // A link whose target is refused (javascript:, data:, ...) keeps its text and loses the link;
  // a link inside a link (possible with an autolinked label) is shown as its text.
  if (!target || !interactive) return <span key={key}>{children}</span>;
  const title = token.title ? decodeEntities(token.title) : undefined;
  if (target.internal) {
    // The app routes by absolute path: `settings` on /team/channels/x is /team/channels/settings.
    const resolved = new URL(target.href, document.baseURI);
    return <a key={key} href={target.href} title={title} onClick={inAppNavigation(resolved.pathname + resolved.search + resolved.hash, context)}>{children}</a>;
  }
  return <a key={key} href={target.href} title={title} target="_blank" rel="noopener noreferrer">{children}</a>;
}

function image(token: Tokens.Image, key: number): ReactNode {
  const alt = decodeEntities(token.text);
  const src = safeImageSrc(token.href);
  if (!src) return alt;
  return <img key={key} className="markdown-image" src={src} alt={alt} title={token.title ? decodeEntities(token.title) : undefined} loading="lazy" referrerPolicy="no-referrer" />;
}

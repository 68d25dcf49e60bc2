// Markdown pieces shared by the renderers. Everything GitHub sends is someone's free text: titles
// are escaped where they sit in link text, and bodies are quoted, shortened and defused so that a
// pull request description cannot notify a whole channel or inject raw HTML comments.
import { text, type Json } from './payload.ts';

/** Longest body quoted in a post; the rest is a link away. */
export const MAX_BODY_CHARS = 2000;

/** `value` safe inside `[...]` link text. */
export function linkText(value: string): string {
  return value.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ').trim();
}

export function link(label: string, url: string): string {
  return url ? `[${linkText(label)}](${url.replace(/[()\s]/g, encodeURIComponent)})` : linkText(label);
}

/** A GitHub account as a link to its profile. */
export function userLink(user: Json): string {
  const login = text(user, 'login');
  return login ? link(login, text(user, 'html_url')) : 'someone';
}

/** `[owner/repo]` linking to the repository: the prefix of every post. */
export function repoTag(repo: Json): string {
  return `[\\[${linkText(text(repo, 'full_name'))}\\]](${text(repo, 'html_url')})`;
}

/** Channel-wide mentions written in GitHub would notify everyone in the channel: a zero-width space breaks them. */
export function defuseMentions(value: string): string {
  return value.replace(/@(channel|all|here)\b/gi, '@\u200b$1');
}

/** A body as a quote block: HTML comments (pull request templates) dropped, cut at MAX_BODY_CHARS. */
export function quoteBody(body: string): string {
  const cleaned = defuseMentions(body.replace(/<!--[\s\S]*?(-->|$)/g, '')).replace(/\r\n?/g, '\n').trim();
  if (!cleaned) return '';
  const cut = cleaned.length > MAX_BODY_CHARS ? `${cleaned.slice(0, MAX_BODY_CHARS).trimEnd()}…` : cleaned;
  return cut
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** `#12 Title` linking to the issue or pull request. */
export function itemLink(item: Json): string {
  return link(`#${text(item, 'number')} ${text(item, 'title')}`, text(item, 'html_url'));
}

/** The first line of a commit message. */
export function firstLine(value: string): string {
  return value.split('\n', 1)[0].trim();
}

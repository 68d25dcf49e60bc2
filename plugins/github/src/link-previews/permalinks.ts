// GitHub permalinks to a file's lines (`<web>/<owner>/<repo>/blob/<40-hex commit>/<path>#L10-L20`)
// found in a message, and the code snippet that replaces each, by the rules of Mattermost's plugin:
// a single line shows three lines around it, a range is cut to MAX_PREVIEW_LINES, the language is
// the file's extension, a link already inside a Markdown link is left alone, at most
// MAX_PERMALINKS per message.

export const MAX_PERMALINKS = 10;
export const MAX_PREVIEW_LINES = 10;
/** Lines shown before and after a link to one line. */
const LINE_CONTEXT = 3;

export interface Permalink {
  /** Where the link starts in the message, and the link itself. */
  index: number;
  url: string;
  owner: string;
  repo: string;
  commit: string;
  path: string;
  /** First and last line, counted from 1. */
  start: number;
  end: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The permalink pattern for GitHub's web site `webUrl` (`https://github.com` also matches `www.`). */
function permalinkPattern(webUrl: string): RegExp {
  const host = webUrl === 'https://github.com' ? 'https?://(?:www\\.)?github\\.com' : escapeRegExp(webUrl.replace(/\/+$/, ''));
  return new RegExp(`${host}/([\\w.-]+)/([\\w.-]+)/blob/([0-9a-f]{40})/([\\w./-]+)#(L\\d+(?:-L\\d+)?)(?![\\w-])`, 'g');
}

/** `L12` → lines 9..15; `L10-L20` → 10..20; undefined for a backwards range. */
function lineRange(anchor: string): { start: number; end: number } | undefined {
  const [first, last] = anchor.split('-').map((part) => Number(part.slice(1)));
  if (first === undefined || first < 1) return undefined;
  if (last === undefined) return { start: Math.max(1, first - LINE_CONTEXT), end: first + LINE_CONTEXT };
  return last >= first ? { start: first, end: last } : undefined;
}

/** Whether the text before `index` is `](` (blanks allowed): the link is a Markdown link's target already. */
function insideMarkdownLink(message: string, index: number): boolean {
  return /\]\(\s*$/.test(message.slice(Math.max(0, index - 100), index));
}

/** The permalinks of `message` that get a preview, in order, at most MAX_PERMALINKS. */
export function findPermalinks(message: string, webUrl: string): Permalink[] {
  const found: Permalink[] = [];
  for (const match of message.matchAll(permalinkPattern(webUrl))) {
    if (found.length >= MAX_PERMALINKS) break;
    const [url, owner = '', repo = '', commit = '', rawPath = '', anchor = ''] = match;
    const index = match.index ?? 0;
    const lines = lineRange(anchor);
    // `..` segments would let a link name another file than it shows.
    const path = rawPath.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (!lines || path.includes('..') || path.length === 0 || insideMarkdownLink(message, index)) continue;
    found.push({ index, url, owner, repo, commit, path: path.join('/'), ...lines });
  }
  return found;
}

/** The language of a code block, from the file's extension (`src/main.go` → `go`), or ''. */
export function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase().replace(/[^a-z0-9+#-]/g, '') : '';
}

/**
 * The Markdown replacing the permalink: a link named `owner/repo/path` and the lines in a code block
 * (fenced with more backticks than the code holds), cut to MAX_PREVIEW_LINES with `...` after.
 * Undefined when the file has none of those lines.
 */
export function codeSnippet(link: Permalink, fileText: string): string | undefined {
  const lines = fileText.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const end = Math.min(link.end, link.start + MAX_PREVIEW_LINES - 1, lines.length);
  if (link.start > end) return undefined;
  const shown = lines.slice(link.start - 1, end);
  const truncated = end < Math.min(link.end, lines.length);
  const longestTicks = Math.max(0, ...shown.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(Math.max(3, longestTicks + 1));
  const title = `${link.owner}/${link.repo}/${link.path}`.replace(/([_*[\]])/g, '\\$1');
  return `\n[${title}](${link.url})\n${fence}${languageOf(link.path)}\n${shown.join('\n')}\n${truncated ? '...\n' : ''}${fence}\n`;
}

/** `message` with each permalink that has a snippet replaced by it (Mattermost's presentation). */
export function withSnippets(message: string, snippets: ReadonlyArray<{ link: Permalink; snippet: string }>): string {
  let result = message;
  // From the last to the first, so earlier indices stay right.
  for (const { link, snippet } of [...snippets].sort((a, b) => b.link.index - a.link.index)) {
    result = result.slice(0, link.index) + snippet + result.slice(link.index + link.url.length);
  }
  return result;
}

// Jira's wiki markup (descriptions and comments on Jira Server, and Cloud's v2 API) turned into the
// Markdown of a Parley message, for the common constructs: headings, bold, strike-through, links,
// inline code, code and noformat blocks, quotes, colours and numbered lists. Anything else passes as
// it is, which reads well enough.

function codeBlocks(text: string): string {
  return text
    .replace(/\{code(?::([a-zA-Z0-9+#-]+))?[^}]*\}([\s\S]*?)\{code\}/g, (_all, language: string | undefined, body: string) => `\n\`\`\`${language ?? ''}\n${body.replace(/^\n|\n$/g, '')}\n\`\`\`\n`)
    .replace(/\{noformat\}([\s\S]*?)\{noformat\}/g, (_all, body: string) => `\n\`\`\`\n${body.replace(/^\n|\n$/g, '')}\n\`\`\`\n`);
}

function inline(line: string): string {
  return line
    .replace(/^h([1-6])\.\s+/, (_all, level: string) => `${'#'.repeat(Number(level))} `)
    .replace(/^#\s+/, '1. ')
    .replace(/^bq\.\s+/, '> ')
    .replace(/\{\{(.+?)\}\}/g, '`$1`')
    .replace(/\[([^|\]\n]*)\|([^|\]\n]+)(?:\|[^\]\n]*)?\]/g, (_all, label: string, url: string) => `[${label || url}](${url})`)
    .replace(/(^|[\s(])\*(\S(?:[^*\n]*\S)?)\*(?=$|[\s).,!?:;])/g, '$1**$2**')
    .replace(/(^|[\s(])-(\S(?:[^-\n]*\S)?)-(?=$|[\s).,!?:;])/g, '$1~~$2~~')
    .replace(/\{color:[^}]*\}([\s\S]*?)\{color\}/g, '$1')
    .replace(/\{quote\}([^\n]*?)\{quote\}/g, '> $1');
}

/** `text` (Jira wiki markup) as Markdown. Code blocks are kept verbatim. */
export function jiraToMarkdown(text: string): string {
  const parts = codeBlocks(text.replace(/\r\n/g, '\n')).split(/(```[\s\S]*?```)/);
  return parts.map((part, index) => (index % 2 === 1 ? part : part.split('\n').map(inline).join('\n'))).join('').trim();
}

/** At most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Each line of `text` quoted (`> `), or '' for blank text. */
export function quote(text: string): string {
  return text.trim() === '' ? '' : `> ${text.replace(/\n/g, '\n> ')}`;
}

/** The Jira users `[~accountid:...]` (Cloud) and `[~username]` (Server) mentioned in `text`, each once. */
export function mentionedUsers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\[~(accountid:)?([^\]\s]+)\]/gi)) found.add(match[2]!);
  return [...found];
}

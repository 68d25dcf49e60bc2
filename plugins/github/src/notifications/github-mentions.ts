// The GitHub users a text @-mentions, as GitHub links them: `@login` not inside code, not part of an
// e-mail address or another word.
const MENTION = /(?<![\w`@/.-])@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})(?![\w-]|\/)/gi;
/** A text mentioning more people than this is a list, not a call for each of them. */
const MAX_MENTIONS = 20;

export function githubMentions(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const logins = new Set<string>();
  for (const match of prose.matchAll(MENTION)) {
    logins.add(match[1]!.toLowerCase());
    if (logins.size >= MAX_MENTIONS) break;
  }
  return [...logins];
}

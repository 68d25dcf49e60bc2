// What people type to name a repository or an issue: `owner/repo`, `owner/repo#12`, or an issue's or
// pull request's URL (`https://github.com/owner/repo/issues/12`, `/pull/12`, on any GitHub host).
const NAME = '[A-Za-z0-9_.-]{1,100}';
const REPO = new RegExp(`^(${NAME})/(${NAME})$`);
const ISSUE = new RegExp(`^(${NAME})/(${NAME})#(\\d{1,10})$`);
const ISSUE_URL = new RegExp(`^https?://[^/\\s]+/(${NAME})/(${NAME})/(?:issues|pull)/(\\d{1,10})(?:[/?#].*)?$`);

export interface RepoRef {
  owner: string;
  name: string;
}

export interface IssueRef extends RepoRef {
  number: number;
}

export function parseRepo(input: string): RepoRef | undefined {
  const match = REPO.exec(input.trim());
  return match ? { owner: match[1]!, name: match[2]! } : undefined;
}

export function parseIssueRef(input: string): IssueRef | undefined {
  const trimmed = input.trim();
  const match = ISSUE.exec(trimmed) ?? ISSUE_URL.exec(trimmed);
  return match ? { owner: match[1]!, name: match[2]!, number: Number(match[3]) } : undefined;
}

// The fake Jira's issue reads the notifier makes: `GET /rest/api/2/issue/{key}` and
// `/issue/{key}/comment/{id}` (whether the caller may read them: every issue, except those
// restricted to named users), and `/issue/{key}/watchers` (Jira's `{watchCount, watchers}`).
import { jiraError, type FakeJira } from './fake-jira.ts';

export interface WatchedIssues {
  /** Issue key → the Jira usernames watching it. */
  watchers: Map<string, string[]>;
  /** Issue key → the only usernames who may read it (absent: everyone). */
  readers: Map<string, string[]>;
}

export function installWatcherRoutes(fake: FakeJira): WatchedIssues {
  const issues: WatchedIssues = { watchers: new Map(), readers: new Map() };
  const readable = (key: string, name: string) => !issues.readers.has(key) || issues.readers.get(key)!.includes(name);
  fake.route('GET', /^\/rest\/api\/2\/issue\/([A-Z]+-\d+)(?:\/comment\/(\d+))?$/, (request, match) => {
    const key = match[1]!;
    if (!readable(key, request.user!.name)) return jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
    return { status: 200, body: match[2] ? { id: match[2], body: 'a comment' } : { id: '10001', key, fields: { summary: 'An issue' } } };
  });
  fake.route('GET', /^\/rest\/api\/2\/issue\/([A-Z]+-\d+)\/watchers$/, (_request, match) => {
    const names = issues.watchers.get(match[1]!) ?? [];
    const watchers = names.map((name) => fake.userByName(name)).filter((user) => user !== undefined).map((user) => fake.userJson(user));
    return { status: 200, body: { self: `${fake.url}/rest/api/2/issue/${match[1]}/watchers`, isWatching: false, watchCount: watchers.length, watchers } };
  });
  return issues;
}

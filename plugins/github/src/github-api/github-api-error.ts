// A GitHub API call that failed, in words a person can act on: the plugin's commands show the
// message as it is, so each status says what to do (reconnect, wait for the limit, check access).
import { HttpError } from '@parley/plugin-api';

export class GitHubApiError extends HttpError {
  /** GitHub's status, 0 when GitHub could not be reached. */
  readonly githubStatus: number;

  constructor(githubStatus: number, message: string) {
    super(githubStatus === 401 ? 401 : 502, githubStatus === 401 ? 'github.api.unauthorized' : 'github.api.failed', message);
    this.githubStatus = githubStatus;
  }
}

/** The error for an answer GitHub refused, from its status, its JSON body and its rate-limit headers. */
export function githubApiError(status: number, headers: Record<string, string>, body: string, what: string): GitHubApiError {
  const parsed = parseBody(body);
  const detail = [parsed.message, ...parsed.errors].filter(Boolean).join(': ');
  if (status === 401) return new GitHubApiError(status, `GitHub no longer accepts your token (${detail || 'bad credentials'}). Connect again with \`/github connect\`.`);
  if ((status === 403 || status === 429) && (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'])) {
    return new GitHubApiError(status, `GitHub's rate limit is reached; try again ${resetsIn(headers)}.`);
  }
  if (status === 404) return new GitHubApiError(status, `Could not ${what}: GitHub found nothing there, or your account cannot see it.`);
  if (status === 403) return new GitHubApiError(status, `GitHub refused to ${what}${detail ? ` (${detail})` : ''}: your account may lack access, or the connection lacks a scope (\`/github connect private\`).`);
  if (status === 422) return new GitHubApiError(status, `GitHub refused the request to ${what}${detail ? `: ${detail}` : ''}.`);
  return new GitHubApiError(status, `GitHub answered ${status} to the request to ${what}${detail ? ` (${detail})` : ''}; try again later.`);
}

function parseBody(body: string): { message: string; errors: string[] } {
  try {
    const value = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(value.errors)
      ? value.errors.map((e: { message?: unknown; field?: unknown; code?: unknown }) => (typeof e.message === 'string' ? e.message : [e.field, e.code].filter((part) => typeof part === 'string').join(' '))).filter(Boolean)
      : [];
    return { message: typeof value.message === 'string' ? value.message : '', errors };
  } catch {
    return { message: '', errors: [] };
  }
}

function resetsIn(headers: Record<string, string>): string {
  const retryAfter = Number(headers['retry-after']);
  if (retryAfter > 0) return `in ${Math.ceil(retryAfter / 60)} minute(s)`;
  const reset = Number(headers['x-ratelimit-reset']);
  if (!reset) return 'later';
  const minutes = Math.max(1, Math.ceil((reset * 1000 - Date.now()) / 60_000));
  return `in ${minutes} minute(s)`;
}

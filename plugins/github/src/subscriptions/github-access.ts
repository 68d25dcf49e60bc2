// Whether a person can see a repository or owner on GitHub, asked with their own token, as
// Mattermost's plugin asks: when they subscribe a channel, and — for a private repository — again
// before each delivery is posted, since everyone in the channel reads what is posted there. The
// delivery-time answers are kept a minute, so a burst of deliveries costs one GitHub call per
// subscriber and repository.
import type { PluginAPI } from '@parley/plugin-api';
import type { Connections } from '../connect/connections.ts';
import { GitHubApiError } from '../github-api/github-api-error.ts';
import { GitHubClient } from '../github-api/github-client.ts';
import { githubUrls } from '../github-api/github-urls.ts';
import type { GitHubSettings } from '../settings.ts';

export const SUBSCRIBE_NEEDS_CONNECTION = 'Connect your GitHub account with `/github connect` first: a subscription is checked against what your GitHub account can see.';

/** How long a subscriber's access to a private repository is trusted without asking GitHub again. */
export const ACCESS_CACHE_MS = 60_000;
/** Answers kept at most; the oldest goes first. */
const ACCESS_CACHE_SIZE = 1000;

type AccessSettings = Pick<GitHubSettings, 'EnterpriseBaseURL' | 'EnablePrivateRepo'>;

async function clientOf(api: PluginAPI, connections: Connections, settings: AccessSettings, userId: string): Promise<GitHubClient | null> {
  const token = await connections.token(userId);
  return token ? new GitHubClient(api, githubUrls(settings).api, token) : null;
}

function isNoAccess(err: unknown): boolean {
  return err instanceof GitHubApiError && [401, 403, 404].includes(err.githubStatus);
}

/**
 * Checks that `userId` may subscribe a channel to `repository` (`owner/repo` or `owner`): they are
 * connected, GitHub shows them the repository (or the organization or user), and a private
 * repository is allowed by Enable Private Repositories. Throws an Error telling what to fix.
 */
export async function checkSubscribable(api: PluginAPI, connections: Connections, settings: AccessSettings, userId: string, repository: string): Promise<void> {
  const client = await clientOf(api, connections, settings, userId);
  if (!client) throw new Error(SUBSCRIBE_NEEDS_CONNECTION);
  const [owner = '', name] = repository.split('/');
  try {
    if (name === undefined) {
      // An owner is an organization or a user; GitHub's /orgs answers 404 for a user.
      await client.getOrganization(owner).catch((err: unknown) => {
        if (err instanceof GitHubApiError && err.githubStatus === 404) return client.getAccount(owner);
        throw err;
      });
      return;
    }
    const repo = await client.getRepository(owner, name);
    if (repo.private && !settings.EnablePrivateRepo) {
      throw new Error(`\`${repository}\` is a private repository, and this server does not post from private repositories: a system admin may turn on Enable Private Repositories in the plugin's settings.`);
    }
  } catch (err) {
    if (err instanceof GitHubApiError && err.githubStatus === 404) {
      throw new Error(`GitHub shows your account no ${name === undefined ? 'organization or user' : 'repository'} \`${repository}\` (not found or no access). Check the name, or connect an account that can see it (\`/github connect private\` for a private repository).`);
    }
    throw err;
  }
}

/** Whether subscribers can still read private repositories, asked with their stored tokens. */
export class SubscriberAccess {
  #api: PluginAPI;
  #connections: Connections;
  #now: () => number;
  /** `<user id>:<owner/repo>` → whether they could read it with `token`, and until when that is trusted. */
  #answers = new Map<string, { readable: boolean; token: string; until: number }>();

  constructor(api: PluginAPI, connections: Connections, now: () => number = Date.now) {
    this.#api = api;
    this.#connections = connections;
    this.#now = now;
  }

  /** Why the private repository's events may not be posted for `userId`'s subscription, or undefined when they may. */
  async denial(userId: string, fullName: string, settings: AccessSettings): Promise<string | undefined> {
    // The connection is read every time (one KV read): a disconnect takes effect at once.
    const token = await this.#connections.token(userId);
    if (!token) return `the subscriber of a channel is no longer connected to GitHub, so ${fullName} (private) is not posted there`;
    const client = new GitHubClient(this.#api, githubUrls(settings).api, token);
    const key = `${userId}:${fullName.toLowerCase()}`;
    let answer = this.#answers.get(key);
    // An answer counts only for the token it was asked with: reconnecting (maybe as another GitHub account) asks again.
    if (!answer || answer.until <= this.#now() || answer.token !== token) {
      const [owner = '', name = ''] = fullName.split('/');
      let readable: boolean;
      try {
        await client.getRepository(owner, name);
        readable = true;
      } catch (err) {
        // GitHub down or rate-limited says nothing about access: not kept, and not posted this time.
        if (!isNoAccess(err)) return `the subscriber's access to ${fullName} (private) could not be checked: ${(err as Error).message}`;
        readable = false;
      }
      answer = { readable, token, until: this.#now() + ACCESS_CACHE_MS };
      this.#answers.delete(key);
      this.#answers.set(key, answer);
      if (this.#answers.size > ACCESS_CACHE_SIZE) this.#answers.delete(this.#answers.keys().next().value as string);
    }
    return answer.readable ? undefined : `the subscriber of a channel can no longer read ${fullName} (private) on GitHub`;
  }
}

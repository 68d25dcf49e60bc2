// What the features of connected users share: the plugin API, the connections, the bot's DMs, and a
// GitHub client made with one user's own token (never anyone else's).
import { HttpError, type PluginAPI } from '@parley/plugin-api';
import { GitHubClient } from '../github-api/github-client.ts';
import { githubUrls } from '../github-api/github-urls.ts';
import { readSettings } from '../settings.ts';
import type { BotMessages } from './bot-messages.ts';
import type { Connections } from './connections.ts';
import { isOAuthConfigured } from './oauth-provider.ts';

export interface GitHubContext {
  api: PluginAPI;
  connections: Connections;
  bot: BotMessages;
}

export const NOT_CONFIGURED = 'The GitHub plugin is not set up yet: a system admin must enter the OAuth app\'s client ID and secret in the System Console (Plugins → GitHub).';
export const NOT_CONNECTED = 'You are not connected to GitHub. Connect your account with `/github connect`.';

/** A client with `userId`'s token; 403 when the plugin is not set up, 401 when the user is not connected. */
export async function clientFor(ctx: GitHubContext, userId: string): Promise<GitHubClient> {
  const settings = await readSettings(ctx.api);
  if (!isOAuthConfigured(settings)) throw new HttpError(403, 'github.not_configured', NOT_CONFIGURED);
  const token = await ctx.connections.token(userId);
  if (!token) throw new HttpError(401, 'github.not_connected', NOT_CONNECTED);
  return new GitHubClient(ctx.api, githubUrls(settings).api, token);
}

/** Runs a command's work, answering a refusal (not set up, not connected, GitHub's error) as the message it carries. */
export async function explainFailure(work: () => Promise<string>): Promise<string> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof HttpError || (typeof (err as { id?: unknown }).id === 'string' && (err as { id: string }).id.startsWith('github.'))) return (err as Error).message;
    throw err;
  }
}

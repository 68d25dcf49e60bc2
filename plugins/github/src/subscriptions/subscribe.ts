// Adding and removing a channel's subscription, shared by the command and the dialog: the checks,
// the store, and the announcement in the channel (as the bot, as Mattermost's plugin does) so
// everyone there knows why GitHub events start or stop appearing.
import type { PluginAPI } from '@parley/plugin-api';
import { Connections } from '../connect/connections.ts';
import { readSettings } from '../settings.ts';
import { ensureGitHubBot } from '../github-bot.ts';
import { checkSubscribable } from './github-access.ts';
import { checkAllowed, type SubscriptionRequest } from './subscription-request.ts';
import { canManageSubscriptions } from './subscription-permission.ts';
import { SubscriptionStore } from './subscription-store.ts';
import type { Subscription } from './subscription.ts';

export const NOT_ALLOWED = 'Only a system admin or someone who can manage this channel may change its GitHub subscriptions.';

/** How a subscription's options read in lists and announcements. */
export function describeSubscription(sub: Pick<Subscription, 'features' | 'exclude_org_member' | 'render_style' | 'exclude'>): string {
  const flags = [sub.exclude_org_member ? '--exclude-org-member' : '', sub.render_style !== 'default' ? `--render-style ${sub.render_style}` : '', sub.exclude.length ? `--exclude ${sub.exclude.join(',')}` : ''].filter(Boolean);
  return `${sub.features.map((feature) => `\`${feature}\``).join(', ')}${flags.length ? ` (${flags.join(' ')})` : ''}`;
}

function githubUrl(baseUrl: string, repository: string): string {
  return `${(baseUrl || 'https://github.com').replace(/\/+$/, '')}/${repository}`;
}

/** Subscribes the channel; answers the text for the person who asked. Throws an Error telling what to fix. */
export async function subscribe(api: PluginAPI, userId: string, channelId: string, request: SubscriptionRequest): Promise<string> {
  if (!(await canManageSubscriptions(api, userId, channelId))) throw new Error(NOT_ALLOWED);
  const settings = await readSettings(api);
  checkAllowed(request, settings.GithubOrg);
  await checkSubscribable(api, new Connections(api), settings, userId, request.repository);
  const subscription: Subscription = { channel_id: channelId, creator_id: userId, ...request };
  const replaced = await new SubscriptionStore(api.kv).save(subscription);
  const user = await api.users.get(userId);
  const what = request.repository.includes('/') ? 'repository' : 'owner';
  const announcement = `@${user.username} subscribed this channel to the GitHub ${what} [${request.repository}](${githubUrl(settings.EnterpriseBaseURL, request.repository)}) for ${describeSubscription(request)}.${replaced ? `\nThis replaces the previous subscription, for ${describeSubscription(replaced)}.` : ''}`;
  await ensureGitHubBot(api);
  await api.posts.create({ channel_id: channelId, message: announcement });
  const siteUrl = String((await api.config.getServerConfig()).ServiceSettings?.SiteURL ?? '').replace(/\/+$/, '') || '<SiteURL>';
  return `Subscribed this channel to \`${request.repository}\`. Make sure the ${what} has a webhook on GitHub pointing at \`${siteUrl}/plugins/github/webhook\`, content type application/json, with the plugin's webhook secret.`;
}

export async function unsubscribe(api: PluginAPI, userId: string, channelId: string, repository: string): Promise<string> {
  if (!(await canManageSubscriptions(api, userId, channelId))) throw new Error(NOT_ALLOWED);
  if (!(await new SubscriptionStore(api.kv).remove(channelId, repository))) throw new Error(`This channel has no subscription to \`${repository}\`; \`/github subscriptions list\` shows what it has.`);
  const user = await api.users.get(userId);
  await ensureGitHubBot(api);
  await api.posts.create({ channel_id: channelId, message: `@${user.username} unsubscribed this channel from the GitHub ${repository.includes('/') ? 'repository' : 'owner'} \`${repository}\`.` });
  return `Unsubscribed this channel from \`${repository}\`. If no other channel needs it, delete the webhook on GitHub too.`;
}

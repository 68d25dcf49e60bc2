// The first consumer of verified deliveries: posts each event, as the plugin's bot, to every channel
// whose subscription wants it, and answers what it did for the delivery log.
//
// Private repositories: nothing is posted unless the EnablePrivateRepo setting is on, and then only
// to channels subscribed to that repository or to its owner — never elsewhere — and only while the
// person who subscribed the channel is connected and can still read the repository on GitHub.
import type { PluginAPI } from '@parley/plugin-api';
import type { DeliveryConsumer, GitHubDelivery } from '../delivery.ts';
import { repositoryOf } from '../render/payload.ts';
import { renderEvent } from '../render/render-event.ts';
import { isSkipped, messageFor } from '../render/rendering.ts';
import { readSettings } from '../settings.ts';
import { ensureGitHubBot } from '../github-bot.ts';
import { Connections } from '../connect/connections.ts';
import { SubscriberAccess } from './github-access.ts';
import { subscriptionSkip } from './subscription-filter.ts';
import { SubscriptionStore } from './subscription-store.ts';

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? '' : 's'}`;
}

export function subscriptionPoster(api: PluginAPI): DeliveryConsumer {
  const store = new SubscriptionStore(api.kv);
  const access = new SubscriberAccess(api, new Connections(api));
  return async ({ event, payload }: GitHubDelivery) => {
    const repo = repositoryOf(payload);
    if (!repo) return 'channels: skipped: the payload names no repository';
    const settings = await readSettings(api);
    if (repo.private && !settings.EnablePrivateRepo) return `channels: skipped: ${repo.fullName} is private and Enable Private Repositories is off`;
    const rendered = renderEvent(event, payload, { showCommitAuthor: settings.ShowAuthorInCommitNotification });
    if (isSkipped(rendered)) return `channels: skipped: ${rendered.skip}`;
    const subscriptions = await store.forRepository(repo.fullName);
    if (subscriptions.length === 0) return `channels: skipped: no channel is subscribed to ${repo.fullName} or its owner`;
    const reasons = new Set<string>();
    const failures: string[] = [];
    let posted = 0;
    // One post per channel, even when a channel is subscribed to both the repository and its owner.
    const done = new Set<string>();
    for (const sub of subscriptions) {
      if (done.has(sub.channel_id)) continue;
      const skip = subscriptionSkip(sub, event, payload, settings);
      if (skip) {
        reasons.add(skip);
        continue;
      }
      const denied = repo.private ? await access.denial(sub.creator_id, repo.fullName, settings) : undefined;
      if (denied) {
        reasons.add(denied);
        continue;
      }
      done.add(sub.channel_id);
      try {
        await ensureGitHubBot(api);
        await api.posts.create({ channel_id: sub.channel_id, message: messageFor(rendered, sub.render_style), props: rendered.props ?? {} });
        posted++;
      } catch (err) {
        failures.push(`${sub.channel_id}: ${(err as Error).message}`);
      }
    }
    const parts = [];
    if (posted > 0 || reasons.size === 0) parts.push(`posted to ${plural(posted, 'channel')}`);
    if (reasons.size > 0) parts.push(`${posted > 0 ? 'skipped elsewhere' : 'skipped'}: ${[...reasons].join('; ')}`);
    if (failures.length > 0) parts.push(`failed in ${plural(failures.length, 'channel')} (${failures.join('; ')})`);
    return `channels: ${parts.join(', ')}`;
  };
}

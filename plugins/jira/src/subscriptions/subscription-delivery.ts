// Posts an event in every channel one of whose subscriptions (on the event's instance) wants it —
// once per channel however many of its subscriptions match — and nowhere else. Archived channels
// are skipped; a channel that fails does not keep the others from getting the post.
import type { PluginAPI } from '@parley/plugin-api';
import type { Instance } from '../instances/instance.ts';
import type { JiraSettings } from '../settings.ts';
import type { JiraEvent } from '../webhook/webhook-parser.ts';
import type { ChannelPoster } from './channel-poster.ts';
import { matchesFilters } from './subscription-filter.ts';
import type { SubscriptionStore } from './subscription-store.ts';

/** What became of the delivery in the channels: the ids posted to, and the failures. */
export interface ChannelOutcome {
  posted: string[];
  failed: string[];
}

export async function postToSubscribedChannels(api: PluginAPI, store: SubscriptionStore, poster: ChannelPoster, instance: Instance, event: JiraEvent, settings: JiraSettings): Promise<ChannelOutcome> {
  const outcome: ChannelOutcome = { posted: [], failed: [] };
  const options = { securityLevelEmpty: settings.SecurityLevelEmptyForJiraSubscriptions };
  const done = new Set<string>();
  for (const sub of await store.list(instance)) {
    if (done.has(sub.channel_id) || !matchesFilters(sub.filters, event.eventTypes, event.webhook.issue, options)) continue;
    done.add(sub.channel_id);
    try {
      const channel = await api.channels.get(sub.channel_id);
      if (channel.delete_at > 0) continue;
      await poster.post(instance, event, sub.channel_id, settings, sub.name);
      outcome.posted.push(sub.channel_id);
    } catch (err) {
      outcome.failed.push(sub.channel_id);
      await api.log.warn('a Jira subscription post failed', { channel_id: sub.channel_id, subscription_id: sub.id, error: (err as Error).message });
    }
  }
  return outcome;
}

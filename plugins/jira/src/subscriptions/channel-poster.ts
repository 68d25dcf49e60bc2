// Posts a Jira event in a channel as the plugin's bot: the headline alone, or with the description or
// comment and the changed fields as a Slack-style attachment. Comments are threaded under the issue's
// first post in that channel for ThreadedJiraCommentSubscriptionDuration days: the id of the first
// post of an issue created or commented on is kept in KV with that expiry (per instance, issue and
// channel), and later comment events reply to it.
import type { PluginAPI, Post } from '@parley/plugin-api';
import type { Instance } from '../instances/instance.ts';
import { ensureJiraBot } from '../jira-bot.ts';
import type { JiraSettings } from '../settings.ts';
import { EVENT_CREATED } from '../webhook/event-types.ts';
import { isCommentEvent, type JiraEvent } from '../webhook/webhook-parser.ts';

const THREAD = 'thread_';
const DAY_SECONDS = 24 * 60 * 60;
const ATTACHMENT_COLOR = '#2684ff';

/** The post's message and props for the event (without channel and thread). */
export function eventPost(event: JiraEvent, settings: Pick<JiraSettings, 'HideDecriptionComment' | 'DisplaySubscriptionNameInNotifications'>, subscriptionName = ''): Pick<Post, 'message' | 'props'> {
  const named = settings.DisplaySubscriptionNameInNotifications && subscriptionName !== '';
  const headline = named ? `${event.headline}\n_Subscription: ${subscriptionName}_` : event.headline;
  const text = settings.HideDecriptionComment ? '' : event.text;
  if (text === '' && event.fields.length === 0) return { message: headline, props: {} };
  const attachment = { color: ATTACHMENT_COLOR, fallback: headline, pretext: headline, text, fields: event.fields };
  return { message: '', props: { attachments: [attachment] } };
}

export class ChannelPoster {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  /** Posts the event in the channel, threaded when it is a comment on an issue posted there recently. */
  async post(instance: Instance, event: JiraEvent, channelId: string, settings: JiraSettings, subscriptionName = ''): Promise<Post> {
    const api = this.#api;
    await ensureJiraBot(api);
    const days = settings.ThreadedJiraCommentSubscriptionDuration;
    const threaded = days > 0 && (isCommentEvent(event) || event.eventTypes.has(EVENT_CREATED));
    const key = `${THREAD}${instance.key}_${event.webhook.issue.id || event.webhook.issue.key}_${channelId}`;
    const rootId = threaded && isCommentEvent(event) ? await api.kv.get<string>(key) : null;
    const content = { channel_id: channelId, ...eventPost(event, settings, subscriptionName) };
    let post: Post;
    if (rootId) {
      try {
        return await api.posts.create({ ...content, root_id: rootId });
      } catch {
        // The first post was deleted since: start a new thread.
        post = await api.posts.create(content);
      }
    } else {
      post = await api.posts.create(content);
    }
    if (threaded) await api.kv.setWithExpiry(key, post.id, Math.round(days * DAY_SECONDS));
    return post;
  }
}

// Posts a webhook message into a channel as the hook's owner: Slack texts processed (mentions,
// `<@userid>`), attachments into props, then the post(s) created through the server's post pipeline.
import type { Channel, PluginAPI } from '@parley/plugin-api';
import { apiErrorId } from './http-error.ts';
import { HttpError } from '@parley/plugin-api';
import { isValidId } from '@parley/plugin-api';
import type { WebhookSettings } from './server-settings.ts';
import { attachmentTexts, expandAnnouncements, mentionedUserIds, processAttachmentTexts, replaceUserMentions, type SlackAttachment } from './slack-format.ts';
import { webhookPosts } from './webhook-post.ts';

/** At most this many distinct `<@userid>` mentions are resolved per message. */
const MAX_RESOLVED_MENTIONS = 100;

export interface Delivery {
  userId: string;
  channel: Channel;
  rootId: string;
  text: string;
  username: string;
  iconUrl: string;
  iconEmoji: string;
  props: Record<string, unknown>;
  attachments: SlackAttachment[];
  /** Mattermost gives incoming webhook posts with attachments the type `slack_attachment`. */
  attachmentsType: string;
  type: string;
  priority: Record<string, unknown> | null;
  displayName: string;
}

/** Creates the post(s), in order. */
export async function deliver(api: PluginAPI, delivery: Delivery, settings: WebhookSettings): Promise<void> {
  const usernames = await resolveMentions(api, [delivery.text, ...attachmentTexts(delivery.attachments)]);
  const processText = (text: string) => replaceUserMentions(expandAnnouncements(text), usernames);
  const attachments = processAttachmentTexts(delivery.attachments, processText);
  const props: Record<string, unknown> = { ...delivery.props, webhook_display_name: delivery.displayName };
  const drafts = webhookPosts(
    {
      text: processText(delivery.text),
      username: delivery.username,
      iconUrl: delivery.iconUrl,
      iconEmoji: delivery.iconEmoji,
      props,
      attachments,
      type: attachments.length > 0 && delivery.attachmentsType ? delivery.attachmentsType : delivery.type,
      priority: delivery.priority,
    },
    { usernameOverride: settings.usernameOverride, iconOverride: settings.iconOverride },
  );
  for (const draft of drafts) {
    try {
      await api.posts.create({ user_id: delivery.userId, channel_id: delivery.channel.id, root_id: delivery.rootId, message: draft.message, type: draft.type, props: draft.props });
    } catch (err) {
      throw creationError(err);
    }
  }
}

async function resolveMentions(api: PluginAPI, texts: string[]): Promise<Map<string, string>> {
  const ids = mentionedUserIds(texts.join('\n')).filter(isValidId).slice(0, MAX_RESOLVED_MENTIONS);
  const users = await Promise.all(ids.map((id) => api.users.get(id).catch(() => null)));
  return new Map(users.filter((user) => user !== null).map((user) => [user.id, user.username]));
}

function creationError(err: unknown): HttpError {
  const id = apiErrorId(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (id.includes('rate_limited')) return new HttpError(429, id, detail);
  // The server refused the post itself (its rules, another plugin): the caller's message is at fault.
  const refused = id.startsWith('model.') || id.includes('invalid') || id.includes('message_will_be_posted') || id.includes('permission');
  return new HttpError(refused ? 400 : 500, 'api.post.create_webhook_post.creating.app_error', `The webhook post could not be created: ${detail}`, detail);
}

// The post(s) a webhook message becomes (Mattermost's CreateWebhookPost and SplitWebhookPost):
// `from_webhook`, the username/icon overrides the server allows, the caller's props, Slack links as
// Markdown, and a message or attachments too long for one post spread over several.
import { badRequest } from './http-error.ts';
import { attachmentLinksToMarkdown, slackLinksToMarkdown, type SlackAttachment } from './slack-format.ts';

/** Mattermost's post message limit, in characters (runes). */
export const MAX_MESSAGE_RUNES = 16383;
/** The props of one post, as JSON characters: within what the server accepts for a post. */
export const MAX_PROPS_RUNES = 200_000;
/** Mattermost's username when overrides are on and the webhook gave none. */
const DEFAULT_WEBHOOK_USERNAME = 'webhook';
/** Props a caller may not set: the server's own markers and the overrides it decides on. */
const RESERVED_PROPS = new Set(['override_icon_url', 'override_username', 'from_webhook', 'attachments']);

export interface WebhookMessage {
  text: string;
  username: string;
  iconUrl: string;
  iconEmoji: string;
  props: Record<string, unknown>;
  /** Already processed (Slack texts expanded); their links are converted here. */
  attachments: SlackAttachment[];
  type: string;
  priority: Record<string, unknown> | null;
}

export interface OverrideSettings {
  usernameOverride: boolean;
  iconOverride: boolean;
}

/** What to create: each becomes one post, in order. */
export interface PostDraft {
  message: string;
  type: string;
  props: Record<string, unknown>;
}

export function webhookPosts(input: WebhookMessage, settings: OverrideSettings): PostDraft[] {
  if (input.priority !== null && (input.priority.priority === undefined || input.priority.priority === null)) {
    throw badRequest('api.context.invalid_param.app_error', 'Invalid webhook.priority.priority parameter: setting the priority of a post is required to use priority.');
  }
  if (input.type.startsWith('system_')) throw badRequest('api.context.invalid_param.app_error', 'Invalid post.type parameter: a webhook cannot create system messages.');
  const props: Record<string, unknown> = { from_webhook: 'true' };
  if (settings.usernameOverride) props.override_username = input.username || DEFAULT_WEBHOOK_USERNAME;
  if (settings.iconOverride) {
    if (input.iconUrl) props.override_icon_url = input.iconUrl;
    if (input.iconEmoji) props.override_icon_emoji = input.iconEmoji;
  }
  for (const [key, value] of Object.entries(input.props)) if (!RESERVED_PROPS.has(key)) props[key] = value;
  return splitPost(slackLinksToMarkdown(input.text), input.type, props, attachmentLinksToMarkdown(input.attachments));
}

/** One post per MAX_MESSAGE_RUNES of text, then the attachments added to the last while props fit. */
export function splitPost(message: string, type: string, baseProps: Record<string, unknown>, attachments: SlackAttachment[]): PostDraft[] {
  if (runes(JSON.stringify(baseProps)) > MAX_PROPS_RUNES) throw splitError();
  const drafts: PostDraft[] = [];
  const chars = [...message];
  for (let start = 0; start === 0 || start < chars.length; start += MAX_MESSAGE_RUNES) {
    drafts.push({ message: chars.slice(start, start + MAX_MESSAGE_RUNES).join(''), type, props: { ...baseProps } });
    if (chars.length === 0) break;
  }
  for (const attachment of attachments) {
    for (;;) {
      const last = drafts[drafts.length - 1];
      const current = (last.props.attachments as SlackAttachment[] | undefined) ?? [];
      const candidate = { ...last.props, attachments: [...current, attachment] };
      const size = runes(JSON.stringify(candidate));
      if (size <= MAX_PROPS_RUNES) {
        last.props = candidate;
        break;
      }
      if (current.length > 0) {
        drafts.push({ message: '', type, props: { ...baseProps } });
        continue;
      }
      // Alone and still too big: Mattermost shortens its text, if that is enough.
      const excess = size - MAX_PROPS_RUNES;
      const text = [...attachment.text];
      if (text.length < excess) throw splitError();
      last.props = { ...last.props, attachments: [{ ...attachment, text: text.slice(0, text.length - excess).join('') }] };
      break;
    }
  }
  return drafts;
}

function runes(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function splitError() {
  return badRequest('web.incoming_webhook.split_props_length.app_error', `Unable to split the webhook props into parts of ${MAX_PROPS_RUNES} characters.`);
}

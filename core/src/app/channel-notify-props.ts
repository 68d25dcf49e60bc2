// A channel membership's notification settings (Mattermost's ChannelMember NotifyProps): what a new
// member starts with, which keys a member may change, and the values each accepts with Mattermost's
// error id for a wrong one. `mark_unread: mention` is a muted channel: it counts no unread messages
// (only mentions), here and in every unread count.
import { AppError } from '../errors/app-error.ts';

export const DEFAULT_CHANNEL_NOTIFY_PROPS: Readonly<Record<string, string>> = {
  desktop: 'default',
  email: 'default',
  mark_unread: 'all',
  push: 'default',
  ignore_channel_mentions: 'default',
};

/** Mattermost's IsChannelNotifyLevelValid. */
const NOTIFY_LEVELS = ['default', 'all', 'mention', 'none'];

/** The keys PUT .../notify_props changes (Mattermost's UpdateChannelMemberNotifyProps), each with its values and error id. */
const SETTABLE: Readonly<Record<string, { values: readonly string[]; errorId: string }>> = {
  mark_unread: { values: ['all', 'mention'], errorId: 'model.channel_member.is_valid.unread_level.app_error' },
  desktop: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  desktop_threads: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  email: { values: ['default', 'true', 'false'], errorId: 'model.channel_member.is_valid.email_value.app_error' },
  push: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.push_level.app_error' },
  push_threads: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.push_level.app_error' },
  ignore_channel_mentions: { values: ['default', 'off', 'on'], errorId: 'model.channel_member.is_valid.ignore_channel_mentions_value.app_error' },
};

/**
 * The settable props among `props`, each checked: other keys are left out, as Mattermost's server
 * does (its client sends the channel and user ids in the same object); a wrong value is a 400.
 */
export function settableChannelNotifyProps(props: Readonly<Record<string, string>>): Record<string, string> {
  const settable: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    const rule = SETTABLE[key];
    if (!rule) continue;
    if (!rule.values.includes(value)) {
      throw new AppError(rule.errorId, 400, `${key} must be one of ${rule.values.join(', ')}.`, { details: `${key}=${value.slice(0, 40)}` });
    }
    settable[key] = value;
  }
  return settable;
}

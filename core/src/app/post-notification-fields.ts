// The names a notification of a post carries, as Mattermost's `posted` and
// `persistent_notification_triggered` events do: where it was posted and who posted it.
import type { Channel } from '../store/entities/channel.ts';
import type { User } from '../store/entities/user.ts';

/** `channel_display_name` (a direct message is named after its sender), `channel_name`, `channel_type`, `sender_name` and `team_id`. */
export function postNotificationFields(channel: Channel, sender: User | null | undefined): Record<string, unknown> {
  const senderName = `@${sender?.username ?? ''}`;
  return {
    channel_display_name: channel.type === 'D' ? senderName : channel.displayName,
    channel_name: channel.name,
    channel_type: channel.type,
    sender_name: senderName,
    team_id: channel.teamId,
  };
}

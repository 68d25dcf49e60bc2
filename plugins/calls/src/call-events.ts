// The events the plugin sends Mattermost's Calls clients, as `custom_com.mattermost.calls_<name>`
// with Mattermost's payloads. Every event about a channel carries `channelID` in its data, as
// Mattermost's do (its clients read `data.channelID` before `broadcast.channel_id`).
import type { PluginAPI } from '@parley/plugin-api';
import { participantUserIds, type Call } from './call-state.ts';

export type CallEventName =
  | 'call_start'
  | 'call_end'
  | 'call_state'
  | 'call_host_changed'
  | 'channel_enable_voice'
  | 'channel_disable_voice'
  | 'join'
  | 'error'
  | 'signal'
  | 'media_restarted'
  | 'user_joined'
  | 'user_left'
  | 'user_muted'
  | 'user_unmuted'
  | 'user_voice_on'
  | 'user_voice_off'
  | 'user_screen_on'
  | 'user_screen_off'
  | 'user_raise_hand'
  | 'user_unraise_hand'
  | 'user_reacted'
  | 'user_dismissed_notification'
  | 'host_mute'
  | 'host_screen_off'
  | 'host_lower_hand'
  | 'host_removed';

export class CallEvents {
  #websocket: PluginAPI['websocket'];

  constructor(websocket: PluginAPI['websocket']) {
    this.#websocket = websocket;
  }

  /** To every member of the channel (call start and end, joins and leaves: the channel shows who is in a call). */
  toChannel(event: CallEventName, channelId: string, data: Record<string, unknown>): Promise<void> {
    return this.#websocket.publish(event, { ...data, channelID: channelId }, { channel_id: channelId });
  }

  /** To the call's participants only (mute, hands, reactions: Mattermost's `UserIDs` broadcast). */
  async toParticipants(event: CallEventName, call: Call, data: Record<string, unknown>): Promise<void> {
    const payload = { ...data, channelID: call.channel_id };
    await Promise.all(participantUserIds(call).map((userId) => this.#websocket.publish(event, payload, { user_id: userId })));
  }

  /** To one user's connections (host controls aimed at them, the state after joining). */
  toUser(event: CallEventName, userId: string, data: Record<string, unknown>): Promise<void> {
    return this.#websocket.publish(event, data, { user_id: userId });
  }

  /** To one connection: the join acknowledgement, errors and signalling, which carry its `connID`. */
  toConnection(event: CallEventName, connectionId: string, data: Record<string, unknown>): Promise<void> {
    return this.#websocket.publish(event, { ...data, connID: connectionId }, { connection_id: connectionId });
  }
}

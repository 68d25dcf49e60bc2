// The system messages Mattermost's server posts when people join, leave or change a channel or team:
// the same post types, props, English texts and authors, so Mattermost's clients render them.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { User } from '../store/entities/user.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { PostService, SystemPost } from './post-service.ts';
import { TOWN_SQUARE } from './default-channels.ts';

export interface SystemMessageDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  posts: PostService;
}

/** The channel fields whose changes are announced, with Mattermost's post type, props and wording. */
const CHANGE_MESSAGES = {
  header: { type: 'system_header_change', oldProp: 'old_header', newProp: 'new_header', noun: 'channel header' },
  purpose: { type: 'system_purpose_change', oldProp: 'old_purpose', newProp: 'new_purpose', noun: 'channel purpose' },
} as const;

/**
 * Each method posts after (archiving: just before) the action it reports. Changes made without a person
 * behind them (`actorId` '', e.g. a plugin without a bot) post nothing: Mattermost would post as its
 * system bot, which Parley does not have.
 */
export class SystemMessages {
  #deps: SystemMessageDeps;

  constructor(deps: SystemMessageDeps) {
    this.#deps = deps;
  }

  /** A user joined a channel: by themselves (`system_join_channel`) or added by `actorId` (`system_add_to_channel`). */
  async joinedChannel(channel: Channel, userId: string, actorId: string, ctx: HookContext): Promise<void> {
    await this.#post(channel, ctx, async () => {
      const user = await this.#user(userId);
      if (actorId === '' || actorId === userId) return userMessage(user, 'system_join_channel', `${user.username} joined the channel.`);
      return addMessage(await this.#user(actorId), user, 'system_add_to_channel', 'channel');
    });
  }

  /** A user left a channel (`system_leave_channel`) or `actorId` removed them (`system_remove_from_channel`). */
  async leftChannel(channel: Channel, userId: string, actorId: string, ctx: HookContext): Promise<void> {
    if (channel.name === TOWN_SQUARE && !this.#defaultChannelMessages()) return;
    // Leaving a group message is not announced; nobody joins or leaves a direct message.
    if (actorId === '' || channel.type === 'G') return;
    await this.#post(channel, ctx, async () => {
      const user = await this.#user(userId);
      // "@username" so the text reads as a mention of someone no longer in the channel (the client renders its own text).
      if (actorId === userId) return userMessage(user, 'system_leave_channel', `@${user.username} left the channel.`);
      return {
        userId: actorId,
        type: 'system_remove_from_channel',
        message: `@${user.username} removed from the channel.`,
        props: { removedUserId: user.id, removedUsername: user.username },
      };
    });
  }

  /**
   * A user joined a team: in town-square `system_join_team` (or `system_add_to_team` when `actorId` added
   * them), in the other default channels the channel join/add message.
   */
  async joinedTeam(defaultChannelIds: readonly string[], userId: string, actorId: string, ctx: HookContext): Promise<void> {
    if (!this.#defaultChannelMessages()) return;
    for (const channelId of defaultChannelIds) {
      const channel = await this.#deps.store.channels.findById(channelId);
      if (!channel) continue;
      if (channel.name !== TOWN_SQUARE) {
        await this.joinedChannel(channel, userId, actorId, ctx);
        continue;
      }
      await this.#post(channel, ctx, async () => {
        const user = await this.#user(userId);
        if (actorId === '' || actorId === userId) return userMessage(user, 'system_join_team', `${user.username} joined the team.`);
        return addMessage(await this.#user(actorId), user, 'system_add_to_team', 'team');
      });
    }
  }

  /** A user left a team (`system_leave_team`) or was removed (`system_remove_from_team`): posted in town-square, by that user. */
  async leftTeam(teamId: string, userId: string, actorId: string, ctx: HookContext): Promise<void> {
    if (!this.#defaultChannelMessages()) return;
    const channel = await this.#deps.store.channels.findByName(teamId, TOWN_SQUARE);
    if (!channel || channel.deleteAt > 0) return;
    await this.#post(channel, ctx, async () => {
      const user = await this.#user(userId);
      if (actorId === userId) return userMessage(user, 'system_leave_team', `${user.username} left the team.`);
      return userMessage(user, 'system_remove_from_team', `${user.username} removed from the team.`);
    });
  }

  /** The header or purpose of a channel changed: "updated to", "updated from ... to" or "removed". */
  async fieldChanged(channel: Channel, field: keyof typeof CHANGE_MESSAGES, before: string, after: string, actorId: string, ctx: HookContext): Promise<void> {
    if (actorId === '') return;
    const { type, oldProp, newProp, noun } = CHANGE_MESSAGES[field];
    await this.#post(channel, ctx, async () => {
      const { username } = await this.#user(actorId);
      let message = `${username} updated the ${noun} from: ${before} to: ${after}`;
      if (before === '') message = `${username} updated the ${noun} to: ${after}`;
      else if (after === '') message = `${username} removed the ${noun} (was: ${before})`;
      return { userId: actorId, type, message, props: { username, [oldProp]: before, [newProp]: after } };
    });
  }

  async displayNameChanged(channel: Channel, before: string, after: string, actorId: string, ctx: HookContext): Promise<void> {
    if (actorId === '') return;
    await this.#post(channel, ctx, async () => {
      const { username } = await this.#user(actorId);
      return {
        userId: actorId,
        type: 'system_displayname_change',
        message: `${username} updated the channel display name from: ${before} to: ${after}`,
        props: { username, old_displayname: before, new_displayname: after },
      };
    });
  }

  /** Posted just before the channel is archived, so it is the channel's last post. */
  async archived(channel: Channel, actorId: string, ctx: HookContext): Promise<void> {
    if (actorId === '') return;
    await this.#post(channel, ctx, async () => {
      const user = await this.#user(actorId);
      return userMessage(user, 'system_channel_deleted', `${user.username} archived the channel.`);
    });
  }

  async restored(channel: Channel, actorId: string, ctx: HookContext): Promise<void> {
    if (actorId === '') return;
    await this.#post(channel, ctx, async () => {
      const user = await this.#user(actorId);
      return userMessage(user, 'system_channel_restored', `${user.username} unarchived the channel.`);
    });
  }

  /** Mattermost's system_change_chan_privacy, after a channel became public or private. */
  async privacyChanged(channel: Channel, actorId: string, ctx: HookContext): Promise<void> {
    await this.#post(channel, ctx, async () => {
      const user = await this.#user(actorId);
      const text = channel.type === 'O' ? 'This channel has been converted to a Public Channel and can be joined by any team member.' : 'This channel has been converted to a Private Channel.';
      return userMessage(user, 'system_change_chan_privacy', text);
    });
  }

  /**
   * Mattermost's system_gm_to_channel, after a group message became a private channel: its text,
   * and the props its clients build a translated sentence from.
   */
  async groupMessageConverted(channel: Channel, actorId: string, members: readonly User[], ctx: HookContext): Promise<void> {
    await this.#post(channel, ctx, async () => {
      const actor = await this.#user(actorId);
      const names = members.map((m) => m.username).sort();
      return {
        userId: actor.id,
        type: 'system_gm_to_channel',
        message: `${actor.username} created this channel from a group message with ${joinList(names)}.`,
        props: { convertedByUserId: actor.id, gmMembersDuringConversionIDs: members.map((m) => m.id) },
      };
    });
  }

  /** A system message never fails the action it reports (Mattermost logs and carries on). */
  async #post(channel: Channel, ctx: HookContext, build: () => Promise<SystemPost>): Promise<void> {
    let message: SystemPost | undefined;
    try {
      message = await build();
      await this.#deps.posts.createSystem(channel, message, ctx);
    } catch (err) {
      this.#deps.logger.warn('could not post a system message', { channel_id: channel.id, type: message?.type ?? '', error: String(err) });
    }
  }

  async #user(userId: string): Promise<User> {
    const user = await this.#deps.store.users.findById(userId);
    if (!user) throw new Error(`user ${userId} not found`);
    return user;
  }

  /** ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages: team joins and leaves, and leaving town-square. */
  #defaultChannelMessages(): boolean {
    return this.#deps.config.get().ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages;
  }
}

/** A message by the user it is about (or who acted), with their username in the props. */
function userMessage(user: User, type: string, message: string): SystemPost {
  return { userId: user.id, type, message, props: { username: user.username } };
}

function addMessage(actor: User, added: User, type: string, scope: 'channel' | 'team'): SystemPost {
  return {
    userId: actor.id,
    type,
    message: `${added.username} added to the ${scope} by ${actor.username}.`,
    props: { userId: actor.id, username: actor.username, addedUserId: added.id, addedUsername: added.username },
  };
}

/** Mattermost's English list: "a", "a and b", "a, b and c". */
function joinList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

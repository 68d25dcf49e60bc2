// Channel moderation, the System Console's per-channel permissions (Mattermost's GET
// /channels/{id}/moderations and PUT .../moderations/patch): turning a moderated permission off for a
// channel's members or guests, and on again. Roles here are Mattermost's default scheme, fixed in
// code, so what a channel keeps is what it takes away (Channel.moderatedOff); the permission
// service applies it to every check. Writing it reports an access write (channel-repository.ts
// update), so every node forgets the channel's cached grants at once.
import type { Store } from '../store/store.ts';
import type { Channel, ModeratedOff } from '../store/entities/channel.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import type { PermissionService } from './permission-service.ts';
import { rolesGrant } from './roles.ts';
import { MODERATED_PERMISSIONS, MODERATED_ROLE_NAMES, permissionsOf, type ModeratedPermission, type ModeratedRole } from './moderated-permissions.ts';

/** One audience's state of a moderated permission: whether it has it, and whether the channel may give it at all. */
export interface ModeratedState {
  value: boolean;
  enabled: boolean;
}

/** Mattermost's ChannelModeration; `guests` is null for manage_members, which guests never have. */
export interface ChannelModerationView {
  name: ModeratedPermission;
  members: ModeratedState;
  guests: ModeratedState | null;
}

/** Mattermost's ChannelModerationPatch: a new value per audience, or undefined to leave it. */
export interface ChannelModerationPatch {
  name: ModeratedPermission;
  members?: boolean;
  guests?: boolean;
}

export interface ChannelModerationDeps {
  store: Store;
  permissions: PermissionService;
  events: AppEvents;
}

export class ChannelModerationService {
  #deps: ChannelModerationDeps;

  constructor(deps: ChannelModerationDeps) {
    this.#deps = deps;
  }

  async get(actor: Actor, channelId: string): Promise<ChannelModerationView[]> {
    this.#deps.permissions.requireSystem(actor, 'sysconsole_read_user_management_channels');
    return moderationsOf(await this.#teamChannel(channelId));
  }

  async patch(actor: Actor, channelId: string, patches: readonly ChannelModerationPatch[]): Promise<ChannelModerationView[]> {
    this.#deps.permissions.requireSystem(actor, 'sysconsole_write_user_management_channels');
    const channel = await this.#teamChannel(channelId);
    const off: ModeratedOff = { members: [...(channel.moderatedOff?.members ?? [])], guests: [...(channel.moderatedOff?.guests ?? [])] };
    for (const patch of patches) {
      for (const audience of ['members', 'guests'] as const) {
        const wanted = patch[audience];
        if (wanted === undefined) continue;
        if (wanted && !roleGrants(audience, patch.name, channel.type)) throw restrictedByScheme(patch.name, audience);
        off[audience] = off[audience].filter((name) => name !== patch.name);
        if (!wanted && roleGrants(audience, patch.name, channel.type)) off[audience].push(patch.name);
      }
    }
    const next = normalized(off);
    if (JSON.stringify(next) === JSON.stringify(channel.moderatedOff ?? null)) return moderationsOf(channel);
    const updated = await this.#deps.store.channels.update(channel.id, { moderatedOff: next });
    if (!updated) throw AppError.notFound('channel', channelId);
    // Mattermost's event when a channel's scheme changes: clients read the channel and its roles again.
    this.#deps.events.publish({ event: 'channel_scheme_updated', broadcast: { channel_id: channel.id } });
    return moderationsOf(updated);
  }

  /** Moderation is for the channels of a team; direct and group messages have none. */
  async #teamChannel(channelId: string): Promise<Channel> {
    const channel = await this.#deps.store.channels.findById(channelId);
    if (!channel) throw AppError.notFound('channel', channelId);
    if (channel.type !== 'O' && channel.type !== 'P') {
      throw AppError.badRequest('api.channel.moderations.team_channel_only.app_error', 'Only public and private channels have moderation settings; direct and group messages have none.', `channel_id=${channelId}`);
    }
    return channel;
  }
}

function moderationsOf(channel: Channel): ChannelModerationView[] {
  const state = (audience: ModeratedRole, name: ModeratedPermission): ModeratedState => {
    const enabled = roleGrants(audience, name, channel.type);
    return { value: enabled && !(channel.moderatedOff?.[audience] ?? []).includes(name), enabled };
  };
  return MODERATED_PERMISSIONS.map((name) => ({ name, members: state('members', name), guests: name === 'manage_members' ? null : state('guests', name) }));
}

/** Whether the audience's role (the higher scope, in Mattermost's words) grants the moderated permission at all. */
function roleGrants(audience: ModeratedRole, name: ModeratedPermission, channelType: string): boolean {
  return permissionsOf(name, channelType).every((permission) => rolesGrant([MODERATED_ROLE_NAMES[audience]], permission));
}

/** In Mattermost's order, and null when nothing is taken away (the channel is as if never moderated). */
function normalized(off: ModeratedOff): ModeratedOff | null {
  const ordered = (names: string[]) => MODERATED_PERMISSIONS.filter((name) => names.includes(name));
  const next = { members: ordered(off.members), guests: ordered(off.guests) };
  return next.members.length === 0 && next.guests.length === 0 ? null : next;
}

function restrictedByScheme(name: string, audience: ModeratedRole): AppError {
  return AppError.badRequest(
    'api.channel.patch_channel_moderations.restricted.app_error',
    `Cannot give ${audience} ${name}: the permission scheme does not grant it to them in any channel.`,
    `permission=${name} role=${audience}`,
  );
}

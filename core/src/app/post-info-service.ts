// GET /posts/{post_id}/info (Mattermost 9.x+): where a post lives, for someone who may not read it
// yet — a permalink to a channel or team they have not joined, which the client then offers to
// join. Mattermost's rule: the team must be theirs, or one they may join (an open team with
// join_public_teams, an invite-only one with join_private_teams); the channel must be theirs, public,
// a private one whose members they may manage, or a direct or group message they may read.
// Everything else is 404, as if the post did not exist, so ids reveal nothing.
import type { Store } from '../store/store.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { Team } from '../store/entities/team.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { ChannelAccess, PermissionService } from './permission-service.ts';

export interface PostInfoDeps {
  store: Store;
  permissions: PermissionService;
}

/** Mattermost's PostInfo: the post's channel, and its team when it has one. */
export interface PostInfo {
  channel: Channel;
  hasJoinedChannel: boolean;
  team: Team | null;
  hasJoinedTeam: boolean;
}

export class PostInfoService {
  #deps: PostInfoDeps;

  constructor(deps: PostInfoDeps) {
    this.#deps = deps;
  }

  async get(actor: Actor, postId: string): Promise<PostInfo> {
    const { store, permissions } = this.#deps;
    const post = await store.posts.findById(postId);
    if (!post || post.deleteAt > 0) throw postNotFound(postId);
    const access = await permissions.channelAccess(actor, post.channelId);
    if (!access) throw postNotFound(postId);
    const { channel } = access;
    const hasJoinedTeam = access.teamMember !== null && access.teamMember.deleteAt === 0;
    let team: Team | null = null;
    if (channel.teamId !== '') {
      team = await store.teams.findById(channel.teamId);
      if (!team || !(hasJoinedTeam || (await permissions.hasTeam(actor, team.id, team.allowOpenInvite ? 'join_public_teams' : 'join_private_teams')))) {
        throw postNotFound(postId);
      }
    }
    const hasJoinedChannel = access.member !== null;
    if (!hasJoinedChannel && !(await this.#mayFindChannel(actor, access))) throw postNotFound(postId);
    return { channel, hasJoinedChannel, team, hasJoinedTeam: team !== null && hasJoinedTeam };
  }

  async #mayFindChannel(actor: Actor, access: ChannelAccess): Promise<boolean> {
    switch (access.channel.type) {
      case 'O':
        return true;
      case 'P':
        return this.#deps.permissions.hasChannel(actor, access, 'manage_private_channel_members');
      default:
        return this.#deps.permissions.canReadChannel(actor, access);
    }
  }
}

function postNotFound(postId: string): AppError {
  return new AppError('app.post.get.app_error', 404, 'Unable to find the post.', { details: `post_id=${postId}` });
}

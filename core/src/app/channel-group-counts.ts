// GET /channels/{id}/member_counts_by_group (Mattermost's channelMemberCountsByGroup): how many of a
// channel's members each group has, and in how many time zones, which clients show before a
// @group mention notifies them ("this will notify N people in M time zones").
import type { Store } from '../store/store.ts';
import type { GroupMemberCount } from '../store/group-repository.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export class ChannelGroupCounts {
  #deps: { store: Store; permissions: PermissionService };

  constructor(deps: { store: Store; permissions: PermissionService }) {
    this.#deps = deps;
  }

  /** For whoever may read the channel; a channel that does not exist is refused alike (403). */
  async memberCounts(actor: Actor, channelId: string, withTimezones: boolean): Promise<GroupMemberCount[]> {
    await this.#deps.permissions.requireReadChannel(actor, channelId);
    return this.#deps.store.groups.memberCountsInChannel(channelId, withTimezones);
  }
}

// Who belongs to a channel or team, for those who deliver to members: the WebSocket hub resolving
// an event's audience, a typing notice checking its sender. Answered from the store today; the
// place where memberships can be kept warm without the callers noticing.
import type { Repositories } from '../store/store.ts';

export class MembershipService {
  #store: Repositories;

  constructor(store: Repositories) {
    this.#store = store;
  }

  channelMemberIds(channelId: string): Promise<string[]> {
    return this.#store.channels.memberUserIds(channelId);
  }

  /** Members of the team who have not left it. */
  teamMemberIds(teamId: string): Promise<string[]> {
    return this.#store.teams.activeMemberUserIds(teamId);
  }

  async isChannelMember(channelId: string, userId: string): Promise<boolean> {
    return (await this.#store.channels.findMember(channelId, userId)) !== null;
  }
}

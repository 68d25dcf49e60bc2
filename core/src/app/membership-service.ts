// Who belongs where, for those who deliver to members: the WebSocket hub loads a connecting user's
// channels and teams once, and keeps them current from the membership changes the services publish
// (membershipChanged) — so delivering an event never waits on the database.
import type { MembershipChange } from '../cluster/event-bus.ts';
import { MEMBERSHIP_CHANGED } from '../cluster/event-bus.ts';
import type { Repositories } from '../store/store.ts';
import type { AppEvent } from './app-events.ts';

export interface UserMemberships {
  channelIds: string[];
  /** Teams the user is in now (not those they left). */
  teamIds: string[];
}

export class MembershipService {
  #store: Repositories;

  constructor(store: Repositories) {
    this.#store = store;
  }

  async membershipsOf(userId: string): Promise<UserMemberships> {
    const [channelIds, teamIds] = await Promise.all([this.#store.channels.channelIdsOfUser(userId), this.#store.teams.teamIdsOfUser(userId)]);
    return { channelIds, teamIds };
  }
}

/**
 * The server-internal event telling every node's hub that `userIds` joined or left a channel or
 * team. Published right after the change is stored and before any client event about it, which the
 * hubs then deliver to the new members (and no longer to those who left).
 */
export function membershipChanged(scope: MembershipChange['scope'], id: string, userIds: readonly string[], joined: boolean): AppEvent {
  return { event: MEMBERSHIP_CHANGED, membership: { scope, id, userIds: [...userIds], joined }, broadcast: {} };
}

// User presence: online while a WebSocket is connected, offline when the last one closes, and the
// statuses people choose themselves (away, dnd, offline), which automatic changes never override.
// People choose their own status; setting someone else's needs edit_other_users. A do-not-disturb
// may be timed (Mattermost's dnd_end_time): when it ends, the status it replaced comes back
// (endDueDnd, run every minute by dnd-expiry.ts).
import type { AppEvents } from './app-events.ts';
import type { Repositories } from '../store/store.ts';
import { Status } from '../store/entities/status.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export const USER_STATUSES = ['online', 'away', 'dnd', 'offline'] as const;
export type UserStatusValue = (typeof USER_STATUSES)[number];

export function isUserStatus(value: string): value is UserStatusValue {
  return (USER_STATUSES as readonly string[]).includes(value);
}

/** Activity keeps an online user online: recording it once a minute is enough. */
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;
const MAX_TRACKED_ACTIVITY = 100_000;

/** How many statuses `get_statuses` returns at most. */
const ACTIVE_STATUS_LIMIT = 10_000;

export interface StatusDeps {
  store: Repositories;
  events: AppEvents;
  permissions: PermissionService;
}

export class StatusService {
  #deps: StatusDeps;
  /** Changes to one user's status run one after another, so a quick reconnect cannot end offline. */
  #pending = new Map<string, Promise<unknown>>();
  /** When each user was last recorded online through activity; dropped whenever their status changes. */
  #lastActivityWrite = new Map<string, number>();

  constructor(deps: StatusDeps) {
    this.#deps = deps;
  }

  /** The user's status; a user never seen (or an unknown id) is offline, as in Mattermost. */
  async get(userId: string): Promise<Status> {
    return (await this.#deps.store.statuses.findById(userId)) ?? offline(userId);
  }

  /** One status per distinct id, in the order asked. */
  async getMany(userIds: readonly string[]): Promise<Status[]> {
    const unique = [...new Set(userIds)];
    const found = new Map((await this.#deps.store.statuses.findByIds(unique)).map((s) => [s.userId, s]));
    return unique.map((id) => found.get(id) ?? offline(id));
  }

  /** Everyone online, away or in do-not-disturb. */
  listActive(): Promise<Status[]> {
    return this.#deps.store.statuses.listNotOffline(ACTIVE_STATUS_LIMIT);
  }

  /** Online has no manual form: choosing it clears a manual status, an automatic one leaves it alone. */
  setOnline(userId: string, manual: boolean): Promise<Status> {
    return this.#change(userId, (current) => (current?.manual && !manual ? null : { status: 'online', manual: false }));
  }

  /**
   * Activity such as posting with `set_online`: makes the user online unless they chose a status,
   * without a database write per request while they already are.
   */
  async recordActivity(userId: string): Promise<void> {
    const now = Date.now();
    const last = this.#lastActivityWrite.get(userId);
    if (last !== undefined && now - last < ACTIVITY_WRITE_INTERVAL_MS) return;
    const status = await this.setOnline(userId, false);
    if (status.status !== 'online') return;
    if (this.#lastActivityWrite.size >= MAX_TRACKED_ACTIVITY) this.#lastActivityWrite.clear();
    this.#lastActivityWrite.set(userId, now);
  }

  setAway(userId: string, manual: boolean): Promise<Status> {
    return this.#change(userId, (current) => (current?.manual && !manual ? null : { status: 'away', manual }));
  }

  setOffline(userId: string, manual: boolean): Promise<Status> {
    return this.#change(userId, (current) => (current?.manual && !manual ? null : { status: 'offline', manual }));
  }

  /**
   * PUT /users/{id}/status: the status a person chose, set by them or, for them, by an admin or a
   * plugin; `dndEndTime` (epoch seconds, in the future) times a do-not-disturb.
   */
  async setChosen(actor: Actor, userId: string, status: UserStatusValue, dndEndTime = 0): Promise<Status> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    // A person setting their own status exists; anyone else names a user who must.
    if (actor.kind !== 'user' || actor.userId !== userId) {
      if (!(await this.#deps.store.users.findById(userId))) throw AppError.notFound('user', userId);
    }
    switch (status) {
      case 'online':
        return this.setOnline(userId, true);
      case 'away':
        return this.setAway(userId, true);
      case 'offline':
        return this.setOffline(userId, true);
      case 'dnd':
        if (dndEndTime > 0 && dndEndTime * 1000 <= Date.now()) throw AppError.invalidParam('dnd_end_time', 'must be in the future (epoch seconds), or 0 for no end');
        return this.#change(userId, (current) => ({
          status: 'dnd',
          manual: true,
          dndEndTime,
          // A timed do-not-disturb chosen over another keeps the status from before the first.
          prevStatus: dndEndTime > 0 ? (current?.status === 'dnd' ? current.prevStatus : (current?.status ?? 'offline')) : '',
        }));
    }
  }

  /** Ends the timed do-not-disturbs due by `now` (epoch ms), telling each person's clients their status. */
  async endDueDnd(now = Date.now()): Promise<number> {
    const ended = await this.#deps.store.statuses.endDueDnd(Math.floor(now / 1000));
    for (const { userId, status } of ended) {
      this.#lastActivityWrite.delete(userId);
      this.#deps.events.publish({ event: 'status_change', data: { status, user_id: userId }, broadcast: { user_id: userId } });
    }
    return ended.length;
  }

  /** Runs `decide` on the current status after earlier changes for the user; null keeps it as it is. */
  #change(userId: string, decide: (current: Status | null) => StatusChange | null): Promise<Status> {
    const previous = this.#pending.get(userId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const current = await this.#deps.store.statuses.findById(userId);
      const next = decide(current);
      if (!next) return current ?? offline(userId);
      if (next.status !== 'online') this.#lastActivityWrite.delete(userId);
      const updated = Object.assign(new Status(), { userId, status: next.status, manual: next.manual, lastActivityAt: Date.now(), dndEndTime: next.dndEndTime ?? 0, prevStatus: next.prevStatus ?? '' });
      await this.#deps.store.statuses.upsert(updated);
      if ((current?.status ?? 'offline') !== updated.status) {
        this.#deps.events.publish({ event: 'status_change', data: { status: updated.status, user_id: userId }, broadcast: { user_id: userId } });
      }
      return updated;
    });
    this.#pending.set(userId, run);
    const forget = () => {
      if (this.#pending.get(userId) === run) this.#pending.delete(userId);
    };
    run.then(forget, forget);
    return run;
  }
}

/** A status to store; any change but a timed do-not-disturb ends the timing. */
interface StatusChange {
  status: UserStatusValue;
  manual: boolean;
  dndEndTime?: number;
  prevStatus?: string;
}

function offline(userId: string): Status {
  return Object.assign(new Status(), { userId, status: 'offline', manual: false, lastActivityAt: 0, dndEndTime: 0, prevStatus: '' });
}


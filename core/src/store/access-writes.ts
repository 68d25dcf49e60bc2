// Who may reach a channel rests on a few columns: the channel's team and type, and one user's
// membership rows in it and in its team (their roles and scheme flags, a team row's delete_at). The
// repositories report every write to those columns here, so that what is kept from them elsewhere
// (the permission service's cache of channel grants) can be forgotten. A write in a transaction is
// reported once it commits: before that, readers still see the old rows, and a reader that filled
// its cache from them in between must be told afterwards. Writes to the other columns of these
// tables (read counts, last_viewed_at, a channel's post counters) are not access writes.
import { Repository, type EntityManagers } from './repository.ts';

/**
 * What a write touched: one user's memberships in one channel, all of one user's memberships (team
 * rows, guest flags, leaving a team's channels), or a whole channel (its team, type or archive).
 */
export type AccessWrite = { channelId: string; userId: string } | { userId: string; channelId?: undefined } | { channelId: string; userId?: undefined };

export type AccessWriteListener = (write: AccessWrite) => void;

/** Where a repository reports an access write: at once outside transactions, at commit inside one. */
export type ReportAccessWrite = (write: AccessWrite) => void;

/** The store's listeners for committed access writes. */
export class AccessWrites {
  #listeners = new Set<AccessWriteListener>();

  /** Calls `listener` after each committed access write; returns the function that stops it. */
  listen(listener: AccessWriteListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  readonly report: ReportAccessWrite = (write) => {
    for (const listener of this.#listeners) listener(write);
  };
}

/** A repository that writes access columns and reports it (channels, teams, guests). */
export abstract class AccessRepository extends Repository {
  #report: ReportAccessWrite;

  constructor(managers: EntityManagers, reportAccessWrite: ReportAccessWrite) {
    super(managers);
    this.#report = reportAccessWrite;
  }

  /** Reports a write to access columns; call it after the statement succeeded. */
  protected accessWritten(write: AccessWrite): void {
    this.#report(write);
  }
}

import { Repository } from './repository.ts';

export class SystemRepository extends Repository {
  /** The value stored under `name`, or undefined when there is none. */
  async get(name: string): Promise<string | undefined> {
    const [row] = await this.sql<{ value: string }>(`select value from systems where name = ?`, [name]);
    return row?.value;
  }

  /** Stores `value` under `name`, replacing what was there. */
  async set(name: string, value: string): Promise<void> {
    await this.sql(`insert into systems (name, value) values (?, ?) on conflict (name) do update set value = excluded.value`, [name, value]);
  }

  /**
   * The value stored under `name`; when there is none yet, `proposed` is stored and returned. Two
   * nodes proposing at once both get the one value that was stored first.
   */
  async getOrCreate(name: string, proposed: string): Promise<string> {
    const rows = await this.sql<{ value: string }>(
      `with inserted as (insert into systems (name, value) values (?, ?) on conflict (name) do nothing returning value)
       select value from inserted union all select value from systems where name = ?`,
      [name, proposed, name],
    );
    if (rows[0]) return rows[0].value;
    // Another node inserted it at the same moment (two nodes starting a plugin at once): its row,
    // committed before this statement's insert gave way, was not in the statement's snapshot.
    const [stored] = await this.sql<{ value: string }>(`select value from systems where name = ?`, [name]);
    return stored!.value;
  }

  /**
   * Claims a periodic run named `name` for this node: true when the last claimed run (epoch ms kept
   * under `name`) is at least `intervalMs` before `now`, and records `now` in the same statement, so
   * of several nodes asking at once exactly one wins.
   */
  async claimPeriodicRun(name: string, now: number, intervalMs: number): Promise<boolean> {
    const rows = await this.sql<{ value: string }>(
      `insert into systems (name, value) values (?, ?) on conflict (name) do update set value = excluded.value
       where systems.value ~ '^[0-9]+$' and systems.value::bigint <= ? returning value`,
      [name, String(now), now - intervalMs],
    );
    return rows.length > 0;
  }
}

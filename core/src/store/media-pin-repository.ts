// Which node's media service hosts each media call of a cluster (its pin), and which nodes' media
// services are alive (their heartbeats). Times are the database's clock, so nodes whose clocks
// disagree still agree on who has lapsed.
import { DB_NOW, Repository, TEXT_LIST } from './repository.ts';

export class MediaPinRepository extends Repository {
  /** The node hosting `call`, pinning it to `nodeId` when no node does. */
  async claim(call: string, nodeId: string): Promise<string> {
    const rows = await this.sql<{ node_id: string }>(
      `with claimed as (insert into media_call_pins ("call", node_id, create_at) values (?, ?, ${DB_NOW}) on conflict ("call") do nothing returning node_id)
       select node_id from claimed union all select node_id from media_call_pins where "call" = ?`,
      [call, nodeId, call],
    );
    // A claim racing another node's sees neither its own row nor the other's (the statement's
    // snapshot predates it): the other's is committed by now.
    return rows[0]?.node_id ?? (await this.holder(call)) ?? nodeId;
  }

  /** The node hosting `call`, or null when none does. */
  async holder(call: string): Promise<string | null> {
    const rows = await this.sql<{ node_id: string }>(`select node_id from media_call_pins where "call" = ?`, [call]);
    return rows[0]?.node_id ?? null;
  }

  /** Unpins `call` if `nodeId` hosts it. */
  async release(call: string, nodeId: string): Promise<void> {
    await this.sql(`delete from media_call_pins where "call" = ? and node_id = ?`, [call, nodeId]);
  }

  /** Those of `calls` not pinned to `nodeId` (any more): another node took them over. */
  async disowned(nodeId: string, calls: string[]): Promise<string[]> {
    if (calls.length === 0) return [];
    const rows = await this.sql<{ call: string }>(
      `select c as "call" from unnest(${TEXT_LIST}) as c where not exists (select 1 from media_call_pins p where p."call" = c and p.node_id = ?)`,
      [JSON.stringify(calls), nodeId],
    );
    return rows.map((row) => row.call);
  }

  /** Says `nodeId`'s media service is alive now. */
  async beat(nodeId: string): Promise<void> {
    await this.sql(`insert into media_nodes (node_id, seen_at) values (?, ${DB_NOW}) on conflict (node_id) do update set seen_at = excluded.seen_at`, [nodeId]);
  }

  /** `nodeId`'s media service stopped: its calls are free to be taken over at once. */
  async leave(nodeId: string): Promise<void> {
    await this.sql(`delete from media_nodes where node_id = ?`, [nodeId]);
  }

  /**
   * Pins to `nodeId` every call hosted by a node not heard from in `lapseMs` (or gone); answers the
   * calls taken. Each call goes to one taker: a row another node took first no longer matches.
   * Lapsed nodes are forgotten on the way.
   */
  async takeOver(nodeId: string, lapseMs: number): Promise<string[]> {
    const rows = await this.sql<{ call: string }>(
      `with lapsed as (delete from media_nodes where seen_at <= ${DB_NOW} - ? returning node_id)
       update media_call_pins set node_id = ?
       where node_id <> ? and (node_id in (select node_id from lapsed) or node_id not in (select node_id from media_nodes))
       returning "call"`,
      [lapseMs, nodeId, nodeId],
    );
    return rows.map((row) => row.call);
  }
}

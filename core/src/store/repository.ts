// What every repository shares: an entity manager (a fresh fork per call, or the transaction's)
// and raw SQL for the queries the ORM's builder would only obscure, sent with its values apart.
// Raw SQL needs no fork (no identity map, no unit of work): only a connection, the transaction's
// when there is one, and the entities' metadata.
import type { EntityManager } from '@mikro-orm/postgresql';
import { DeadlockException } from '@mikro-orm/core';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { numberedPlaceholders } from './placeholders.ts';
import { translated } from './store-errors.ts';
import { mapRow, mapRows } from './row-mapper.ts';

export interface EntityManagers {
  /** For the ORM's operations: a fresh fork per call outside transactions, the transaction's inside. */
  orm: () => EntityManager;
  /**
   * For raw SQL: the transaction's inside one; outside, one long-lived fork of which only the
   * connection, driver and metadata are used (never its identity map).
   */
  sql: EntityManager;
}

/**
 * A list of text values (ids, names) in raw SQL, for `column = any(${TEXT_LIST})` with the values
 * as one JSON string parameter (`JSON.stringify(ids)`): one parameter whatever the list's length,
 * so the statement stays one prepared statement. The array is built once (an InitPlan), so
 * PostgreSQL uses the column's index — where `column in (select jsonb_array_elements_text(...))`
 * is planned as a hash join over a whole-table scan: milliseconds instead of a tenth of one at a
 * few ten thousand posts.
 */
export const TEXT_LIST = 'array(select jsonb_array_elements_text(cast(? as jsonb)))';

/**
 * The database's clock in milliseconds since the epoch, for times that several nodes compare (lock
 * expiries, heartbeats): their own clocks may disagree, the database's is one.
 */
export const DB_NOW = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** Runs of a statement outside a transaction that PostgreSQL may abort as a deadlock's victim before the error is the caller's. */
const DEADLOCK_ATTEMPTS = 3;

export abstract class Repository {
  #managers: EntityManagers;

  constructor(managers: EntityManagers) {
    this.#managers = managers;
  }

  /** The entity manager for one operation: a fresh fork outside transactions, the transaction's inside. */
  protected em(): EntityManager {
    return this.#managers.orm();
  }

  /** One row (or a `to_jsonb` object of the same keys) as an instance of `entity` (row-mapper.ts). */
  protected mapRow<T extends object>(entity: new () => T, row: Record<string, unknown>): T {
    return mapRow(this.#managers.sql, entity, row);
  }

  /**
   * Runs SQL with `?` placeholders, inside the current transaction when there is one. The values go
   * to PostgreSQL apart from the text (as a named prepared statement: prepared-statements.ts), not
   * inlined into it as the ORM's execute() does. Driver errors come back as UniqueViolation /
   * MissingReference.
   */
  protected async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    return (await translated(() => this.#execute(query, params))) as T[];
  }

  /** Rows of `select *` (or the same columns) of an entity's table as entities, without ORM hydration (row-mapper.ts). */
  protected async select<T extends object>(entity: new () => T, query: string, params: unknown[] = []): Promise<T[]> {
    return mapRows(this.#managers.sql, entity, await translated(() => this.#execute(query, params)));
  }

  /** The first row of select(), or null. */
  protected async selectOne<T extends object>(entity: new () => T, query: string, params: unknown[] = []): Promise<T | null> {
    return (await this.select(entity, query, params))[0] ?? null;
  }

  async #execute(query: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
    const em = this.#managers.sql;
    const text = numberedPlaceholders(query);
    const transaction = em.getTransactionContext<Transaction<unknown>>();
    for (let attempt = 1; ; attempt++) {
      // The transaction's connection when there is one, else the pool.
      const client: Pick<Kysely<unknown>, 'executeQuery'> = transaction ?? em.getConnection().getClient();
      const started = Date.now();
      try {
        const { rows } = await client.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params));
        // What SqlSettings.Trace shows, as for the ORM's own queries.
        em.config.getLogger().logQuery({ query: text, params, took: Date.now() - started, results: rows.length, level: 'info' });
        return rows;
      } catch (err) {
        const converted = em.getDriver().convertException(err as Error);
        // A statement PostgreSQL chose as a deadlock's victim was rolled back whole; on its own (no
        // transaction around it) it can simply run again. Inside a transaction the whole work must.
        if (!transaction && converted instanceof DeadlockException && attempt < DEADLOCK_ATTEMPTS) continue;
        throw converted;
      }
    }
  }

  /** Runs a write through the ORM with driver errors translated. */
  protected write<T>(operation: (em: EntityManager) => Promise<T>): Promise<T> {
    return translated(() => operation(this.em()));
  }
}

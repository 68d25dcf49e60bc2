// What every repository shares: an entity manager (a fresh fork per call, or the transaction's)
// and raw SQL for the queries the ORM's builder would only obscure.
import type { EntityManager } from '@mikro-orm/postgresql';
import { translated } from './store-errors.ts';
import { mapRows } from './row-mapper.ts';

export type EntityManagerSource = () => EntityManager;

export abstract class Repository {
  #em: EntityManagerSource;

  constructor(em: EntityManagerSource) {
    this.#em = em;
  }

  /** The entity manager for one operation: a fresh fork outside transactions, the transaction's inside. */
  protected em(): EntityManager {
    return this.#em();
  }

  /**
   * Runs SQL with `?` placeholders, inside the current transaction when there is one (the entity
   * manager's execute() joins it; its connection's execute() would not). Driver errors come back as
   * UniqueViolation / MissingReference.
   */
  protected async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    return translated(() => this.em().execute(query, params, 'all')) as Promise<T[]>;
  }

  /** Rows of `select *` (or the same columns) of an entity's table as entities, without ORM hydration (row-mapper.ts). */
  protected async select<T extends object>(entity: new () => T, query: string, params: unknown[] = []): Promise<T[]> {
    const em = this.em();
    const rows = (await translated(() => em.execute(query, params, 'all'))) as Array<Record<string, unknown>>;
    return mapRows(em, entity, rows);
  }

  /** The first row of select(), or null. */
  protected async selectOne<T extends object>(entity: new () => T, query: string, params: unknown[] = []): Promise<T | null> {
    return (await this.select(entity, query, params))[0] ?? null;
  }

  /** Runs a write through the ORM with driver errors translated. */
  protected write<T>(operation: (em: EntityManager) => Promise<T>): Promise<T> {
    return translated(() => operation(this.em()));
  }
}

// Driver errors translated by class, so services can answer a duplicate with a 409 or 400 without
// knowing about MikroORM or PostgreSQL error codes.
import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';

/** A write collided with a unique constraint; `constraint` names it (e.g. `users_username_unique`). */
export class UniqueViolation extends Error {
  override name = 'UniqueViolation';
  readonly constraint: string;
  constructor(constraint: string, cause: unknown) {
    super(`unique constraint ${constraint} violated`, { cause });
    this.constraint = constraint;
  }
}

/** A write referenced a row that does not exist. */
export class MissingReference extends Error {
  override name = 'MissingReference';
}

/** Runs a store operation and translates driver exceptions into the store's own error classes. */
export async function translated<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const constraint = /constraint "([^"]+)"/.exec(err.message)?.[1] ?? 'unknown';
      throw new UniqueViolation(constraint, err);
    }
    if (err instanceof ForeignKeyConstraintViolationException) throw new MissingReference(err.message, { cause: err });
    throw err;
  }
}

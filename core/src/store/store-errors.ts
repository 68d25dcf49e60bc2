// Driver errors translated by class, so services can answer a duplicate with a 409 or 400 without
// knowing about MikroORM or PostgreSQL error codes.
import { ConnectionException, DriverException, ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';

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

/**
 * The database could not be reached: the connection was refused or dropped, the server is shutting
 * down or starting up, or it is already known to be down. The operation may not have happened; the
 * same call can succeed once the database is back. It extends MikroORM's ConnectionException because
 * the ORM passes its own exception classes through untouched instead of wrapping them.
 */
export class DatabaseUnavailable extends ConnectionException {
  constructor(cause: Error) {
    super(cause);
    this.name = 'DatabaseUnavailable';
    this.cause = cause;
  }
}

/**
 * The database refused a value it cannot hold: text with a NUL character (PostgreSQL ends protocol
 * strings at NUL, and text cannot contain it), or JSON nested past its parser's stack. The request's
 * input is at fault, not the server; the checks at the edges (request bodies, URLs, plugin arguments)
 * refuse such values first, and this is the backstop for any path they miss.
 */
export class UnstorableInput extends DriverException {
  constructor(cause: Error) {
    super(cause);
    this.name = 'UnstorableInput';
    this.cause = cause;
  }
}

/** SQLSTATEs of a value refused for what it holds: protocol_violation (NUL in a message), character_not_in_repertoire, untranslatable_character, statement_too_complex. */
const UNSTORABLE_STATES = new Set(['08P01', '22021', '22P05', '54001']);

/** `err` as UnstorableInput when the database refused a value for what it holds; otherwise unchanged. */
export function asUnstorableInput(err: unknown): unknown {
  if (err instanceof UnstorableInput || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && UNSTORABLE_STATES.has(code) ? new UnstorableInput(err) : err;
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

/** Socket errors that mean the database server cannot be reached at all. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs of a server going away or not taking connections: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
/**
 * Class 08 but no outage: the server refused one message of a live connection, e.g. query text with
 * a NUL character in it (the protocol's strings end at NUL). The connection goes on serving.
 */
const PROTOCOL_VIOLATION = '08P01';
/** What pg says when a connection ends under a query or is used after it broke (it sets no code then). */
const DROPPED = /^Connection terminated (unexpectedly|due to connection timeout)|^Client has encountered a connection error and is not queryable/;

/**
 * True when `err` says the connection to the database failed — as opposed to a query the database
 * answered with an error (a constraint violation, a syntax error, a statement timeout), which says
 * nothing about whether it can be reached. SQLSTATE class 08 is PostgreSQL's "connection exception".
 */
export function isConnectionFailure(err: unknown): boolean {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof DatabaseUnavailable) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SHUTDOWN_STATES.has(code) || (code.startsWith('08') && code !== PROTOCOL_VIOLATION))) return true;
    if (DROPPED.test(current.message)) return true;
    // Node reports a refused connection to every address of a host name as one AggregateError.
    if (current instanceof AggregateError && current.errors.some((inner) => isConnectionFailure(inner))) return true;
  }
  return false;
}

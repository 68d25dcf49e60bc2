// The store's DatabaseUnavailable as the answer every caller gets: a 503 asking to retry shortly,
// whichever service or plugin call ran into it.
import { AppError } from './app-error.ts';
import { DatabaseUnavailable } from '../store/store-errors.ts';

export const DATABASE_UNAVAILABLE_ID = 'app.database.unavailable.app_error';

/** The 503 for `err` when it, or an error it wraps, says the database could not be reached; undefined otherwise. */
export function databaseUnavailableError(err: unknown): AppError | undefined {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof DatabaseUnavailable) {
      return new AppError(DATABASE_UNAVAILABLE_ID, 503, 'The database is unavailable right now. Please try again in a few seconds.', { cause: current });
    }
  }
  return undefined;
}

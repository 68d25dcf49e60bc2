// The store's UnstorableInput as the answer every caller gets: a 400, since the value came from the
// caller, whichever service or plugin call carried it to the database.
import { AppError } from './app-error.ts';
import { UnstorableInput } from '../store/store-errors.ts';

/** The 400 for `err` when it, or an error it wraps, is a value the database refused for what it holds; undefined otherwise. */
export function unstorableInputError(err: unknown): AppError | undefined {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof UnstorableInput) {
      return new AppError('app.store.unstorable_input.app_error', 400, 'The request holds a value that cannot be stored, such as a NUL character (\\u0000).', { cause: current });
    }
  }
  return undefined;
}

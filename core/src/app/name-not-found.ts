// The answers of lookups by name: a team or channel name that does not exist, or that the caller may
// not know exists, gets the same 404 so names do not leak.
import { AppError } from '../errors/app-error.ts';

export function teamNameNotFound(name: string): AppError {
  return new AppError('app.team.get_by_name.missing.app_error', 404, 'No team with that name exists.', { details: `name=${name}` });
}

export function channelNameNotFound(name: string): AppError {
  return new AppError('app.channel.get_by_name.missing.app_error', 404, 'No channel with that name exists in the team.', { details: `name=${name}` });
}

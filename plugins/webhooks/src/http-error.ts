// The Mattermost errors this plugin's routes answer with, and how to read the server API's errors.
import { HttpError } from '@parley/plugin-api';

export function badRequest(id: string, message: string, detailed = ''): HttpError {
  return new HttpError(400, id, message, detailed);
}

export function forbidden(permission: string): HttpError {
  return new HttpError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', `permission=${permission}`);
}

export function unauthorized(): HttpError {
  return new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
}

/** A URL parameter (path or query) that is missing or malformed. */
export function invalidUrlParam(name: string): HttpError {
  return badRequest('api.context.invalid_url_param.app_error', `Invalid or missing ${name} parameter in request URL.`);
}

/** A request body that is not the JSON object the route expects. */
export function invalidBody(name: string, detailed = ''): HttpError {
  return badRequest('api.context.invalid_body_param.app_error', `Invalid or missing ${name} in request body.`, detailed);
}

export function notFound(id: string, message: string): HttpError {
  return new HttpError(404, id, message);
}

/** The id of an error the server's API rejected with, '' when it carries none. */
export function apiErrorId(err: unknown): string {
  const id = (err as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
}

/** True when an API call failed because the thing asked for does not exist (the server's ids say `not_found` or `missing`). */
export function isNotFound(err: unknown): boolean {
  return /not_found|\.missing/.test(apiErrorId(err));
}

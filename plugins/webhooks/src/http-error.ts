// Errors answered to HTTP callers as Mattermost's AppError JSON, and the small response helpers
// every route shares.
import type { HttpResponse } from '@parley/plugin-api';

/** A failure with Mattermost's error id, HTTP status and a message a person can act on. */
export class HttpError extends Error {
  readonly id: string;
  readonly status: number;
  readonly detailed: string;

  constructor(id: string, status: number, message: string, detailed = '') {
    super(message);
    this.id = id;
    this.status = status;
    this.detailed = detailed;
  }
}

export function badRequest(id: string, message: string, detailed = ''): HttpError {
  return new HttpError(id, 400, message, detailed);
}

export function forbidden(permission: string): HttpError {
  return new HttpError('api.context.permissions.app_error', 403, 'You do not have the appropriate permissions.', `permission=${permission}`);
}

export function unauthorized(): HttpError {
  return new HttpError('api.context.session_expired.app_error', 401, 'Invalid or expired session, please login again.');
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
  return new HttpError(id, 404, message);
}

export function errorResponse(error: HttpError, requestId: string): HttpResponse {
  return jsonResponse(error.status, {
    id: error.id,
    message: error.message,
    detailed_error: error.status >= 500 ? '' : error.detailed,
    request_id: requestId,
    status_code: error.status,
  });
}

export function jsonResponse(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

/** Mattermost's answer to a successful DELETE. */
export function statusOk(): HttpResponse {
  return jsonResponse(200, { status: 'OK' });
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

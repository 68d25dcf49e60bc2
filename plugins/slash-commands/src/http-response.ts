// The answers of the REST paths this plugin owns, shaped as the core's (and Mattermost's) own:
// JSON bodies, and errors as Mattermost's AppError JSON.
import type { HttpResponse } from '@parley/plugin-api';

/** A Mattermost error the plugin answers with: a stable id, a status and a message. */
export class ApiError extends Error {
  readonly id: string;
  readonly status: number;
  readonly detail: string;

  constructor(status: number, id: string, message: string, detail = '') {
    super(message);
    this.id = id;
    this.status = status;
    this.detail = detail;
  }
}

export function jsonResponse(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export function textResponse(status: number, text: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/plain' }, body: text };
}

/** Mattermost's `{"status": "OK"}` answer of deletions and moves. */
export function statusOk(): HttpResponse {
  return jsonResponse(200, { status: 'OK' });
}

export function errorResponse(error: ApiError, requestId: string): HttpResponse {
  return jsonResponse(error.status, {
    id: error.id,
    message: error.message,
    // 5xx detail stays in the log, as the core does.
    detailed_error: error.status < 500 ? error.detail : '',
    request_id: requestId,
    status_code: error.status,
  });
}

export function permissionError(permission: string): ApiError {
  return new ApiError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', `permission=${permission}`);
}

export function invalidParam(name: string): ApiError {
  return new ApiError(400, 'api.context.invalid_param.app_error', `Invalid ${name} parameter.`, `parameter=${name}`);
}

export function loginRequired(): ApiError {
  return new ApiError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
}

export function notFound(): ApiError {
  return new ApiError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
}

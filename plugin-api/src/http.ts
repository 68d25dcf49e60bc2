// Answers for serveHttp in the shapes Mattermost's clients expect: JSON bodies, and failures as
// Mattermost's AppError JSON `{id, message, detailed_error, request_id, status_code}`, which is what
// a plugin serving a Mattermost REST path (a trusted plugin's core_routes) must answer with.
import type { HttpResponse } from './types.ts';

/**
 * A deliberate failure: Mattermost's stable error id, an HTTP status (4xx or 5xx) and a message a
 * person can act on. The one error convention of Parley plugins: **throw it** from a route handler,
 * a command handler, serveHttp or executeCommand, and the caller gets Mattermost's AppError JSON
 * (`{id, message, detailed_error, request_id, status_code}`) with that status. It is the plugin's
 * answer, not a failure: it is not logged as an error and never counts against the plugin's health.
 *
 * Where it is rendered: the router (`createRouter`) answers with it inside the plugin, with
 * `detailed_error` for 4xx; thrown from serveHttp or executeCommand without the router it crosses
 * the sandbox (as any error with a string `id` and a numeric `status` from 400 to 599 does) and the
 * server answers with its id, status and message (`detailed_error` left empty).
 * @example
 * if (!request.user_id) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
 * @since 0.1.0
 */
export class HttpError extends Error {
  /** The HTTP status of the answer, 400 to 599. @since 0.1.0 */
  readonly status: number;
  /** Mattermost's stable error id (`area.entity.action.reason`), e.g. `api.context.404.app_error`. @since 0.1.0 */
  readonly id: string;
  /** Shown to the caller only for 4xx answers (`detailed_error`); a 5xx keeps it out of the answer. @since 0.1.0 */
  readonly detailed: string;

  /**
   * @param status the HTTP status, 400 to 599
   * @param id Mattermost's error id, at most 128 letters, digits, `_`, `.` or `-`
   * @param message what went wrong, for a person
   * @param detailed more detail for 4xx answers (`detailed_error`), e.g. `hook_id=...`
   */
  constructor(status: number, id: string, message: string, detailed = '') {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.id = id;
    this.detailed = detailed;
  }
}

/**
 * Whether `value` is a deliberate failure: an HttpError, or any error with a string `id` and a
 * 4xx/5xx `status` (the rule the sandbox applies, so an HttpError of another copy of this package counts).
 * @since 0.1.0
 */
export function isHttpError(value: unknown): value is HttpError {
  if (value instanceof HttpError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { id, status } = value as { id?: unknown; status?: unknown };
  return typeof id === 'string' && typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}

/** `value` as a JSON body with `Content-Type: application/json`. @since 0.1.0 */
export function jsonResponse(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

/** A plain-text body with `Content-Type: text/plain`. @since 0.1.0 */
export function textResponse(status: number, text: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/plain' }, body: text };
}

/** Mattermost's `{"status": "OK"}` answer to deletions and other actions. @since 0.1.0 */
export function statusOk(): HttpResponse {
  return jsonResponse(200, { status: 'OK' });
}

/**
 * `error` as Mattermost's AppError JSON with its status; pass the hook context's `request_id`.
 * `detailed_error` is sent for 4xx answers only. The router calls this for you; call it yourself
 * only in a serveHttp written by hand that must show `detailed_error`.
 * @since 0.1.0
 */
export function errorResponse(error: HttpError, requestId: string): HttpResponse {
  return jsonResponse(error.status, {
    id: error.id,
    message: error.message,
    detailed_error: error.status >= 500 ? '' : (error.detailed ?? ''),
    request_id: requestId,
    status_code: error.status,
  });
}

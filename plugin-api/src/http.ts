// Answers for serveHttp in the shapes Mattermost's clients expect: JSON bodies, and failures as
// Mattermost's AppError JSON `{id, message, detailed_error, request_id, status_code}`, which is what
// a plugin serving a Mattermost REST path (a trusted plugin's core_routes) must answer with.
import type { HttpResponse } from './types.ts';

/** A failure with Mattermost's stable error id, an HTTP status and a message a person can act on. @since 0.1.0 */
export class HttpError extends Error {
  readonly status: number;
  readonly id: string;
  /** Shown to the caller only for 4xx answers (`detailed_error`); a 5xx keeps it out of the answer. */
  readonly detailed: string;

  constructor(status: number, id: string, message: string, detailed = '') {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.id = id;
    this.detailed = detailed;
  }
}

/** `value` as a JSON body. @since 0.1.0 */
export function jsonResponse(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

/** A plain-text body. @since 0.1.0 */
export function textResponse(status: number, text: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/plain' }, body: text };
}

/** Mattermost's `{"status": "OK"}` answer to deletions and other actions. @since 0.1.0 */
export function statusOk(): HttpResponse {
  return jsonResponse(200, { status: 'OK' });
}

/** `error` as Mattermost's AppError JSON; pass the hook context's `request_id`. @since 0.1.0 */
export function errorResponse(error: HttpError, requestId: string): HttpResponse {
  return jsonResponse(error.status, {
    id: error.id,
    message: error.message,
    detailed_error: error.status >= 500 ? '' : error.detailed,
    request_id: requestId,
    status_code: error.status,
  });
}

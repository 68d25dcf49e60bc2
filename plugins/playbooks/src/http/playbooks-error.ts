// Errors of the Playbooks API. Mattermost's Playbooks plugin answers `{"error": "<message>"}`; Parley
// adds its AppError fields beside it, so Mattermost's Playbooks clients and Parley's read the same
// answer.
import { errorResponse, HttpError, type HttpResponse } from '@parley/plugin-api';

export function badRequest(id: string, message: string): HttpError {
  return new HttpError(400, id, message);
}

/** Mattermost's answer to a failed permission check: 403 "Not authorized", the reason kept in detail. */
export function notAuthorized(reason: string): HttpError {
  return new HttpError(403, 'playbooks.permission.denied', 'Not authorized', reason);
}

export function playbookNotFound(id: string): HttpError {
  return new HttpError(404, 'playbooks.playbook.not_found', 'The playbook was not found.', `playbook_id=${id}`);
}

/** An HttpError rendered as Parley's AppError JSON plus Mattermost Playbooks' `error` field. */
export function playbooksErrorResponse(error: HttpError, requestId: string): HttpResponse {
  const response = errorResponse(error, requestId);
  const body = JSON.parse(response.body ?? '{}') as Record<string, unknown>;
  return { ...response, body: JSON.stringify({ error: body.message, ...body }) };
}

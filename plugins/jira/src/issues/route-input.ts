// What every route of the issue features checks first: a signed-in user and a JSON object body
// (an action's click or a dialog's submission).
import { HttpError, parseJsonBody, type PostActionIntegrationRequest, type RoutedRequest, type SubmitDialogRequest } from '@parley/plugin-api';

export function requireUser(userId: string): string {
  if (!userId) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
  return userId;
}

export function jsonObject<T>(text: string, what: string): T {
  const value = parseJsonBody(text, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'api.context.invalid_body_param.app_error', `The ${what} must be a JSON object.`);
  return value as T;
}

/** A click on an action of a post: the signed-in user and what the server sent. */
export function readClick(request: RoutedRequest): { userId: string; click: Partial<PostActionIntegrationRequest> } {
  return { userId: requireUser(request.user_id), click: jsonObject(request.body, 'action request') };
}

/** A dialog's submission: the signed-in user, what they submitted and the dialog's state (a JSON object). */
export function readSubmission(request: RoutedRequest): { userId: string; submission: Partial<SubmitDialogRequest>; state: Record<string, unknown> } {
  const userId = requireUser(request.user_id);
  const submission = jsonObject<Partial<SubmitDialogRequest>>(request.body, 'dialog submission');
  const state = submission.cancelled ? {} : jsonObject<Record<string, unknown>>(submission.state ?? '', 'dialog state');
  return { userId, submission, state };
}

export function requireTrigger(triggerId: unknown): string {
  if (typeof triggerId !== 'string' || triggerId === '') throw new HttpError(400, 'api.context.invalid_param.app_error', 'Invalid or missing trigger_id parameter.');
  return triggerId;
}

// The Mattermost errors this plugin's REST paths answer with.
import { HttpError } from '@parley/plugin-api';

export function permissionError(permission: string): HttpError {
  return new HttpError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', `permission=${permission}`);
}

export function invalidParam(name: string): HttpError {
  return new HttpError(400, 'api.context.invalid_param.app_error', `Invalid ${name} parameter.`, `parameter=${name}`);
}

export function loginRequired(): HttpError {
  return new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
}

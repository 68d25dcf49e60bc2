// The one error type of the core: a stable id, an HTTP status, a message a person can act on, and
// detail that is logged but only sent for 4xx (5xx detail never leaves the server).

export interface AppErrorOptions {
  /** Extra context for the person reading the response (4xx) or the log (5xx). */
  details?: string;
  cause?: unknown;
}

/** An error with a stable id (`area.entity.action.reason`) rendered as Mattermost's AppError JSON. */
export class AppError extends Error {
  override name = 'AppError';
  readonly id: string;
  readonly status: number;
  readonly details: string;

  constructor(id: string, status: number, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.id = id;
    this.status = status;
    this.details = options.details ?? '';
  }

  static badRequest(id: string, message: string, details?: string): AppError {
    return new AppError(id, 400, message, { details });
  }

  /** A missing or malformed parameter or body field, named so the caller can fix it. */
  static invalidParam(name: string, why = 'is missing or invalid'): AppError {
    return new AppError('api.context.invalid_param.app_error', 400, `Invalid or missing ${name} in request: ${why}.`, {
      details: `parameter=${name}`,
    });
  }

  static unauthorized(message = 'Invalid or expired session, please login again.'): AppError {
    return new AppError('api.context.session_expired.app_error', 401, message);
  }

  static forbidden(permission?: string): AppError {
    return new AppError('api.context.permissions.app_error', 403, 'You do not have the appropriate permissions.', {
      details: permission ? `permission=${permission}` : undefined,
    });
  }

  static notFound(entity: string, id?: string): AppError {
    return new AppError(`app.${entity}.get.not_found.app_error`, 404, `Unable to find the ${entity}.`, {
      details: id ? `${entity}_id=${id}` : undefined,
    });
  }

  static conflict(id: string, message: string): AppError {
    return new AppError(id, 409, message);
  }

  static notImplemented(id: string, message: string): AppError {
    return new AppError(id, 501, message);
  }

  static internal(id: string, cause: unknown): AppError {
    return new AppError(id, 500, 'An internal error occurred. The server log has the details.', { cause });
  }
}

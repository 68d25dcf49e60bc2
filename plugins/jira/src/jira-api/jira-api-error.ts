// A failed Jira REST call, with what Jira said: its `errorMessages` and field `errors` (REST v2/v3
// error collection), so a command can tell the user why (a missing field, a forbidden transition).
export class JiraApiError extends Error {
  readonly status: number;
  /** Field name → message, as Jira's error collection has them. */
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, message: string, fieldErrors: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.fieldErrors = fieldErrors;
  }

  /** Jira refused the credential (expired, revoked): the user must connect again. */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

/** The error for a non-2xx answer to `doing` (e.g. "read PROJ-1"), from Jira's error collection when it sent one. */
export function jiraApiError(status: number, body: string, doing: string): JiraApiError {
  let messages: string[] = [];
  let fieldErrors: Record<string, string> = {};
  try {
    const parsed = JSON.parse(body) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    if (Array.isArray(parsed.errorMessages)) messages = parsed.errorMessages.filter((m): m is string => typeof m === 'string');
    if (parsed.errors && typeof parsed.errors === 'object') fieldErrors = Object.fromEntries(Object.entries(parsed.errors).filter(([, m]) => typeof m === 'string')) as Record<string, string>;
    if (messages.length === 0 && typeof parsed.message === 'string') messages = [parsed.message];
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const details = [...messages, ...Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`)];
  const why = details.length > 0 ? details.join('; ') : `HTTP ${status}`;
  return new JiraApiError(status, `Jira refused to ${doing}: ${why}`, fieldErrors);
}

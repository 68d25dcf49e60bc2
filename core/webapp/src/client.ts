// The one Client4 of the browser app: Mattermost's own client, authenticated by the session cookie
// the server sets at login. With cookies included it sends X-Requested-With and, on every non-GET
// request, the MMCSRF cookie's value as X-CSRF-Token, as Mattermost's web app does.
import { Client4 } from '@mattermost/client';

export const client = new Client4();
client.setUrl(window.location.origin);
client.setIncludeCookies(true);

/** What went wrong, in the server's words when it answered (Client4 carries its `message`). */
export function errorText(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : String(err);
}

/** The HTTP status of a failed Client4 call, 0 when the server was not reached. */
export function errorStatus(err: unknown): number {
  const status = (err as { status_code?: unknown } | null)?.status_code;
  return typeof status === 'number' ? status : 0;
}

/** The AppError id of a failed Client4 call ('' when the server did not answer with one). */
export function errorId(err: unknown): string {
  const id = (err as { server_error_id?: unknown } | null)?.server_error_id;
  return typeof id === 'string' ? id : '';
}

/** The MMCSRF cookie's value: the X-CSRF-Token of requests made with fetch rather than Client4. */
export function csrfToken(): string {
  return document.cookie.split('; ').find((c) => c.startsWith('MMCSRF='))?.slice('MMCSRF='.length) ?? '';
}

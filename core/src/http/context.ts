// What a request carries through the middleware chain, and small helpers routes use to read
// parameters and bodies with Mattermost's errors for bad input.
import type { RouterContext } from '@koa/router';
import type { Logger } from '../logger.ts';
import type { AuthSession } from '../app/auth-session.ts';
import { userActor, type UserActor } from '../app/actor.ts';
import { AppError } from '../errors/app-error.ts';
import { mfaRequiredError } from '../app/mfa-service.ts';
import { isValidId } from '../app/ids.ts';
import type { TokenSource } from '../wire/request-credentials.ts';

export interface ParleyState {
  requestId: string;
  log: Logger;
  /** The authenticated caller; unset for anonymous requests. */
  session?: AuthSession;
  /** The caller must set up MFA before anything but the routes for that (MfaService.mustSetUp). */
  mfaSetupRequired?: boolean;
  /** How the caller authenticated: a cookie needs a CSRF token on non-GET requests. */
  tokenSource?: TokenSource;
  /** The parsed JSON body (undefined when the request had none). */
  body?: unknown;
}

export type ParleyContext = RouterContext<ParleyState>;

/** The person calling, as the services take them; 401 for anonymous requests. */
export function requireActor(ctx: ParleyContext): UserActor {
  return userActor(requireSession(ctx));
}

/**
 * The caller's session; 401 for anonymous requests, and 403 for a caller who must first set up MFA
 * (enforced MFA: Mattermost lets such a user read only themselves at exactly /api/v4/users/me).
 */
export function requireSession(ctx: ParleyContext): AuthSession {
  const session = requireSessionForMfaSetup(ctx);
  if (ctx.state.mfaSetupRequired && ctx.path !== USERS_ME_PATH) {
    throw mfaRequiredError();
  }
  return session;
}

const USERS_ME_PATH = '/api/v4/users/me';

/** The caller's session, also for a caller who has yet to set up enforced MFA (the routes that set it up). */
export function requireSessionForMfaSetup(ctx: ParleyContext): AuthSession {
  if (!ctx.state.session) throw AppError.unauthorized();
  return ctx.state.session;
}

/** A path parameter that must be a 26-character id. */
export function idParam(ctx: ParleyContext, name: string): string {
  const value = ctx.params[name];
  if (!isValidId(value)) throw AppError.invalidParam(name, 'must be a 26-character id');
  return value;
}

/** The body as a JSON object; 400 naming `what` when it is missing or not an object. */
export function objectBody(ctx: ParleyContext, what = 'body'): Record<string, unknown> {
  const body = ctx.state.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw AppError.invalidParam(what, 'expected a JSON object');
  return body as Record<string, unknown>;
}

/** The body as a JSON array of strings (lists of ids or names). */
export function stringArrayBody(ctx: ParleyContext, what: string, maxLength = 1000): string[] {
  const body = ctx.state.body;
  if (!Array.isArray(body) || !body.every((v) => typeof v === 'string')) throw AppError.invalidParam(what, 'expected a JSON array of strings');
  if (body.length > maxLength) throw AppError.invalidParam(what, `at most ${maxLength} entries`);
  return body as string[];
}

/** Mattermost's `page` / `per_page` query parameters (per_page defaults to 60, at most 200). */
export function paging(ctx: ParleyContext, defaults: { perPage?: number; maxPerPage?: number } = {}): { page: number; perPage: number; offset: number } {
  const perPage = Math.min(intQuery(ctx, 'per_page', defaults.perPage ?? 60), defaults.maxPerPage ?? 200);
  // The offset, not the page, is what reaches the database: it must stay an exact integer.
  const page = intQuery(ctx, 'page', 0, Math.floor(Number.MAX_SAFE_INTEGER / Math.max(perPage, 1)));
  return { page, perPage, offset: page * perPage };
}

/**
 * A non-negative integer query parameter, or the fallback when absent. Values past `max` (by
 * default the largest integer JavaScript and PostgreSQL's bigint both hold exactly) are refused.
 */
export function intQuery(ctx: ParleyContext, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = ctx.query[name];
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw AppError.invalidParam(name, 'must be a non-negative integer');
  const value = Number(raw);
  if (value > max) throw AppError.invalidParam(name, `must be at most ${max}`);
  return value;
}

/** A boolean query parameter, spelled as Go's strconv.ParseBool reads it (Client4 sends `without_team=1`). */
export function boolQuery(ctx: ParleyContext, name: string, fallback = false): boolean {
  const raw = ctx.query[name];
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw === 'string' && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return true;
  if (typeof raw === 'string' && ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return false;
  throw AppError.invalidParam(name, 'must be true or false');
}

/** A string query parameter, or undefined. */
export function stringQuery(ctx: ParleyContext, name: string): string | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw AppError.invalidParam(name, 'must be given once');
  return raw;
}

/**
 * The caller's own WebSocket connection (the `Connection-Id` header), which is not sent the change it
 * made; '' when none. Client4 sends the header even without a connection (`undefined`): only an id counts.
 */
export function connectionId(ctx: ParleyContext): string {
  const value = ctx.get('Connection-Id');
  return /^[a-z0-9]{26}$/.test(value) ? value : '';
}

/** Answers with JSON already encoded (shared with a live event): sent as it is, typed as JSON. */
export function jsonText(ctx: ParleyContext, json: string, status = 200): void {
  ctx.status = status;
  ctx.body = json;
  // Exactly this, as Mattermost: its client compares the header verbatim (see json-content-type.ts).
  ctx.set('Content-Type', 'application/json');
}

/** Mattermost's answer for actions that succeed without returning an entity. */
export function ok(ctx: ParleyContext, status = 200): void {
  ctx.status = status;
  ctx.body = { status: 'OK' };
}

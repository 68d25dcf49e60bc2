// The audit trail Mattermost keeps in its Audits table: one row per security-relevant action on an
// account — sign-ins and failed sign-ins, sign-outs, password changes and resets, revoked sessions,
// personal access tokens, email verification, terms of service, sign-in method changes — with the
// request's path as the action, the ip address and the session. Only those rare actions write (one
// insert each), never ordinary traffic. A user reads their own trail (or an admin anyone's, with
// edit_other_users); the whole server's needs read_audits.
import type { Store } from '../store/store.ts';
import type { Audit } from '../store/audit-repository.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import { newId } from './ids.ts';

export interface AuditLogDeps {
  store: Store;
  permissions: PermissionService;
}

/** What happened, as the request that did it saw it. */
export interface AuditEntry {
  /** The account acted on or as (the caller's, unless a sign-in names someone else). */
  userId: string;
  /** The request's path, e.g. /api/v4/users/login. */
  action: string;
  extraInfo: string;
  ipAddress: string;
  /** The caller's session ('' for anonymous requests such as a sign-in). */
  sessionId: string;
}

/** Longest stored values (the columns of m0029-audits.ts). */
const ACTION_MAX = 512;
const EXTRA_INFO_MAX = 1024;
const IP_MAX = 64;

export class AuditLog {
  #deps: AuditLogDeps;

  constructor(deps: AuditLogDeps) {
    this.#deps = deps;
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.#deps.store.audits.insert({
      id: newId(),
      createAt: Date.now(),
      userId: entry.userId,
      action: entry.action.slice(0, ACTION_MAX),
      extraInfo: entry.extraInfo.slice(0, EXTRA_INFO_MAX),
      ipAddress: entry.ipAddress.slice(0, IP_MAX),
      sessionId: entry.sessionId,
    });
  }

  /** GET /users/{id}/audits: the user's own, or anyone's with edit_other_users. */
  async forUser(actor: Actor, userId: string, paging: { offset: number; limit: number }): Promise<Audit[]> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    return this.#deps.store.audits.page(userId, paging.offset, paging.limit);
  }

  /** GET /audits: every user's (read_audits, a system admin's permission). */
  async all(actor: Actor, paging: { offset: number; limit: number }): Promise<Audit[]> {
    this.#deps.permissions.requireSystem(actor, 'read_audits');
    return this.#deps.store.audits.page(null, paging.offset, paging.limit);
  }
}

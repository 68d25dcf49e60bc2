// Writes a request's audit row (AuditLog) as Mattermost's api4 does with c.LogAudit: the action is
// the request's path, with the caller's ip and session; `userId` names the account when the caller
// has no session yet (a sign-in), and `sessionId` the session a sign-in just made.
import type { Services } from '../app/services.ts';
import type { ParleyContext } from './context.ts';

export async function auditRequest(ctx: ParleyContext, services: Pick<Services, 'audits'>, extraInfo: string, userId?: string, sessionId?: string): Promise<void> {
  const session = ctx.state.session;
  const subject = userId ?? session?.userId;
  if (!subject) return;
  await services.audits.record({ userId: subject, action: ctx.path, extraInfo, ipAddress: ctx.ip, sessionId: sessionId ?? session?.id ?? '' });
}

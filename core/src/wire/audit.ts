// Audit rows on the wire: Mattermost's Audit JSON (GET /audits, GET /users/{id}/audits).
import type { Audit as WireAudit } from '@mattermost/types/audits';
import type { Audit } from '../store/audit-repository.ts';

export function toWireAudit(audit: Audit): WireAudit {
  return {
    id: audit.id,
    create_at: audit.createAt,
    user_id: audit.userId,
    action: audit.action,
    extra_info: audit.extraInfo,
    ip_address: audit.ipAddress,
    session_id: audit.sessionId,
  };
}

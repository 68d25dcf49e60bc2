// A login session as GET /users/{id}/sessions shows it: never the token.
import type { Session } from '../store/entities/session.ts';

/** A session as GET /users/{id}/sessions shows it: never the token. */
export function toWireSession(session: Session) {
  return {
    id: session.id,
    token: '',
    create_at: session.createAt,
    expires_at: session.expiresAt,
    last_activity_at: session.lastActivityAt,
    user_id: session.userId,
    device_id: session.deviceId,
    roles: session.roles,
    is_oauth: session.isOauth,
    props: session.props,
    team_members: [],
    local: false,
  };
}

// Login sessions on the wire: Mattermost's Session as GET /users/{id}/sessions shows it (never the
// token), the body naming a session to revoke, and the push device a mobile session is bound to.
import type { Session as WireSession } from '@mattermost/types/sessions';
import type { Session } from '../store/entities/session.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** A session as GET /users/{id}/sessions shows it: never the token. */
export function toWireSession(session: Session): WireSession {
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

/** POST /users/{id}/sessions/revoke: `{session_id}`. */
export function decodeSessionId(body: unknown, refuse: Refusal = paramRefusal): string {
  return JsonFields.of(body, 'session', refuse).id('session_id');
}

/** PUT /users/sessions/device: `{device_id}`, as the mobile apps send it (`apple:...`, `android_rn-v2:...`). */
export function decodeDeviceId(body: unknown, refuse: Refusal = paramRefusal): string {
  const deviceId = JsonFields.of(body, 'device_id', refuse).string('device_id', { max: 512 });
  if (deviceId === '') throw refuse('device_id', 'is required');
  return deviceId;
}

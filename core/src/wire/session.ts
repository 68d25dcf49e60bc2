// Login sessions on the wire: Mattermost's Session as GET /users/{id}/sessions shows it (never the
// token), the body naming a session to revoke, and the push device a mobile session is bound to.
import type { Session as WireSession } from '@mattermost/types/sessions';
import type { Session } from '../store/entities/session.ts';
import type { DeviceProps } from '../app/session-service.ts';
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

/**
 * PUT /users/sessions/device, as Mattermost's mobile app sends it (server 10.1 and later): the push
 * device id (`apple:...`, `android_rn-v2:...`; empty on a phone without one), whether the phone has
 * notifications turned off (`"true"`/`"false"`), and the app's version. Absent fields change nothing.
 */
export function decodeDeviceProps(body: unknown, refuse: Refusal = paramRefusal): DeviceProps {
  const fields = JsonFields.of(body, 'device', refuse);
  const notificationsDisabled = fields.string('device_notification_disabled', { max: 5 });
  if (!['', 'true', 'false'].includes(notificationsDisabled)) throw refuse('device_notification_disabled', 'must be "true" or "false"');
  const mobileVersion = fields.string('mobile_version', { max: 32 });
  if (mobileVersion !== '' && !/^[0-9A-Za-z.+-]+$/.test(mobileVersion)) throw refuse('mobile_version', 'must be a version such as 2.25.0');
  return { deviceId: fields.string('device_id', { max: 512 }), notificationsDisabled, mobileVersion };
}

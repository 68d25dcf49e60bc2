// Mattermost's UserStatus JSON.
import type { Status } from '../store/entities/status.ts';

/** Mattermost's UserStatus JSON. */
export function toWireStatus(status: Status) {
  return {
    user_id: status.userId,
    status: status.status,
    manual: status.manual,
    last_activity_at: status.lastActivityAt,
    dnd_end_time: 0,
  };
}

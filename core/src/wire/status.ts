// Statuses on the wire: Mattermost's UserStatus JSON, the status a person chooses, and the lists of
// users whose statuses are asked for (over HTTP and the WebSocket alike).
import type { UserStatus } from '@mattermost/types/users';
import type { Status } from '../store/entities/status.ts';
import { USER_STATUSES, isUserStatus, type UserStatusValue } from '../app/status-service.ts';
import { isValidId } from '../app/ids.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Most users one request may ask the statuses of. */
const MAX_USER_IDS = 1000;

/** Mattermost's UserStatus JSON. */
export function toWireStatus(status: Status): UserStatus {
  return {
    user_id: status.userId,
    status: status.status,
    manual: status.manual,
    last_activity_at: status.lastActivityAt,
    dnd_end_time: status.dndEndTime,
  };
}

/** The latest do-not-disturb end accepted (epoch seconds): far beyond any real one, well within a bigint and a number's exact range. */
const MAX_DND_END_SECONDS = 2 ** 40;

/** PUT /users/{id}/status: `{user_id, status, dnd_end_time?}`, the user being the one in the URL. */
export function decodeChosenStatus(body: unknown, userId: string, refuse: Refusal = paramRefusal): { status: UserStatusValue; dndEndTime: number } {
  const fields = JsonFields.of(body, 'status', refuse);
  if (fields.string('user_id') !== userId) throw refuse('user_id', 'must match the user in the URL');
  const status = fields.string('status');
  if (!isUserStatus(status)) throw refuse('status', `must be one of ${USER_STATUSES.join(', ')}`);
  const dndEndTime = status === 'dnd' ? fields.integer('dnd_end_time', { min: 0, max: MAX_DND_END_SECONDS }, 0) : 0;
  return { status, dndEndTime };
}

/** The user ids of POST /users/status/ids (the body) or get_statuses_by_ids (`data.user_ids`): 1 to 1000 ids. */
export function decodeStatusUserIds(list: unknown, refuse: Refusal = paramRefusal): string[] {
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_USER_IDS || !list.every(isValidId)) {
    throw refuse('user_ids', `expected a list of 1 to ${MAX_USER_IDS} user ids`);
  }
  return list;
}

/** The WebSocket's user_update_active_status: whether the user is active, and whether they said so themselves. */
export function decodeActivityReport(data: unknown, refuse: Refusal = paramRefusal): { active: boolean; manual: boolean } {
  const fields = JsonFields.of(data, 'data', refuse);
  if (!fields.has('user_is_active')) throw refuse('user_is_active', 'must be true or false');
  return { active: fields.boolean('user_is_active'), manual: fields.boolean('manual') };
}

// The actions an authenticated client may send: Mattermost's names, data and replies. Actions
// starting with `custom_` are not the core's: they go to the plugin seam untouched.
import { AppError } from '../errors/app-error.ts';
import { isValidId } from '../app/ids.ts';
import type { StatusService } from '../app/status-service.ts';
import type { EventBus } from '../cluster/event-bus.ts';
import type { Status } from '../store/entities/status.ts';
import { decodeActivityReport, decodeStatusUserIds } from '../wire/status.ts';
import { SERVER_VERSION } from '../version.ts';
import type { MemberIndex } from './member-index.ts';
import type { ClientRequest } from './envelope.ts';
import type { WebConnection } from './web-connection.ts';

export const CUSTOM_ACTION_PREFIX = 'custom_';

/** Who sent a custom action, as Mattermost's WebSocketMessageHasBeenPosted hook is told. */
export interface CustomActionSender {
  connectionId: string;
  userId: string;
  sessionId: string;
}

/**
 * Receives `custom_*` actions for plugins. Mattermost sends no reply to them: a plugin answers,
 * if at all, with an event of its own.
 */
export type CustomActionHandler = (request: ClientRequest, sender: CustomActionSender) => void;

/** Until a plugin runtime registers itself, custom actions reach no one. */
export const dropCustomActions: CustomActionHandler = () => {};

export interface RequestDeps {
  statuses: StatusService;
  /** Who is where, for the connected users (the hub's member index). */
  members: Pick<MemberIndex, 'isMember'>;
  events: EventBus;
}

/** Runs one request; resolves to the reply's data (none for most actions), throws AppError for FAIL. */
export async function handleRequest(deps: RequestDeps, connection: WebConnection, request: ClientRequest): Promise<Record<string, unknown> | undefined> {
  const { data } = request;
  switch (request.action) {
    case 'ping':
      return { text: 'pong', version: SERVER_VERSION, server_time: Date.now(), node_id: '' };
    case 'user_typing':
      await userTyping(deps, connection, data);
      return undefined;
    case 'get_statuses':
      return statusMap(await deps.statuses.listActive());
    case 'get_statuses_by_ids':
      return statusMap(await deps.statuses.getMany(decodeStatusUserIds(data.user_ids)));
    case 'user_update_active_status': {
      const { active, manual } = decodeActivityReport(data);
      if (active) await deps.statuses.setOnline(connection.userId, manual);
      else await deps.statuses.setAway(connection.userId, manual);
      return undefined;
    }
    // The client reports its active channel/thread and acknowledges push-style notifications; the
    // server has nothing that depends on either yet, and a FAIL would only fill the client's log.
    case 'presence':
    case 'posted_notify_ack':
      return undefined;
    default:
      throw new AppError('api.web_socket_router.bad_action.app_error', 501, `The WebSocket action "${request.action}" is not supported.`);
  }
}

/** Tells the channel's other members that the sender is typing, if the sender is one of them. */
async function userTyping(deps: RequestDeps, connection: WebConnection, data: Record<string, unknown>): Promise<void> {
  const channelId = data.channel_id;
  if (!isValidId(channelId)) throw AppError.invalidParam('channel_id', 'must be a 26-character id');
  const parentId = data.parent_id ?? '';
  if (parentId !== '' && !isValidId(parentId)) throw AppError.invalidParam('parent_id', 'must be empty or a 26-character id');
  if (!deps.members.isMember('channel', channelId, connection.userId)) throw AppError.forbidden('create_post');
  deps.events.publish({
    event: 'typing',
    data: { parent_id: parentId, user_id: connection.userId },
    broadcast: { channel_id: channelId, omit_users: { [connection.userId]: true } },
  });
}

/** The reply shape Mattermost uses for status requests: user id → status. */
function statusMap(statuses: Status[]): Record<string, string> {
  return Object.fromEntries(statuses.map((s) => [s.userId, s.status]));
}

// websocket.publish and cluster.publish: events for clients, and for the same plugin on other nodes.
import type { Broadcast } from '../../../cluster/event-bus.ts';
import type { PeerChannel } from '../../../cluster/peer-channel.ts';
import { publishPluginClusterEvent } from '../plugin-cluster-events.ts';
import { isValidId } from '../../../app/ids.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, isPlainObject, type Arguments } from './arguments.ts';

const EVENT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_CLUSTER_DATA = 1024 * 1024;

export function websocketApi({ events }: ApiDeps): ApiGroup<'websocket'> {
  return {
    async publish(call) {
      const name = call.args.string(0, 'event', { min: 1, max: 64 });
      if (!EVENT_NAME.test(name)) throw invalidArguments(call.args.method, 'event may only hold letters, digits, "_", "." and "-"');
      const payload = call.args.object(1, 'payload', { maxBytes: MAX_PAYLOAD_BYTES });
      events.publish({ event: `custom_${call.manifest.id}_${name}`, data: payload, broadcast: broadcast(call.args, call.args.raw(2)) });
      return null;
    },
  };
}

/**
 * As in Mattermost, a plugin's cluster event goes only to the same plugin on the OTHER nodes; a
 * single node checks it and has nobody to send it to.
 */
export function clusterApi(peers: PeerChannel): ApiGroup<'cluster'> {
  return {
    async publish(call) {
      const event = call.args.object(0, 'event');
      if (typeof event.id !== 'string' || event.id.length < 1 || event.id.length > 64) throw invalidArguments(call.args.method, 'event.id must be a string of 1 to 64 characters');
      if (typeof event.data !== 'string' || event.data.length > MAX_CLUSTER_DATA) throw invalidArguments(call.args.method, `event.data must be a string of at most ${MAX_CLUSTER_DATA} characters`);
      publishPluginClusterEvent(peers, call.manifest.id, { id: event.id, data: event.data });
      return null;
    },
  };
}

function broadcast(args: Arguments, value: unknown): Broadcast {
  if (!isPlainObject(value)) throw invalidArguments(args.method, 'broadcast must be an object');
  const out: Broadcast = {};
  // Connection ids are ids too (the hub issues them with newId, in hello). Which user a connection
  // belongs to is known only on the node holding it, so a connection_id with a user_id is not
  // checked here: the hub delivers only when both match (audience.ts).
  for (const field of ['user_id', 'channel_id', 'team_id', 'connection_id', 'omit_connection_id'] as const) {
    const id = value[field];
    if (id === undefined || id === '') continue;
    if (!isValidId(id)) throw invalidArguments(args.method, `broadcast.${field} must be a 26-character id`);
    out[field] = id;
  }
  if (value.omit_users !== undefined) {
    const omit = value.omit_users;
    if (!isPlainObject(omit) || Object.keys(omit).length > 1000 || !Object.entries(omit).every(([id, flag]) => isValidId(id) && typeof flag === 'boolean')) {
      throw invalidArguments(args.method, 'broadcast.omit_users must map user ids to true');
    }
    out.omit_users = omit as Record<string, boolean>;
  }
  return out;
}

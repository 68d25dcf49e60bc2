// websocket.publish and cluster.*: events for clients, events for the same plugin on other nodes, and
// cluster-wide locks (plugin-locks.ts).
import type { Broadcast } from '../../../cluster/event-bus.ts';
import type { PeerChannel } from '../../../cluster/peer-channel.ts';
import { publishPluginClusterEvent } from '../plugin-cluster-events.ts';
import { isValidId } from '../../../app/ids.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, isPlainObject, type Arguments } from './arguments.ts';
import { LOCK_LIMITS, type PluginLocks } from '../plugin-locks.ts';

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
export function clusterApi(peers: PeerChannel, locks: PluginLocks): ApiGroup<'cluster'> {
  const lockName = (args: Arguments) => args.string(0, 'name', { min: 1, max: 150 });
  const ttl = (args: Arguments, value: unknown) => {
    if (value === undefined) return LOCK_LIMITS.defaultTtlMs;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < LOCK_LIMITS.minTtlMs || value > LOCK_LIMITS.maxTtlMs) {
      throw invalidArguments(args.method, `ttlMs must be an integer from ${LOCK_LIMITS.minTtlMs} to ${LOCK_LIMITS.maxTtlMs}`);
    }
    return value;
  };
  return {
    async lock(call) {
      const name = lockName(call.args);
      const options = call.args.object(1, 'options', { optional: true });
      const wait = options.waitMs ?? LOCK_LIMITS.defaultWaitMs;
      if (typeof wait !== 'number' || !Number.isInteger(wait) || wait < 0 || wait > LOCK_LIMITS.maxWaitMs) throw invalidArguments(call.args.method, `options.waitMs must be an integer from 0 to ${LOCK_LIMITS.maxWaitMs}`);
      return locks.lock(call.manifest.id, name, ttl(call.args, options.ttlMs), wait);
    },
    async refreshLock(call) {
      return locks.refresh(call.manifest.id, lockName(call.args), call.args.id(1, 'token'), ttl(call.args, call.args.raw(2)));
    },
    async unlock(call) {
      await locks.unlock(call.manifest.id, lockName(call.args), call.args.id(1, 'token'));
      return null;
    },
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

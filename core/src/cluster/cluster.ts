// The node's link to the rest of its cluster, chosen from ClusterSettings at start-up: a single
// node keeps everything in process; a cluster node talks to its peers through Redis.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import { LocalEventBus, type EventBus } from './event-bus.ts';
import { NO_PEERS, type PeerChannel } from './peer-channel.ts';
import { RedisEventBus } from './redis-event-bus.ts';

export interface Cluster {
  /** Live events for WebSocket clients, delivered on every node. */
  events: EventBus;
  /** Messages for the other nodes only. */
  peers: PeerChannel;
  /** This node's id on the peer channel; null on a single node, which has no peers. */
  readonly nodeId: string | null;
  /** True when this node can reach its peers (always, on a single node). */
  readonly connected: boolean;
  /** Resolves once the node can hear its peers (at once on a single node). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** ClusterSettings are read here once: changing them needs a restart. */
export function joinCluster(config: ConfigService, logger: Logger): Cluster {
  const settings = config.get().ClusterSettings;
  if (!settings.Enable) {
    return { events: new LocalEventBus(), peers: NO_PEERS, nodeId: null, connected: true, ready: async () => {}, close: async () => {} };
  }
  const bus = new RedisEventBus({ url: settings.RedisUrl, clusterName: settings.ClusterName, logger: logger.child({ source: 'cluster' }) });
  logger.info('cluster mode: joining through Redis', { cluster_name: settings.ClusterName, node_id: bus.nodeId });
  return {
    events: bus,
    peers: bus,
    nodeId: bus.nodeId,
    get connected() {
      return bus.connected;
    },
    ready: () => bus.ready(),
    close: () => bus.close(),
  };
}

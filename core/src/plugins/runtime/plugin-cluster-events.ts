// A plugin's cluster events (api.cluster.publish), Mattermost's PublishPluginClusterEvent: sent to
// the other nodes, where the same plugin's onPluginClusterEvent hook receives them if it is running.
import type { PluginClusterEvent } from '@parley/plugin-api';
import type { PeerChannel } from '../../cluster/peer-channel.ts';

const PLUGIN_CLUSTER_EVENT = 'plugin.cluster_event';

export function publishPluginClusterEvent(peers: PeerChannel, pluginId: string, event: PluginClusterEvent): void {
  peers.sendToPeers({ type: PLUGIN_CLUSTER_EVENT, data: { plugin_id: pluginId, id: event.id, data: event.data } });
}

/** Passes the other nodes' plugin cluster events to `deliver`; returns the unsubscribe function. */
export function receivePluginClusterEvents(peers: PeerChannel, deliver: (pluginId: string, event: PluginClusterEvent) => void): () => void {
  return peers.onPeerMessage(PLUGIN_CLUSTER_EVENT, (data) => {
    if (typeof data.plugin_id === 'string' && typeof data.id === 'string' && typeof data.data === 'string') {
      deliver(data.plugin_id, { id: data.id, data: data.data });
    }
  });
}

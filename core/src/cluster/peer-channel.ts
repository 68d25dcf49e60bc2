// Messages between the nodes of a cluster that are not live events for clients: a plugin's cluster
// event, "forget this user's cached sessions", "a plugin was installed". A node never receives its
// own: it has already acted on what it sends.

export interface PeerMessage {
  /** What the message is about, e.g. `session.forget_user`; receivers listen by type. */
  type: string;
  data: Record<string, unknown>;
}

export type PeerMessageListener = (data: Record<string, unknown>) => void;

export interface PeerChannel {
  /** Sends to every other node; never throws (a node that cannot reach its peers logs and carries on). */
  sendToPeers(message: PeerMessage): void;
  /** Calls `listener` with the data of each message of `type` another node sends; returns the unsubscribe function. */
  onPeerMessage(type: string, listener: PeerMessageListener): () => void;
  /** Calls `listener` when this node hears its peers again after it could not: what they sent meanwhile was missed. */
  onRejoined(listener: () => void): () => void;
}

/** A single node: nobody to send to, nothing to receive. */
export const NO_PEERS: PeerChannel = {
  sendToPeers: () => {},
  onPeerMessage: () => () => {},
  onRejoined: () => () => {},
};

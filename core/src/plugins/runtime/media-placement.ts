// Where each media call runs. A single node runs every call on its own media service; a cluster
// pins each call to one node's service and sends the other nodes' requests for it there
// (cluster-media-placement.ts), so all of a call's participants meet in one SFU whichever node
// their WebSocket is on.
import type { MediaRequest } from '../../media/media-protocol.ts';

/** A request about one call (every request but `health`, which is each node's own). */
export type MediaCallRequest = Exclude<MediaRequest, { op: 'health' }>;

/** This node's media, as a placement drives it. */
export interface MediaHost {
  /** Runs `request` on this node's media service. */
  run(request: MediaCallRequest): Promise<unknown>;
  /** These calls (media call keys) are now this node's, taken over from a node that left: its service does not have them yet. */
  takenOver(calls: string[]): Promise<void>;
  /** The calls this node's service carries now (media call keys). */
  hosted(): string[];
  /** These calls of this node's service were taken over by another node (this one had lapsed): they end here. */
  disowned(calls: string[]): Promise<void>;
}

export interface MediaPlacement {
  /** Runs `request` on the service hosting its call; a `createCall` no node hosts yet pins the call here. */
  run(request: MediaCallRequest): Promise<unknown>;
  /** This node's media service runs (a plugin configured it): it may host calls. */
  joined(): Promise<void>;
  /** This node's media service stopped: the calls it hosted are for the other nodes to take over. */
  left(): Promise<void>;
  close(): Promise<void>;
}

export type MediaPlacementFactory = (host: MediaHost) => MediaPlacement;

/** A single node: every call is this node's. */
export const singleNodeMedia: MediaPlacementFactory = (host) => ({
  run: (request) => host.run(request),
  joined: async () => {},
  left: async () => {},
  close: async () => {},
});

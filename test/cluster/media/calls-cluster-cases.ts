// The titles of the cluster calls suite's tests, shared by the suite (run inside a loopback-only
// network namespace) and the wrapper that starts it there and reports each one.
export const CLUSTER_CALLS_SUITE = 'calls across the nodes of a cluster (loopback-only network namespace)';

export const CLUSTER_CALLS_CASES = {
  twoNodes: 'two peers joining one call through two different nodes meet in one media service, pinned to the node that started the call, and each receives the other’s audio RTP',
  hostStops: 'a call whose media is hosted by a node that stops goes on in the other node’s media service: its sessions are told media_restarted and hear each other again',
} as const;

// Runs the cluster calls suite (media/calls-cluster.netns.ts: two nodes, Redis, real WebRTC peers)
// in a child process inside a network namespace that has only `lo`, reporting each of its tests
// here. Needs root (unshare -n); skipped, saying why, where namespaces cannot be made.
import path from 'node:path';
import { describeInNetworkNamespace } from '../helpers/network-namespace.ts';
import { CLUSTER_CALLS_CASES, CLUSTER_CALLS_SUITE } from './media/calls-cluster-cases.ts';

describeInNetworkNamespace(`${CLUSTER_CALLS_SUITE}, from a child process`, path.join(import.meta.dirname, 'media/calls-cluster.netns.ts'), Object.values(CLUSTER_CALLS_CASES));

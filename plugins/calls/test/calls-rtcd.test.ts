// Runs the external media service suite (media/calls-rtcd.netns.ts: the standalone media service, the
// server configured with its URL, real WebRTC peers) in a child process inside a network namespace
// that has only `lo`, reporting each of its tests here. Needs root (unshare -n); skipped, saying why,
// where namespaces cannot be made.
import path from 'node:path';
import { describeInNetworkNamespace } from '../../../test/helpers/network-namespace.ts';
import { RTCD_CASES, RTCD_SUITE } from './media/rtcd-cases.ts';

describeInNetworkNamespace(`${RTCD_SUITE}, from a child process`, path.join(import.meta.dirname, 'media/calls-rtcd.netns.ts'), Object.values(RTCD_CASES));

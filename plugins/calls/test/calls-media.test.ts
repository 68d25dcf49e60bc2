// Runs the media suite (media/calls-media.netns.ts: real WebRTC peers, the server, the plugin and the
// media service) in a child process inside a network namespace that has only `lo`, reporting each of
// its tests here. Needs root (unshare -n); skipped, saying why, where namespaces cannot be made.
import path from 'node:path';
import { describeInNetworkNamespace } from '../../../test/helpers/network-namespace.ts';
import { MEDIA_CASES, MEDIA_SUITE } from './media/media-cases.ts';

describeInNetworkNamespace(`${MEDIA_SUITE}, from a child process`, path.join(import.meta.dirname, 'media/calls-media.netns.ts'), Object.values(MEDIA_CASES));

// Runs the Calls audio browser suite (calls-audio.netns.ts: Chromium with fake devices, the server,
// the Calls plugin and the media service) in a child process inside a network namespace that has only
// `lo`, reporting each of its tests here. Needs root (unshare -n); skipped, saying why, where
// namespaces cannot be made.
import path from 'node:path';
import { describeInNetworkNamespace } from '../helpers/network-namespace.ts';
import { CALLS_AUDIO_CASES, CALLS_AUDIO_SUITE } from './calls-audio-cases.ts';

describeInNetworkNamespace(`${CALLS_AUDIO_SUITE}, from a child process`, path.join(import.meta.dirname, 'calls-audio.netns.ts'), Object.values(CALLS_AUDIO_CASES));

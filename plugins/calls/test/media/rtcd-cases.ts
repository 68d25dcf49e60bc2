// The titles of the external media service suite's tests, shared by the suite (run inside a
// loopback-only network namespace) and the wrapper that starts it there and reports each one.
export const RTCD_SUITE = 'calls media through a standalone media service, RTCDServiceURL (loopback-only network namespace)';

export const RTCD_CASES = {
  twoPeers: 'two peers in a call exchange audio through the standalone service, which the status names, with no process of the server’s own',
  voice: 'the standalone service reports who speaks',
  wrongKey: 'a wrong key is refused, the status saying so, and the right key brings the service back',
  hostile: 'the service refuses upgrades without credentials, with an unknown client or a wrong key, and frames that are not requests',
} as const;

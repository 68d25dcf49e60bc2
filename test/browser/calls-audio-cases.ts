// The titles of the Calls audio browser suite's tests, shared by the suite (run inside a loopback-only
// network namespace) and the wrapper that starts it there and reports each one.
export const CALLS_AUDIO_SUITE = 'calls web client audio (browser, loopback-only network namespace)';

export const CALLS_AUDIO_CASES = {
  bothHear: 'carries each participant’s audio to the other page once the media service answers their offers',
} as const;

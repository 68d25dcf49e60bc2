// The titles of the Calls media browser suite's tests (audio and screen sharing), shared by the suite
// (run inside a loopback-only network namespace) and the wrapper that starts it there and reports each one.
export const CALLS_AUDIO_SUITE = 'calls web client media (browser, loopback-only network namespace)';

export const CALLS_AUDIO_CASES = {
  bothHear: 'carries each participant’s audio to the other page once the media service answers their offers',
  screenSeen: 'shows the presenter’s screen to the other page as a playing video, in a panel that passes the accessibility check, until the presenter stops',
  mediaRestart: 'after the media process is killed, each page, told media_restarted, closes its peer connection, offers again on a new one and hears the other again',
} as const;

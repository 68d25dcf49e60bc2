// The seam to the media service (an SFU, as Mattermost's rtcd): the plugin tells it who joins and
// leaves which call, hands it each session's signalling and its state changes, and it answers a
// session with signalling of its own through `onSignal`. The media cannot run in a sandboxed
// isolate, so the service will be a process the server starts and supervises, reached through a
// declared capability of the plugin API; it is the next slice of Parley's Calls.

/** What the media service is told about one session. */
export interface MediaSession {
  callId: string;
  channelId: string;
  userId: string;
  /** The session's id (the original connection id), stable across reconnects. */
  sessionId: string;
}

/**
 * A signalling message as the client sent it: an SDP offer or answer (`sdp`: the zlib-compressed JSON
 * of an RTCSessionDescription, in base64, which the media service inflates — it runs in Node, where
 * zlib is at hand, and the bytes cross the capability smaller), or an ICE candidate (`ice`: the JSON
 * of an RTCIceCandidateInit).
 */
export type MediaSignal = { kind: 'sdp'; zlibBase64: string } | { kind: 'ice'; json: string };

/** Track state the media service acts on: a muted session's audio is no longer forwarded, a screen share adds a track. */
export type MediaTrackChange = 'mute' | 'unmute' | 'screen_on' | 'screen_off';

export interface MediaService {
  join(session: MediaSession): Promise<void>;
  leave(session: MediaSession): Promise<void>;
  signal(session: MediaSession, signal: MediaSignal): Promise<void>;
  trackChanged(session: MediaSession, change: MediaTrackChange): Promise<void>;
}

/**
 * Until the media service exists: sessions are accepted and their signalling is received and
 * checked, but nothing answers it, so no peer connection completes. Not a fake: it claims nothing.
 */
export const NO_MEDIA_SERVICE: MediaService = {
  async join() {},
  async leave() {},
  async signal() {},
  async trackChanged() {},
};

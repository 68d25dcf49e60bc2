// The messages between the core and its media service (the SFU): over Node's IPC channel to a forked
// media process, or as WebSocket text frames to a standalone media server. The core sends requests
// and gets one reply each; the service sends events of its own (signalling for one participant, and
// who speaks). Calls are named by the core's keys: the service never sees plugin ids.

/** Where the media service listens and what it announces. */
export interface MediaConfig {
  /** The local address of the service's one UDP socket; empty for all. */
  udpAddress: string;
  /** The port of that socket, which every participant's ICE shares (udp-mux.ts). 0: any free port. */
  udpPort: number;
  /**
   * Whether ICE also offers passive TCP candidates (the fallback where UDP is blocked): every
   * participant's on one TCP port (tcp-mux.ts), on the UDP address with the UDP port's number.
   */
  enableTcp: boolean;
  /** The address announced in host candidates instead of the local one (a server behind NAT); empty for none. */
  iceHostOverride: string;
  /** STUN and TURN servers, as RTCIceServer. */
  iceServers: MediaIceServer[];
}

export interface MediaIceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Bounds on what crosses into the media process: a real SDP is a few kilobytes, a candidate a few hundred bytes. */
export const MEDIA_LIMITS = {
  /** Compressed SDP, as the client sent it. */
  compressedSdpBytes: 64 * 1024,
  /** SDP once inflated (the zlib bomb guard). */
  sdpBytes: 128 * 1024,
  candidateBytes: 2048,
  idChars: 64,
  participantsPerCall: 64,
} as const;

/** The standalone media server's link (media-server.ts): one WebSocket frame holds one message. */
export const MEDIA_SERVER_LIMITS = {
  /** A signal's SDP in base64 (87 KiB) and its envelope, with room to spare. */
  frameBytes: 256 * 1024,
} as const;

export type MediaSignalInput = { sdpZlibBase64: string } | { candidateJson: string };

export type MediaRequest =
  | { op: 'createCall'; call: string }
  | { op: 'endCall'; call: string }
  | { op: 'addParticipant'; call: string; session: string }
  | { op: 'removeParticipant'; call: string; session: string }
  | { op: 'signal'; call: string; session: string; signal: MediaSignalInput }
  | { op: 'setMuted'; call: string; session: string; muted: boolean }
  | { op: 'health' };

/** The media process's own measure of itself, answered to `health`. */
export interface MediaHealth {
  rssBytes: number;
  /** CPU time used since the process started, user + system, in microseconds. */
  cpuMicros: number;
  calls: number;
  participants: number;
}

export interface MediaRequestEnvelope {
  kind: 'request';
  id: number;
  request: MediaRequest;
}

export interface MediaFailure {
  id: string;
  status: number;
  message: string;
}

export type MediaReply = { kind: 'reply'; id: number; ok: true; result: unknown } | { kind: 'reply'; id: number; ok: false; error: MediaFailure };

/**
 * Signalling for one participant: `data` is the JSON text Mattermost's Calls clients take in a
 * `signal` event (`{type: 'offer'|'answer', sdp}` or `{type: 'candidate', candidate}`).
 */
export interface MediaSignalEvent {
  kind: 'signal';
  call: string;
  session: string;
  data: string;
}

/**
 * Who is speaking, as the SFU tells it from the audio levels of a participant's packets (see
 * voice-activity.ts): sent when a participant starts and stops speaking, never while muted.
 */
export interface MediaVoiceEvent {
  kind: 'voice';
  call: string;
  session: string;
  speaking: boolean;
}

/** What the SFU reports about one participant of its own accord. */
export type MediaServiceEvent = MediaSignalEvent | MediaVoiceEvent;

/** The first message of a started media process: it listens and is ready for requests. */
export interface MediaReadyEvent {
  kind: 'ready';
}

export type MediaProcessMessage = MediaReply | MediaServiceEvent | MediaReadyEvent;

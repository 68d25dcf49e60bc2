// The media service (the server's SFU, as Mattermost's rtcd) as the calls see it: who joins and
// leaves which call, each session's signalling and mute, and the end of a call. The server runs the
// SFU as its own process and this plugin reaches it only through api.media (permission "media");
// what the SFU answers a session comes back through the onMediaSignal hook (see index.ts).
import type { PluginAPI } from '@parley/plugin-api';
import type { CallsSettings } from './settings.ts';

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
  /** The call ended: its media ends with it. */
  end(call: { callId: string; channelId: string }): Promise<void>;
}

/**
 * The media service's name for a call: the channel's id and the call's, so a signal coming back names
 * the channel whose stored call holds the session's current connection.
 */
export function mediaCallId(call: { callId: string; channelId: string }): string {
  return `${call.channelId}_${call.callId}`;
}

export function channelOfMediaCall(mediaCall: string): string {
  return mediaCall.slice(0, mediaCall.indexOf('_'));
}

/** The calls' media through api.media. */
export class PlatformMediaService implements MediaService {
  #media: PluginAPI['media'];

  constructor(media: PluginAPI['media']) {
    this.#media = media;
  }

  /** Starts the server's media service with the RTC settings (again when they changed), or connects to RTCDServiceURL's. */
  configure(settings: CallsSettings): Promise<void> {
    return this.#media.configure({
      serviceUrl: settings.RTCDServiceURL,
      udpAddress: settings.UDPServerAddress,
      udpPort: settings.UDPServerPort,
      // The service answers ICE over TCP on the UDP address and port number; TCPServerAddress/Port cannot be honoured apart.
      enableTcp: settings.TCPServerPort > 0,
      iceHostOverride: settings.ICEHostOverride,
      // The service uses STUN to learn its public address; TURN only where the admin gave credentials.
      iceServers: settings.ICEServersConfigs.filter((server) => server.urls.every((url) => /^stuns?:/.test(url)) || (server.username && server.credential)).slice(0, 10),
    });
  }

  /** The first session of a call opens it in the media service; sessions join muted, as Mattermost's clients start. */
  async join(session: MediaSession): Promise<void> {
    const call = mediaCallId(session);
    await this.#media.createCall(call).catch((err: { id?: string }) => {
      if (err?.id !== 'plugin.media.call.exists') throw err;
    });
    await this.#media.addParticipant(call, session.sessionId);
    await this.#media.setMuted(call, session.sessionId, true);
  }

  async leave(session: MediaSession): Promise<void> {
    await this.#media.removeParticipant(mediaCallId(session), session.sessionId).catch((err: { id?: string }) => {
      // The call ended (or the service restarted) first: nothing is left to remove.
      if (err?.id !== 'plugin.media.call.not_found' && err?.id !== 'plugin.media.participant.not_found') throw err;
    });
  }

  signal(session: MediaSession, signal: MediaSignal): Promise<void> {
    return this.#media.signal(mediaCallId(session), session.sessionId, signal.kind === 'sdp' ? { sdpZlibBase64: signal.zlibBase64 } : { candidateJson: signal.json });
  }

  async trackChanged(session: MediaSession, change: MediaTrackChange): Promise<void> {
    // A screen share is a track the client adds or removes and offers again: the SDP carries it.
    if (change === 'mute' || change === 'unmute') await this.#media.setMuted(mediaCallId(session), session.sessionId, change === 'mute');
  }

  async end(call: { callId: string; channelId: string }): Promise<void> {
    await this.#media.endCall(mediaCallId(call)).catch((err: { id?: string }) => {
      if (err?.id !== 'plugin.media.call.not_found') throw err;
    });
  }
}

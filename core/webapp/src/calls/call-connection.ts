// The user's side of one call, as Mattermost Calls' clients do it: a WebSocket connection of its own
// (its connection id is the call session's id) that joins the channel's call, then the media: the
// microphone (muted at first), an RTCPeerConnection whose offers go to the plugin as `sdp` binary
// frames (MessagePack, the SDP's JSON zlib-compressed, as @mattermost/calls-common's RTCPeer sends
// them) and its candidates as `ice`; the media service's answers, offers and candidates come back as
// `signal` events. Remote audio plays through <audio> elements; a remote video track is the screen
// someone shares (one per call), for the widget to show; sharing adds a track and renegotiates. When
// the socket drops, the user stays in the call while it comes back (call-socket.ts): the connection
// says `reconnect` with the session's original and previous connection ids, as Mattermost Calls'
// client does, and asks for the call's state to learn whether the session is still in it. The peer
// connection does not depend on the socket, so the media keeps flowing meanwhile.
//
// Nothing the user does while the socket is down is lost (Mattermost Calls' client drops it, and the
// others then see a wrong state): the signalling made meanwhile (an offer, an answer, a candidate:
// the negotiation breaks without it) waits in a bounded queue and goes, in order, right after
// `reconnect`; a mute, a hand or a screen share changed meanwhile is not queued but settled against
// the call's state the server answers after the reconnect, which also repairs a change sent into a
// socket that had died unnoticed. Who speaks is left out: the media service hears it itself.
//
// Leaving while the socket is down is not lost either (the server would keep the session until its
// grace period ends, and the others would see a participant who has gone): the media stop at once,
// and the socket, kept only for this, says `reconnect` and `leave` once it is back, then closes; if
// it is not back before the reconnection deadline, the server's grace period ends the session.
//
// When the media service restarts it loses every peer connection; the plugin makes the call again
// in it and says `media_restarted` to this connection, and a new peer connection offers the
// microphone (and the screen being shared) again.
import { CALLS_PREFIX, fetchCallsConfig, type CallsConfig, type WireCall, type WireCallSession } from './calls-api.ts';
import { CallSocket } from './call-socket.ts';
import { VoiceActivity } from './voice-activity.ts';
import { PendingSignals, type PendingSignal } from './pending-signals.ts';

/** How long the client tries to get back into the call after a drop (Mattermost Calls' client: 30 s). */
const RECONNECT_TIMEOUT_MS = 30_000;
/** What the widget says when the call cannot be got back. */
const CALL_LOST = 'The connection to the call was lost. Join again to continue.';
/** What the widget shows about the user's own connection. */
export interface ConnectionState {
  channelId: string;
  /** The session's id: the id of the connection it joined from, kept across reconnects; '' until the server greets the socket. */
  sessionId: string;
  /** `reconnecting`: the socket dropped and the client is getting back into the call, still in it meanwhile. */
  phase: 'joining' | 'joined' | 'reconnecting' | 'failed';
  /** Why joining or the media failed, in words a person can act on. */
  problem: string;
  muted: boolean;
  handRaised: boolean;
  sharingScreen: boolean;
  /** The screen someone else shares, as it arrives from the media service; null when none does. */
  remoteScreen: MediaStream | null;
}

/** The zlib (RFC 1950) compression of `text`: what the plugin inflates (CompressionStream's "deflate" is zlib's format). */
async function zlibCompress(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class CallConnection {
  state: ConnectionState;
  #socket: CallSocket;
  #onChange: (state: ConnectionState) => void;
  #pc: RTCPeerConnection | undefined;
  #microphone: MediaStream | undefined;
  #screen: MediaStream | undefined;
  #screenSenders: RTCRtpSender[] = [];
  #voice: VoiceActivity | undefined;
  #audios: HTMLAudioElement[] = [];
  /** Signalling is applied one message at a time, in the order it came. */
  #signalling: Promise<void> = Promise.resolve();
  #closed = false;
  /** Ends the wait for a dropped connection to come back. */
  #reconnectDeadline: ReturnType<typeof setTimeout> | undefined;
  /** Signalling made while the socket was down, oldest first. */
  #pendingSignals = new PendingSignals();
  /** Outgoing signalling, in the order it was made: each message goes (or is queued) once its content is ready and those before it have gone. */
  #outgoingSignals: Promise<void> = Promise.resolve();
  /** The user left while the socket was down: the socket stays only to say so once it is back. */
  #leaving = false;

  constructor(channelId: string, onChange: (state: ConnectionState) => void) {
    this.state = { channelId, sessionId: '', phase: 'joining', problem: '', muted: true, handRaised: false, sharingScreen: false, remoteScreen: null };
    this.#onChange = onChange;
    this.#socket = new CallSocket(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v4/websocket`, {
      onEvent: (event, data) => this.#receive(event, data),
      onOpen: (connectionId) => {
        this.#change({ sessionId: connectionId });
        this.#send('join', { channelID: this.state.channelId });
      },
      onDropped: () => this.#dropped(),
      onReconnected: (connectionId, previousId) => {
        this.#send('reconnect', { channelID: this.state.channelId, originalConnID: this.state.sessionId, prevConnID: previousId });
        // The reconnect moved the session onto this connection: its leave is the session's.
        if (this.#leaving) return this.#leaveNow();
        // The signalling made meanwhile follows the reconnect (which moved the session onto this
        // connection) once what is still being prepared is ready.
        this.#outgoingSignals = this.#outgoingSignals.then(() => this.#catchUpAfterReconnect());
      },
    });
  }

  #change(change: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...change };
    this.#onChange(this.state);
  }

  /** The call is over for this page: the media and the socket go, the widget says why. */
  #fail(problem: string): void {
    this.#change({ phase: 'failed', problem, remoteScreen: null });
    this.#stopMedia();
    this.#closeSocket();
  }

  /** Sends `custom_com.mattermost.calls_<action>`; nothing is sent while the socket is down. */
  #send(action: string, data: Record<string, unknown> = {}, binary = false): void {
    this.#socket.send(`${CALLS_PREFIX}${action}`, data, binary);
  }

  /**
   * Sends an SDP or a candidate of peer connection `pc` once its content is ready and what was made
   * before it has gone; while the socket is down (or what was queued meanwhile has not gone yet) it
   * waits for the reconnect.
   */
  #sendSignal(pc: RTCPeerConnection, action: PendingSignal['action'], content: Promise<Record<string, unknown>> | Record<string, unknown>): void {
    this.#outgoingSignals = this.#outgoingSignals
      .then(async () => {
        const data = await content;
        // A peer connection replaced since (the media service restarted) has nothing more to say.
        if (pc !== this.#pc) return;
        if (this.#socket.isOpen && this.#pendingSignals.size === 0) this.#send(action, data, action === 'sdp');
        else this.#pendingSignals.push({ action, data });
      })
      .catch(() => undefined); // content that could not be prepared fails its negotiation step, which says so (#sendDescription)
  }

  /** Right after a reconnect: the signalling made meanwhile, then the question whether the session is still in the call. */
  #catchUpAfterReconnect(): void {
    // Dropped again already: the next reconnect catches up.
    if (!this.#socket.isOpen) return;
    for (const signal of this.#pendingSignals.take()) this.#send(signal.action, signal.data, signal.action === 'sdp');
    // Answered after the reconnect (a connection's messages are handled in order).
    this.#send('call_state', { channelID: this.state.channelId });
  }

  /**
   * Sends a change of the user's own state (mute, hand, screen), except while reconnecting: then the
   * call's state answered after the reconnect is set right instead (#settleOwnState).
   */
  #sendOwnState(action: string, data: Record<string, unknown> = {}): void {
    if (this.state.phase !== 'reconnecting') this.#send(action, data);
  }

  #receive(event: string, data: Record<string, unknown>): void {
    if (!event.startsWith(CALLS_PREFIX) || this.#leaving) return;
    const name = event.slice(CALLS_PREFIX.length);
    // join, error, signal and an asked-for call_state are addressed to this connection (its id now, or the session's);
    // the rest of the call's state comes over the chat's socket.
    const toMe = data.connID === this.state.sessionId || data.connID === this.#socket.connectionId;
    if (name === 'join' && toMe && this.state.phase === 'joining') {
      this.#change({ phase: 'joined' });
      this.#startMedia().catch((err: unknown) => this.#mediaFailed(err));
    } else if (name === 'error' && toMe && this.state.phase === 'joining') {
      this.#fail(`You could not join the call: ${String(data.data ?? 'the server refused')}.`);
    } else if (name === 'signal' && typeof data.data === 'string') {
      const signal = data.data;
      this.#signalling = this.#signalling.then(() => this.#applySignal(signal)).catch(() => undefined); // a signal the browser rejects is dropped, as the plugin drops malformed ones
    } else if (name === 'media_restarted' && toMe) {
      this.#signalling = this.#signalling.then(() => this.#mediaRestarted()).catch((err: unknown) => this.#mediaFailed(err));
    } else if (name === 'call_state' && toMe && this.state.phase === 'reconnecting') {
      this.#rejoinedOrLost(typeof data.call === 'string' ? (JSON.parse(data.call) as WireCall) : null);
    } else if (name === 'user_left' && data.session_id === this.state.sessionId) {
      this.sessionEnded();
    }
  }

  #dropped(): void {
    // Dropped again before the call's state came back: still the same wait, under the same deadline.
    if (this.state.phase === 'reconnecting') return;
    if (this.state.phase !== 'joined') {
      this.#fail(CALL_LOST);
      return;
    }
    this.#change({ phase: 'reconnecting' });
    this.#reconnectDeadline = setTimeout(() => this.#fail(CALL_LOST), RECONNECT_TIMEOUT_MS);
  }

  /** The call's state after a reconnect: the session is in it again, or the server had let it go. */
  #rejoinedOrLost(call: WireCall | null): void {
    clearTimeout(this.#reconnectDeadline);
    const session = call?.sessions.find((candidate) => candidate.session_id === this.state.sessionId);
    if (!call || !session) return this.#fail(CALL_LOST);
    this.#settleOwnState(session, call.screen_sharing_session_id === session.session_id);
    this.#change({ phase: 'joined' });
  }

  /** Tells the server what it has wrong about this session: changes made while the socket was down, or sent into one that had died. */
  #settleOwnState(server: WireCallSession, serverSharing: boolean): void {
    const { muted, handRaised, sharingScreen } = this.state;
    if (server.unmuted === muted) this.#send(muted ? 'mute' : 'unmute');
    if (server.raised_hand > 0 !== handRaised) this.#send(handRaised ? 'raise_hand' : 'unraise_hand');
    if (serverSharing !== sharingScreen) this.#send(sharingScreen ? 'screen_on' : 'screen_off', sharingScreen && this.#screen ? { data: JSON.stringify({ screenStreamID: this.#screen.id }) } : {});
  }

  #mediaFailed(err: unknown): void {
    const name = (err as { name?: string } | null)?.name;
    const why = name === 'NotAllowedError' ? 'the browser was not allowed to use the microphone' : name === 'NotFoundError' ? 'no microphone was found' : String(err);
    this.#change({ problem: `You are in the call without audio: ${why}.` });
  }

  async #startMedia(): Promise<void> {
    const config = await fetchCallsConfig();
    if (this.#closed) return;
    const microphone = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    if (this.#closed) {
      for (const track of microphone.getTracks()) track.stop();
      return;
    }
    this.#microphone = microphone;
    // Mattermost's clients join muted: the track is sent, but silent until unmuted.
    for (const track of microphone.getAudioTracks()) track.enabled = false;
    this.#voice = new VoiceActivity(microphone, (speaking) => this.#send(speaking ? 'voice_on' : 'voice_off'));
    this.#connectPeer(config, microphone);
  }

  /** The media service lost this connection's media (it restarted): a new peer connection offers again. */
  async #mediaRestarted(): Promise<void> {
    // Without a peer connection yet, the first offer is still to come, and goes to the new service.
    if (!this.#pc || !this.#microphone) return;
    const config = await fetchCallsConfig();
    const microphone = this.#microphone;
    if (this.#closed || !this.#pc) return;
    this.#pc.close();
    // What the old connection still had to say is about a connection that no longer exists.
    this.#pendingSignals.clear();
    this.#removeRemoteAudio();
    this.#change({ remoteScreen: null });
    this.#connectPeer(config, microphone);
  }

  /** A peer connection to the media service sending the microphone and the screen being shared; it offers as the tracks are added. */
  #connectPeer(config: CallsConfig, microphone: MediaStream): void {
    const pc = new RTCPeerConnection({ iceServers: config.ICEServersConfigs });
    this.#pc = pc;
    pc.onicecandidate = (event) => {
      if (event.candidate) this.#sendSignal(pc, 'ice', { data: JSON.stringify(event.candidate.toJSON()) });
    };
    pc.onnegotiationneeded = () => {
      this.#signalling = this.#signalling.then(() => this.#offer()).catch((err: unknown) => this.#mediaFailed(err));
    };
    pc.ontrack = (event) => {
      if (event.track.kind === 'video') return this.#screenArrived(event);
      const audio = new Audio();
      audio.autoplay = true;
      audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      audio.dataset.callAudio = event.track.id;
      document.body.append(audio);
      this.#audios.push(audio);
      void audio.play().catch(() => undefined); // autoplay refused: the next click in the page lets it play
    };
    for (const track of microphone.getAudioTracks()) pc.addTrack(track, microphone);
    const screen = this.#screen;
    if (screen) this.#screenSenders = screen.getVideoTracks().map((track) => pc.addTrack(track, screen));
  }

  /** A video track from the media service: the screen someone shares, until the service takes it away again. */
  #screenArrived(event: RTCTrackEvent): void {
    const { track } = event;
    this.#change({ remoteScreen: new MediaStream([track]) });
    const gone = () => {
      if (this.state.remoteScreen?.getVideoTracks()[0] === track) this.#change({ remoteScreen: null });
    };
    // The service renegotiates the track away when the sharing stops: the receiver's stream loses it.
    for (const stream of event.streams) stream.addEventListener('removetrack', (removed) => removed.track === track && gone(), { once: true });
    track.addEventListener('ended', gone, { once: true });
  }

  async #offer(): Promise<void> {
    const pc = this.#pc;
    if (!pc || this.#closed) return;
    await pc.setLocalDescription(await pc.createOffer());
    await this.#sendDescription(pc);
  }

  async #sendDescription(pc: RTCPeerConnection): Promise<void> {
    const description = pc.localDescription;
    if (!description) return;
    // Its place among the outgoing signalling is taken now, while it is compressed.
    const content = zlibCompress(JSON.stringify({ type: description.type, sdp: description.sdp })).then((data) => ({ data }));
    this.#sendSignal(pc, 'sdp', content);
    await content;
  }

  /** The media service's message: an offer (its tracks for us) to answer, an answer to ours, or a candidate. */
  async #applySignal(text: string): Promise<void> {
    const pc = this.#pc;
    if (!pc) return;
    const message = JSON.parse(text) as { type?: string; sdp?: string; candidate?: RTCIceCandidateInit };
    if (message.type === 'offer' && message.sdp) {
      await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      await this.#sendDescription(pc);
    } else if (message.type === 'answer' && message.sdp) {
      await pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
    } else if (message.type === 'candidate' && message.candidate) {
      await pc.addIceCandidate(message.candidate);
    }
  }

  setMuted(muted: boolean): void {
    for (const track of this.#microphone?.getAudioTracks() ?? []) track.enabled = !muted;
    this.#change({ muted });
    this.#sendOwnState(muted ? 'mute' : 'unmute');
  }

  setHandRaised(raised: boolean): void {
    this.#change({ handRaised: raised });
    this.#sendOwnState(raised ? 'raise_hand' : 'unraise_hand');
  }

  /** Shares a screen (the browser asks which): its track is added and the connection renegotiates. */
  async startScreenShare(): Promise<void> {
    const pc = this.#pc;
    if (!pc) throw new Error('the call has no media connection yet');
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    this.#screen = screen;
    const [track] = screen.getVideoTracks();
    if (!track) return;
    // The browser's own "Stop sharing" ends the track.
    track.addEventListener('ended', () => this.stopScreenShare());
    this.#screenSenders = [pc.addTrack(track, screen)];
    this.#change({ sharingScreen: true });
    this.#sendOwnState('screen_on', { data: JSON.stringify({ screenStreamID: screen.id }) });
  }

  stopScreenShare(): void {
    if (!this.#screen) return;
    for (const track of this.#screen.getTracks()) track.stop();
    this.#screen = undefined;
    for (const sender of this.#screenSenders.splice(0)) this.#pc?.removeTrack(sender);
    this.#change({ sharingScreen: false });
    this.#sendOwnState('screen_off');
  }

  /**
   * The server let the session go without this page leaving (user_left, seen on the chat's socket or
   * replayed on this one): the grace period after a drop ran out before the reconnect, or the user was
   * taken out of the channel.
   */
  sessionEnded(): void {
    if (this.state.phase !== 'failed') this.#fail(CALL_LOST);
  }

  /** The host removed this session (host_removed): it leaves, and the widget says so. */
  removedByHost(): void {
    this.#send('leave');
    this.#fail('The host removed you from the call.');
  }

  /** The audio received so far, for the widget's diagnostics and tests: inbound-rtp audio bytes. */
  async audioBytesReceived(): Promise<number> {
    let bytes = 0;
    (await this.#pc?.getStats())?.forEach((report: { type?: string; kind?: string; bytesReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
    });
    return bytes;
  }

  /**
   * Leaves the call and lets go of the microphone, the screen and the connection; while the socket is
   * coming back, the leave waits for it (under the reconnection deadline).
   */
  leave(): void {
    this.#stopMedia();
    if (this.state.phase === 'reconnecting' && !this.#socket.isOpen) {
      this.#leaving = true;
      this.#pendingSignals.clear();
      return;
    }
    this.#leaveNow();
  }

  #leaveNow(): void {
    this.#send('leave');
    this.#closeSocket();
  }

  #closeSocket(): void {
    this.#closed = true;
    clearTimeout(this.#reconnectDeadline);
    this.#pendingSignals.clear();
    this.#socket.close();
  }

  #stopMedia(): void {
    this.#voice?.stop();
    this.#voice = undefined;
    for (const stream of [this.#microphone, this.#screen]) for (const track of stream?.getTracks() ?? []) track.stop();
    this.#microphone = undefined;
    this.#screen = undefined;
    this.#pc?.close();
    this.#pc = undefined;
    this.#removeRemoteAudio();
  }

  #removeRemoteAudio(): void {
    for (const audio of this.#audios.splice(0)) {
      audio.srcObject = null;
      audio.remove();
    }
  }
}

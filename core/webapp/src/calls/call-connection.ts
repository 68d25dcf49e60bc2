// The user's side of one call, as Mattermost Calls' clients do it: a WebSocket connection of its own
// (its connection id is the call session's id) that joins the channel's call, then the media: the
// microphone (muted at first), an RTCPeerConnection whose offers go to the plugin as `sdp` binary
// frames (MessagePack, the SDP's JSON zlib-compressed, as @mattermost/calls-common's RTCPeer sends
// them) and its candidates as `ice`; the media service's answers, offers and candidates come back as
// `signal` events. Remote tracks play through <audio> elements; a screen share adds a track and
// renegotiates.
import { encode } from '@msgpack/msgpack';
import { CALLS_PREFIX, fetchCallsConfig } from './calls-api.ts';
import { VoiceActivity } from './voice-activity.ts';

/** What the widget shows about the user's own connection. */
export interface ConnectionState {
  channelId: string;
  /** The session's id (this connection's id), '' until the server greets the socket. */
  sessionId: string;
  phase: 'joining' | 'joined' | 'failed';
  /** Why joining or the media failed, in words a person can act on. */
  problem: string;
  muted: boolean;
  handRaised: boolean;
  sharingScreen: boolean;
}

/** The zlib (RFC 1950) compression of `text`: what the plugin inflates (CompressionStream's "deflate" is zlib's format). */
async function zlibCompress(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class CallConnection {
  state: ConnectionState;
  #socket: WebSocket;
  #seq = 1;
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

  constructor(channelId: string, onChange: (state: ConnectionState) => void) {
    this.state = { channelId, sessionId: '', phase: 'joining', problem: '', muted: true, handRaised: false, sharingScreen: false };
    this.#onChange = onChange;
    this.#socket = new WebSocket(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v4/websocket`);
    this.#socket.addEventListener('message', (message) => this.#receive(message));
    this.#socket.addEventListener('close', () => {
      if (!this.#closed) this.#fail('The connection to the call was lost. Join again to continue.');
    });
  }

  #change(change: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...change };
    this.#onChange(this.state);
  }

  #fail(problem: string): void {
    this.#change({ phase: 'failed', problem });
    this.#stopMedia();
  }

  /** Sends `custom_com.mattermost.calls_<action>`; a binary frame is MessagePack, as Mattermost's clients send the SDP. */
  #send(action: string, data: Record<string, unknown> = {}, binary = false): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    const frame = { seq: this.#seq++, action: `${CALLS_PREFIX}${action}`, data };
    this.#socket.send(binary ? encode(frame) : JSON.stringify(frame));
  }

  #receive(message: MessageEvent): void {
    if (typeof message.data !== 'string') return;
    const frame = JSON.parse(message.data) as { event?: string; data?: Record<string, unknown> };
    const data = frame.data ?? {};
    if (frame.event === 'hello') {
      this.#change({ sessionId: String(data.connection_id ?? '') });
      this.#send('join', { channelID: this.state.channelId });
      return;
    }
    // join, error and signal are addressed to this connection; the call's state comes over the chat's socket.
    if (frame.event === `${CALLS_PREFIX}join` && data.connID === this.state.sessionId) {
      this.#change({ phase: 'joined' });
      this.#startMedia().catch((err: unknown) => this.#mediaFailed(err));
    } else if (frame.event === `${CALLS_PREFIX}error` && data.connID === this.state.sessionId) {
      this.#fail(`You could not join the call: ${String(data.data ?? 'the server refused')}.`);
      this.#closeSocket();
    } else if (frame.event === `${CALLS_PREFIX}signal` && typeof data.data === 'string') {
      const signal = data.data;
      this.#signalling = this.#signalling.then(() => this.#applySignal(signal)).catch(() => undefined); // a signal the browser rejects is dropped, as the plugin drops malformed ones
    }
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

    const pc = new RTCPeerConnection({ iceServers: config.ICEServersConfigs });
    this.#pc = pc;
    pc.onicecandidate = (event) => {
      if (event.candidate) this.#send('ice', { data: JSON.stringify(event.candidate.toJSON()) });
    };
    pc.onnegotiationneeded = () => {
      this.#signalling = this.#signalling.then(() => this.#offer()).catch((err: unknown) => this.#mediaFailed(err));
    };
    pc.ontrack = (event) => {
      if (event.track.kind !== 'audio') return;
      const audio = new Audio();
      audio.autoplay = true;
      audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      audio.dataset.callAudio = event.track.id;
      document.body.append(audio);
      this.#audios.push(audio);
      void audio.play().catch(() => undefined); // autoplay refused: the next click in the page lets it play
    };
    for (const track of microphone.getAudioTracks()) pc.addTrack(track, microphone);
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
    this.#send('sdp', { data: await zlibCompress(JSON.stringify({ type: description.type, sdp: description.sdp })) }, true);
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
    this.#send(muted ? 'mute' : 'unmute');
    this.#change({ muted });
  }

  setHandRaised(raised: boolean): void {
    this.#send(raised ? 'raise_hand' : 'unraise_hand');
    this.#change({ handRaised: raised });
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
    this.#send('screen_on', { data: JSON.stringify({ screenStreamID: screen.id }) });
    this.#change({ sharingScreen: true });
  }

  stopScreenShare(): void {
    if (!this.#screen) return;
    for (const track of this.#screen.getTracks()) track.stop();
    this.#screen = undefined;
    for (const sender of this.#screenSenders.splice(0)) this.#pc?.removeTrack(sender);
    this.#send('screen_off');
    this.#change({ sharingScreen: false });
  }

  /** Lowers the hand when the host did (host_lower_hand). */
  handLowered(): void {
    this.#change({ handRaised: false });
  }

  /** The audio received so far, for the widget's diagnostics and tests: inbound-rtp audio bytes. */
  async audioBytesReceived(): Promise<number> {
    let bytes = 0;
    (await this.#pc?.getStats())?.forEach((report: { type?: string; kind?: string; bytesReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
    });
    return bytes;
  }

  /** Leaves the call and lets go of the microphone, the screen and the connection. */
  leave(): void {
    this.#send('leave');
    this.#closed = true;
    this.#stopMedia();
    this.#closeSocket();
  }

  #closeSocket(): void {
    this.#closed = true;
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
    for (const audio of this.#audios.splice(0)) {
      audio.srcObject = null;
      audio.remove();
    }
  }
}

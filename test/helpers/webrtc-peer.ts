// A WebRTC client in Node (werift) that behaves as Mattermost Calls' RTCPeer does: it offers its
// microphone track, answers the server's offers for the others' tracks, and sends its SDP as the
// zlib-compressed JSON of the description. Its "microphone" writes a synthetic Opus packet every
// 20 ms, each carrying the sender's name, so a receiver can tell whose audio reached it, and the
// audio level header extension (RFC 6464) as Chromium sends it: silence until told to play a tone.
// Loopback candidates only: the media tests run where only `lo` exists.
import { deflateSync } from 'node:zlib';
import { MediaStreamTrack, RTCPeerConnection, RTP_EXTENSION_URI, RtpHeader, RtpPacket, serializeAudioLevelIndication, useAudioLevelIndication, useOPUS, useVP8 } from 'werift';

/**
 * Which ICE transports the peer uses: any, or only TCP — a client whose UDP is blocked, which can
 * only dial out over TCP to a passive candidate (RFC 6544). werift always gathers UDP host
 * candidates, so a TCP-only peer keeps UDP candidates out of what it sends and out of what it is
 * sent: no UDP pair can form on either side.
 */
export type PeerTransport = 'any' | 'tcp';

export interface PeerSignalling {
  /** Sends this peer's SDP (base64 of the zlib-compressed JSON) or ICE candidate (JSON text). */
  sdp(zlibBase64: string): void;
  candidate(json: string): void;
}

const FRAME_MS = 20;
const OPUS_PAYLOAD_TYPE = 111;
/** Audio levels in -dBov, as the extension carries them: a tone near full scale, and digital silence. */
const AUDIO_LEVEL = { tone: 10, silence: 127 } as const;

export class WebRtcPeer {
  readonly name: string;
  /** The peer connection; a new one after restart(). */
  pc: RTCPeerConnection;
  /** Audio packets received, by the name of the peer that sent them. */
  readonly heard = new Map<string, number>();
  /** Video packets received (a screen share). */
  videoPackets = 0;
  /** When the first forwarded audio packet arrived (ms since the epoch), 0 before. */
  firstAudioAt = 0;
  #signalling: PeerSignalling;
  #mic = new MediaStreamTrack({ kind: 'audio' });
  /** The screen being shared, if one is. */
  #screen: MediaStreamTrack | undefined;
  #timers: NodeJS.Timeout[] = [];
  #steps: Promise<void> = Promise.resolve();
  #sound: keyof typeof AUDIO_LEVEL = 'silence';
  #transport: PeerTransport;

  constructor(name: string, signalling: PeerSignalling, transport: PeerTransport = 'any') {
    this.name = name;
    this.#signalling = signalling;
    this.#transport = transport;
    this.pc = this.#connection();
  }

  #connection(): RTCPeerConnection {
    const pc = new RTCPeerConnection({
      codecs: { audio: [useOPUS()], video: [useVP8()] },
      headerExtensions: { audio: [useAudioLevelIndication()] },
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
      ...(this.#transport === 'tcp' ? { iceUseTcp: true, iceTcpPassive: false } : {}),
    });
    pc.onIceCandidate.subscribe((candidate) => {
      if (candidate && this.#usable(candidate.candidate)) this.#signalling.candidate(JSON.stringify(candidate.toJSON()));
    });
    pc.ontrack = ({ track }) => {
      track.onReceiveRtp.subscribe((rtp) => {
        if (track.kind === 'video') {
          this.videoPackets += 1;
          return;
        }
        const from = rtp.payload.toString('utf8');
        this.heard.set(from, (this.heard.get(from) ?? 0) + 1);
        if (this.firstAudioAt === 0) this.firstAudioAt = Date.now();
      });
    };
    return pc;
  }

  /** Offers the microphone (as the client does right after joining) and starts speaking. */
  async start(): Promise<void> {
    this.pc.addTransceiver(this.#mic, { direction: 'sendrecv' });
    await this.#offer();
    this.#timers.push(this.#speak(() => this.#mic, 'audio'));
  }

  /**
   * The media service lost this peer's connection (it restarted): a new connection offers the
   * microphone, and the screen being shared, again — what a client does on `media_restarted`.
   */
  restart(): Promise<void> {
    return this.#step(async () => {
      await this.pc.close().catch(() => {});
      this.pc = this.#connection();
      this.#mic = new MediaStreamTrack({ kind: 'audio' });
      this.pc.addTransceiver(this.#mic, { direction: 'sendrecv' });
      if (this.#screen) {
        this.#screen = new MediaStreamTrack({ kind: 'video' });
        this.pc.addTransceiver(this.#screen, { direction: 'sendonly' });
      }
      await this.#offer();
    });
  }

  /**
   * Answers a peer's offer with the microphone on the offered audio line (a direct peer-to-peer
   * call, with no SFU between: the benchmark's baseline) and starts speaking.
   */
  async answerWithMicrophone(sdp: string): Promise<void> {
    await this.#step(async () => {
      await this.pc.setRemoteDescription({ type: 'offer', sdp });
      const audio = this.pc.getTransceivers().find((transceiver) => transceiver.kind === 'audio')!;
      audio.direction = 'sendrecv';
      await audio.sender.replaceTrack(this.#mic);
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      this.#sendDescription();
    });
    this.#timers.push(this.#speak(() => this.#mic, 'audio'));
  }

  /** Starts a screen share: a video track, offered again (renegotiation). */
  async shareScreen(): Promise<void> {
    this.#screen = new MediaStreamTrack({ kind: 'video' });
    this.pc.addTransceiver(this.#screen, { direction: 'sendonly' });
    await this.#step(() => this.#offer());
    this.#timers.push(this.#speak(() => this.#screen!, 'video'));
  }

  /** The server's `signal` event data: an offer to answer, an answer, or a candidate. */
  signal(data: string): Promise<void> {
    const message = JSON.parse(data) as { type: string; sdp?: string; candidate?: { candidate: string; sdpMid?: string; sdpMLineIndex?: number } };
    return this.#step(async () => {
      if (message.type === 'offer') {
        await this.pc.setRemoteDescription({ type: 'offer', sdp: this.#usableSdp(message.sdp!) });
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.#sendDescription();
      } else if (message.type === 'answer') {
        await this.pc.setRemoteDescription({ type: 'answer', sdp: this.#usableSdp(message.sdp!) });
      } else if (message.type === 'candidate' && message.candidate && this.#usable(message.candidate.candidate)) {
        await this.pc.addIceCandidate(message.candidate);
      }
    });
  }

  /** What the microphone's packets say their level is from now on: a loud tone, or silence. */
  play(sound: keyof typeof AUDIO_LEVEL): void {
    this.#sound = sound;
  }

  /** How many audio packets from `name` arrived. */
  packetsFrom(name: string): number {
    return this.heard.get(name) ?? 0;
  }

  async connected(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pc.connectionState !== 'connected') {
      if (Date.now() > deadline) throw new Error(`${this.name}: no connection (ICE ${this.pc.iceConnectionState}, ${this.pc.connectionState}) after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.pc.close().catch(() => {});
  }

  async #offer(): Promise<void> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.#sendDescription();
  }

  #sendDescription(): void {
    const description = this.pc.localDescription!;
    this.#signalling.sdp(deflateSync(JSON.stringify({ type: description.type, sdp: this.#usableSdp(description.sdp) })).toString('base64'));
  }

  /** Whether a candidate (`candidate:<foundation> <component> <transport> ...`) is of a transport this peer uses. */
  #usable(candidate: string): boolean {
    return this.#transport === 'any' || candidate.replace(/^a=/, '').split(' ')[2]?.toLowerCase() === 'tcp';
  }

  /** The description without the candidates of transports this peer does not use. */
  #usableSdp(sdp: string): string {
    if (this.#transport === 'any') return sdp;
    return sdp
      .split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:') || this.#usable(line))
      .join('\r\n');
  }

  #step(work: () => Promise<void>): Promise<void> {
    const run = this.#steps.then(work);
    this.#steps = run.catch(() => {});
    return run;
  }

  /** Sends a packet every frame on the track `track()` gives then (a restart makes a new one). */
  #speak(track: () => MediaStreamTrack, kind: 'audio' | 'video'): NodeJS.Timeout {
    let sequenceNumber = 0;
    let timestamp = 0;
    const payload = Buffer.from(this.name, 'utf8');
    return setInterval(() => {
      if (this.pc.connectionState !== 'connected') return;
      sequenceNumber = (sequenceNumber + 1) & 0xffff;
      timestamp = (timestamp + (kind === 'audio' ? 960 : 3000)) >>> 0;
      const header = new RtpHeader({ payloadType: kind === 'audio' ? OPUS_PAYLOAD_TYPE : 96, sequenceNumber, timestamp, marker: true });
      const levelId = kind === 'audio' ? this.#audioLevelExtensionId() : undefined;
      if (levelId !== undefined) {
        header.extension = true;
        header.extensions = [{ id: levelId, payload: serializeAudioLevelIndication(AUDIO_LEVEL[this.#sound]) }];
      }
      track().writeRtp(new RtpPacket(header, payload));
    }, FRAME_MS);
  }

  /** The id the audio level extension was negotiated with, if it was. */
  #audioLevelExtensionId(): number | undefined {
    const sdp = this.pc.localDescription?.sdp ?? '';
    const match = new RegExp(`a=extmap:(\\d+) ${RTP_EXTENSION_URI.audioLevelIndication}`).exec(sdp);
    return match ? Number(match[1]) : undefined;
  }
}

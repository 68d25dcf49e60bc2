// The selective forwarding unit the media process runs, on werift: one peer connection per
// participant; every track a participant sends (its voice, its screen) is forwarded, packet by
// packet and never decoded, to every other participant of the same call over a track the SFU adds
// to their connection (and offers them, as Mattermost's rtcd does). A muted participant's audio is
// dropped here, so a client that keeps sending while muted is not heard. Who speaks is told from the
// audio level each packet of a participant's voice carries (voice-activity.ts), muted ones never.
//
// Every participant's ICE runs over one UDP socket (udp-mux.ts) and, for the TCP fallback, one TCP
// port (tcp-mux.ts), put into werift by werift-shared-ports.ts: `open` binds them before the first
// call, `close` releases them.
//
// Signalling per participant runs one step at a time (a chain of promises): an offer of the client
// and an offer of the SFU may cross; the SFU is the polite side and rolls its own back, then offers
// again once the client's is answered. The SFU offers nothing before the participant's connection is
// up (ICE and DTLS): until a pair is nominated werift makes whichever side sets a local offer
// ICE-controlling, and the answering side's DTLS role follows the answer, so an offer of the SFU's
// during the checks or the handshake (the others' tracks, offered right after the first answer)
// turns both sides' roles round midway. RFC 8445 keeps the ICE roles for the whole session. Over the
// one TCP connection a TCP-only client opens, its checks then met 487 Role Conflict and its only pair
// failed (the third of three such peers stayed "checking" in two full runs of the media suite).
import { inflateSync } from 'node:zlib';
import { MediaStreamTrack, PictureLossIndication, RTCPeerConnection, RtcpPayloadSpecificFeedback, RTP_EXTENSION_URI, useAudioLevelIndication, useOPUS, useVP8, type RtcpPacket, type RTCRtpReceiver, type RTCRtpSender } from 'werift';
import { MEDIA_LIMITS, type MediaConfig, type MediaFailure, type MediaServiceEvent, type MediaSignalInput } from './media-protocol.ts';
import { TcpMux } from './tcp-mux.ts';
import { UdpMux } from './udp-mux.ts';
import { VoiceActivity } from './voice-activity.ts';
import { useSharedPorts, type SharedPorts } from './werift-shared-ports.ts';

/** A refusal the core passes on to the plugin with its id and status. */
export class MediaRefusal extends Error implements MediaFailure {
  readonly id: string;
  readonly status: number;

  constructor(id: string, status: number, message: string) {
    super(message);
    this.id = id;
    this.status = status;
  }
}

const refuse = {
  callExists: (call: string) => new MediaRefusal('media.call.exists', 409, `The media call ${call} exists already.`),
  noCall: () => new MediaRefusal('media.call.not_found', 404, 'There is no such media call; create it first.'),
  noParticipant: () => new MediaRefusal('media.participant.not_found', 404, 'There is no such participant in the media call; add it first.'),
  participantExists: () => new MediaRefusal('media.participant.exists', 409, 'The participant is in the media call already.'),
  full: () => new MediaRefusal('media.call.full', 409, `A media call holds at most ${MEDIA_LIMITS.participantsPerCall} participants.`),
  badSignal: (why: string) => new MediaRefusal('media.signal.invalid', 400, `The signalling message was refused: ${why}.`),
  notOpen: () => new MediaRefusal('media.ports.not_open', 503, 'The media service has no UDP socket open: it is starting or stopping.'),
};

/** One track a participant sends, and the copies of it the SFU sends to the others. */
interface Source {
  owner: Participant;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
  receiver: RTCRtpReceiver;
  /** By receiving participant: the track the SFU writes this source's packets to, and its sender. */
  copies: Map<Participant, { track: MediaStreamTrack; sender?: RTCRtpSender }>;
}

class Participant {
  readonly session: string;
  readonly pc: RTCPeerConnection;
  muted = false;
  readonly voice: VoiceActivity;
  /** The tracks this participant sends. */
  readonly sources: Source[] = [];
  #steps: Promise<void> = Promise.resolve();
  /** A change (a forwarded track added or removed) waits for the signalling to be stable to be offered. */
  #offerWanted = false;
  /** The participant's first offer makes the connection; the SFU offers nothing before it. */
  #started = false;
  #beforeStart: Array<() => void> = [];
  #closed = false;
  #emit: (data: object) => void;
  #announce: (sdp: string) => string;

  constructor(session: string, pc: RTCPeerConnection, emit: (data: object) => void, announce: (sdp: string) => string, voice: VoiceActivity) {
    this.session = session;
    this.pc = pc;
    this.voice = voice;
    this.#emit = emit;
    this.#announce = announce;
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.#offerWanted) void this.step(() => this.#offerIfWanted()).catch(() => {});
    });
  }

  /** Offers the changes waiting, once signalling is stable and the connection is up (its roles settled). */
  async #offerIfWanted(): Promise<void> {
    if (this.#offerWanted && this.pc.signalingState === 'stable' && this.pc.connectionState === 'connected') await this.#offer();
  }

  /** Runs one signalling step after those before it; a failed step does not stop the next. */
  step(work: () => Promise<void>): Promise<void> {
    const run = this.#steps.then(() => (this.#closed ? undefined : work()));
    this.#steps = run.catch(() => {});
    return run;
  }

  async remoteDescription(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    const pc = this.pc;
    if (description.type === 'offer') {
      if (pc.signalingState === 'have-local-offer') {
        await pc.setLocalDescription({ type: 'rollback' });
        this.#offerWanted = true;
      }
      await pc.setRemoteDescription(description);
      await pc.setLocalDescription(await pc.createAnswer());
      this.#emit({ type: 'answer', sdp: this.#announce(pc.localDescription!.sdp) });
      if (!this.#started) {
        this.#started = true;
        const waiting = this.#beforeStart.splice(0);
        for (const change of waiting) change();
        if (waiting.length > 0) this.#offerWanted = true;
      }
    } else {
      if (pc.signalingState !== 'have-local-offer') throw refuse.badSignal('an answer came with no offer of the media service waiting for it');
      await pc.setRemoteDescription(description);
    }
    await this.#offerIfWanted();
  }

  /**
   * Adds a track the SFU sends this participant, or removes one, and offers the change once
   * signalling allows. Done as a step of its own: a transceiver added while the participant's own
   * offer is being answered could be taken into that answer.
   */
  changeSending(change: () => void): void {
    void this.step(async () => {
      // Before its first offer, the participant's connection has no m-line of its own: a
      // transceiver added now would be taken for the one its offer brings.
      if (!this.#started) {
        this.#beforeStart.push(change);
        return;
      }
      change();
      this.#offerWanted = true;
      await this.#offerIfWanted();
    }).catch(() => {});
  }

  async #offer(): Promise<void> {
    this.#offerWanted = false;
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.#emit({ type: 'offer', sdp: this.#announce(this.pc.localDescription!.sdp) });
  }

  close(): void {
    this.#closed = true;
    this.voice.close();
    void this.pc.close().catch(() => {});
  }
}

class Call {
  readonly participants = new Map<string, Participant>();
}

export class Sfu {
  #config: MediaConfig;
  #calls = new Map<string, Call>();
  #emit: (event: MediaServiceEvent) => void;
  #ports: SharedPorts | undefined;

  constructor(config: MediaConfig, emit: (event: MediaServiceEvent) => void) {
    this.#config = config;
    this.#emit = emit;
  }

  /**
   * Binds the one UDP socket every participant's ICE uses (`udpAddress:udpPort`), and with the TCP
   * fallback on, listens for ICE-TCP on the same address and port number (any free one when the UDP
   * port is 0); rejects when it cannot (a port is taken). `onError` hears the UDP socket's later errors.
   */
  async open(onError?: (err: Error) => void): Promise<void> {
    if (this.#ports) return;
    const { udpAddress, udpPort, enableTcp } = this.#config;
    const where = `${udpAddress || '0.0.0.0'}:${udpPort}`;
    const udp = await UdpMux.bind(udpAddress, udpPort, { onError }).catch((err: Error) => {
      throw new Error(`cannot bind UDP ${where}: ${err.message}`);
    });
    const tcp = enableTcp
      ? await TcpMux.listen(udpAddress, udpPort).catch(async (err: Error) => {
          await udp.close();
          throw new Error(`cannot listen on TCP ${where}: ${err.message}`);
        })
      : undefined;
    this.#ports = { udp, tcp };
  }

  /** Ends every call and releases the ports. */
  async close(): Promise<void> {
    this.endCalls();
    const ports = this.#ports;
    this.#ports = undefined;
    await Promise.all([ports?.udp.close(), ports?.tcp?.close()]);
  }

  /** The calls (those `belongs` names, or all) and their participants. */
  counts(belongs: (callKey: string) => boolean = () => true): { calls: number; participants: number } {
    let calls = 0;
    let participants = 0;
    for (const [key, call] of this.#calls) {
      if (!belongs(key)) continue;
      calls += 1;
      participants += call.participants.size;
    }
    return { calls, participants };
  }

  createCall(callKey: string): void {
    if (this.#calls.has(callKey)) throw refuse.callExists(callKey);
    this.#calls.set(callKey, new Call());
  }

  endCall(callKey: string): void {
    const call = this.#call(callKey);
    for (const participant of call.participants.values()) participant.close();
    this.#calls.delete(callKey);
  }

  addParticipant(callKey: string, session: string): void {
    const call = this.#call(callKey);
    if (!this.#ports) throw refuse.notOpen();
    if (call.participants.has(session)) throw refuse.participantExists();
    if (call.participants.size >= MEDIA_LIMITS.participantsPerCall) throw refuse.full();
    const emit = (data: object) => this.#emit({ kind: 'signal', call: callKey, session, data: JSON.stringify(data) });
    const voice = new VoiceActivity((speaking) => this.#emit({ kind: 'voice', call: callKey, session, speaking }));
    const participant = new Participant(session, this.#peerConnection(this.#ports), emit, (sdp) => announceCandidates(sdp, this.#announcedAddress()), voice);
    participant.pc.ontrack = ({ track, receiver }) => this.#trackArrived(call, participant, track, receiver);
    call.participants.set(session, participant);
    // What the others send already reaches the newcomer once its first offer has made the connection.
    for (const other of call.participants.values()) {
      for (const source of other.sources) if (other !== participant) this.#copy(source, participant);
    }
  }

  removeParticipant(callKey: string, session: string): void {
    const call = this.#call(callKey);
    const participant = this.#participant(call, session);
    call.participants.delete(session);
    for (const source of participant.sources) {
      for (const [receiver, copy] of source.copies) {
        copy.track.stop();
        receiver.changeSending(() => {
          if (copy.sender) receiver.pc.removeTrack(copy.sender);
        });
      }
      source.copies.clear();
    }
    for (const other of call.participants.values()) for (const source of other.sources) source.copies.delete(participant);
    participant.close();
  }

  setMuted(callKey: string, session: string, muted: boolean): void {
    const participant = this.#participant(this.#call(callKey), session);
    participant.muted = muted;
    if (muted) participant.voice.reset();
  }

  async signal(callKey: string, session: string, signal: MediaSignalInput): Promise<void> {
    const participant = this.#participant(this.#call(callKey), session);
    if ('sdpZlibBase64' in signal) {
      const description = decodeSdp(signal.sdpZlibBase64);
      await participant.step(() => participant.remoteDescription(description)).catch((err: unknown) => {
        throw err instanceof MediaRefusal ? err : refuse.badSignal(`the SDP could not be applied (${String((err as Error)?.message ?? err).slice(0, 200)})`);
      });
      return;
    }
    const candidate = decodeCandidate(signal.candidateJson);
    if (candidate.candidate === '') return;
    await participant.step(() => participant.pc.addIceCandidate(candidate)).catch(() => {
      throw refuse.badSignal('the ICE candidate could not be added');
    });
  }

  /** Ends the calls `belongs` names, or all. */
  endCalls(belongs: (callKey: string) => boolean = () => true): void {
    for (const key of [...this.#calls.keys()]) if (belongs(key)) this.endCall(key);
  }

  #trackArrived(call: Call, owner: Participant, track: MediaStreamTrack, receiver: RTCRtpReceiver): void {
    if (!call.participants.has(owner.session)) return;
    const kind = track.kind === 'video' ? 'video' : 'audio';
    const source: Source = { owner, kind, track, receiver, copies: new Map() };
    owner.sources.push(source);
    track.onReceiveRtp.subscribe((rtp, extensions) => {
      if (kind === 'audio' && owner.muted) return;
      const level = kind === 'audio' ? (extensions?.[RTP_EXTENSION_URI.audioLevelIndication] as { level: number } | undefined) : undefined;
      if (level) owner.voice.level(level.level, Date.now());
      for (const copy of source.copies.values()) copy.track.writeRtp(rtp);
    });
    // werift hands a picture-loss request to the sender or receiver its *sender* SSRC names before the
    // one its media SSRC names, and Chrome sends it from its own audio SSRC: a viewer's request for a
    // key frame of a screen lands on the receiver of that viewer's voice, here.
    receiver.onRtcp.subscribe((packet) => this.#pictureLost(call, owner, packet));
    for (const other of call.participants.values()) if (other !== owner) this.#copy(source, other);
  }

  /** Adds a copy of `source` to `receiver`'s connection and offers it. */
  #copy(source: Source, receiver: Participant): void {
    const copy: { track: MediaStreamTrack; sender?: RTCRtpSender } = { track: new MediaStreamTrack({ kind: source.kind }) };
    source.copies.set(receiver, copy);
    receiver.changeSending(() => {
      copy.sender = receiver.pc.addTransceiver(copy.track, { direction: 'sendonly' }).sender;
      // A viewer without a picture (its copy negotiated after the request below, a lost packet)
      // asks for a key frame: only the sharer's encoder can make one.
      if (source.kind === 'video') copy.sender.onPictureLossIndication.subscribe(() => this.#askKeyFrame(source));
    });
    // A screen share's picture starts at a key frame: ask the sharer for one for the new viewer.
    if (source.kind === 'video') this.#askKeyFrame(source);
  }

  /** A viewer lost the picture of one of the screens it is sent: the sharer is asked for a key frame. */
  #pictureLost(call: Call, viewer: Participant, packet: RtcpPacket): void {
    if (packet.type !== RtcpPayloadSpecificFeedback.type || packet.feedback.count !== PictureLossIndication.count) return;
    const { mediaSsrc } = packet.feedback;
    for (const other of call.participants.values()) {
      for (const source of other.sources) if (source.copies.get(viewer)?.sender?.ssrc === mediaSsrc) this.#askKeyFrame(source);
    }
  }

  #askKeyFrame(source: Source): void {
    if (source.track.ssrc) void source.receiver.sendRtcpPLI(source.track.ssrc).catch(() => {});
  }

  #peerConnection(ports: SharedPorts): RTCPeerConnection {
    const config = this.#config;
    const bound = specificAddress(config.udpAddress);
    const pc = new RTCPeerConnection({
      codecs: { audio: [useOPUS()], video: [useVP8()] },
      // The level of each audio packet, which tells who speaks (Chromium sends it when it is offered).
      headerExtensions: { audio: [useAudioLevelIndication()] },
      iceServers: config.iceServers.map((server) => ({ urls: server.urls, username: server.username, credential: server.credential })),
      iceInterfaceAddresses: { udp4: bound },
      // werift leaves loopback addresses out of its host candidates unless named here.
      iceAdditionalHostAddresses: bound ? [bound] : undefined,
      iceUseTcp: config.enableTcp,
      iceUseIpv6: false,
    });
    useSharedPorts(pc, ports);
    return pc;
  }

  /** The one address host candidates announce, when there is one: the override, else a specific bind address. */
  #announcedAddress(): string | undefined {
    return this.#config.iceHostOverride || specificAddress(this.#config.udpAddress);
  }

  #call(callKey: string): Call {
    const call = this.#calls.get(callKey);
    if (!call) throw refuse.noCall();
    return call;
  }

  #participant(call: Call, session: string): Participant {
    const participant = call.participants.get(session);
    if (!participant) throw refuse.noParticipant();
    return participant;
  }
}

function specificAddress(address: string): string | undefined {
  return address === '' || address === '0.0.0.0' ? undefined : address;
}

/** The client's SDP: base64 of zlib-compressed JSON `{type, sdp}`, bounded before and after inflating. */
function decodeSdp(zlibBase64: string): { type: 'offer' | 'answer'; sdp: string } {
  if (zlibBase64.length > Math.ceil(MEDIA_LIMITS.compressedSdpBytes / 3) * 4) throw refuse.badSignal('the compressed SDP is too large');
  let json: string;
  try {
    json = inflateSync(Buffer.from(zlibBase64, 'base64'), { maxOutputLength: MEDIA_LIMITS.sdpBytes }).toString('utf8');
  } catch {
    throw refuse.badSignal(`the SDP is not zlib-compressed data of at most ${MEDIA_LIMITS.sdpBytes} bytes`);
  }
  const parsed = parseJsonObject(json);
  if (!parsed || (parsed.type !== 'offer' && parsed.type !== 'answer') || typeof parsed.sdp !== 'string' || !parsed.sdp.startsWith('v=0')) {
    throw refuse.badSignal('the SDP is not a JSON session description {type: "offer"|"answer", sdp: "v=0..."}');
  }
  // A call's description always carries the client's audio at least.
  if (!/\nm=(audio|video) /.test(parsed.sdp)) throw refuse.badSignal('the SDP describes no audio or video');
  return { type: parsed.type, sdp: withoutEndOfCandidates(parsed.sdp) };
}

/**
 * The client's description without `a=end-of-candidates`, whose trickled form (an empty candidate)
 * is dropped too: werift's agent, told the client has no more candidates, gives up at once when none
 * of them pairs with its own, instead of waiting for the client's checks to teach it peer-reflexive
 * ones (RFC 8445 §7.3.1.3). That is always the case for a client that can only dial out over TCP: its
 * active candidates pair only with the candidates its connections to the shared TCP port reveal.
 * Chromium does not send the attribute; ignoring it only keeps the check list open until the
 * connection is up or closed.
 */
function withoutEndOfCandidates(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((line) => line !== 'a=end-of-candidates')
    .join('\r\n');
}

function decodeCandidate(json: string): { candidate: string; sdpMid?: string; sdpMLineIndex?: number } {
  if (json.length > MEDIA_LIMITS.candidateBytes) throw refuse.badSignal('the ICE candidate is too large');
  const parsed = parseJsonObject(json);
  if (!parsed || typeof parsed.candidate !== 'string') throw refuse.badSignal('the ICE candidate is not a JSON RTCIceCandidateInit');
  const sdpMid = typeof parsed.sdpMid === 'string' ? parsed.sdpMid : undefined;
  const sdpMLineIndex = typeof parsed.sdpMLineIndex === 'number' ? parsed.sdpMLineIndex : undefined;
  return { candidate: parsed.candidate, sdpMid, sdpMLineIndex: sdpMid === undefined && sdpMLineIndex === undefined ? 0 : sdpMLineIndex };
}

function parseJsonObject(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Host candidates name the announced address (ICEHostOverride behind NAT, or the one address the
 * service binds) instead of every local one: a candidate for an address the socket does not listen
 * on would only make the client's checks fail slowly.
 */
export function announceCandidates(sdp: string, address: string | undefined): string {
  if (!address) return sdp;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const line of sdp.split('\r\n')) {
    const parts = line.split(' ');
    if (line.startsWith('a=candidate:') && parts[7] === 'host') {
      parts[4] = address;
      const rewritten = parts.join(' ');
      if (seen.has(rewritten)) continue;
      seen.add(rewritten);
      lines.push(rewritten);
    } else if (line.startsWith('c=IN IP4 ')) {
      lines.push(`c=IN IP4 ${address}`);
    } else {
      lines.push(line);
    }
  }
  return lines.join('\r\n');
}

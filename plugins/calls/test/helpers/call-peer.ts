// A Calls participant as Mattermost's clients are one: a WebSocket speaking the calls protocol and a
// WebRTC peer (werift) whose SDP and ICE go through it, answering the `signal` events it receives,
// and offering again on a new connection when told the media service restarted (`media_restarted`).
import type { Client4 } from '@mattermost/client';
import type { TestServer } from '../../../../test/helpers/test-server.ts';
import { WebRtcPeer, type PeerTransport } from '../../../../test/helpers/webrtc-peer.ts';
import { CallsSocket, EVENT_PREFIX } from './calls-server.ts';

/** Audio frames are 20 ms: 25 of them is half a second of speech, enough to say one peer hears another. */
export const HEARD = 25;

export class CallPeer {
  readonly peer: WebRtcPeer;
  socket: CallsSocket;
  /** The session's id: its first connection's. */
  readonly sessionId: string;
  #ts: TestServer;
  #client: Client4;

  private constructor(ts: TestServer, client: Client4, socket: CallsSocket, name: string, transport: PeerTransport) {
    this.#ts = ts;
    this.#client = client;
    this.socket = socket;
    this.sessionId = socket.connectionId;
    this.peer = new WebRtcPeer(name, {
      sdp: (zlibBase64) => this.socket.send('sdp', { data: Buffer.from(zlibBase64, 'base64') }, 'binary'),
      candidate: (json) => this.socket.send('ice', { data: json }),
    }, transport);
    this.#listen(socket);
  }

  /** Opens a connection, joins the channel's call and offers the microphone (over `transport`: any, unless only TCP). */
  static async join(ts: TestServer, client: Client4, channelId: string, name: string, transport: PeerTransport = 'any'): Promise<CallPeer> {
    const participant = new CallPeer(ts, client, await CallsSocket.open(ts, client), name, transport);
    await participant.socket.join(channelId);
    await participant.peer.start();
    return participant;
  }

  get name(): string {
    return this.peer.name;
  }

  /** The WebSocket drops; a new one names the session (originalConnID), as the clients do on reconnecting. */
  async reconnect(channelId: string): Promise<void> {
    const previous = this.socket;
    await previous.close();
    this.socket = await CallsSocket.open(this.#ts, this.#client);
    this.#listen(this.socket);
    this.socket.send('reconnect', { channelID: channelId, originalConnID: this.sessionId, prevConnID: previous.connectionId });
  }

  async close(): Promise<void> {
    await this.peer.close();
    await this.socket.close();
  }

  #listen(socket: CallsSocket): void {
    socket.raw.socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { event?: string; data?: { data?: string } };
      if (frame.event === `${EVENT_PREFIX}signal` && typeof frame.data?.data === 'string') void this.peer.signal(frame.data.data).catch(() => {});
      if (frame.event === `${EVENT_PREFIX}media_restarted`) void this.peer.restart().catch(() => {});
    });
  }
}

// The media service's one TCP port for ICE-TCP (RFC 6544, the fallback where UDP is blocked), shared
// by every participant's ICE agent as the UDP socket is (udp-mux.ts). A client opens a connection and
// sends, framed with a 2-byte length (RFC 4571), a STUN binding request whose USERNAME names the
// agent by its local ufrag: once that first frame is signed with the agent's password, the connection
// is handed to the agent with the frame put back in front, and is the agent's from then on. A
// connection that sends anything else, a frame too large to be a binding request, or nothing for a
// while is closed; so are connections past the number awaiting their first frame.
import { createServer, type Server, type Socket } from 'node:net';
import { UfragIndex, type IceCredentials, type UfragHolder } from './ice-username.ts';

export interface TcpMuxLimits {
  /** Connections awaiting their first frame. */
  pendingConnections: number;
  /** A binding request is a couple of hundred bytes. */
  firstFrameBytes: number;
  /** How long a new connection has to send its first frame. */
  firstFrameMs: number;
}

export const TCP_MUX_LIMITS: TcpMuxLimits = { pendingConnections: 256, firstFrameBytes: 1024, firstFrameMs: 10_000 };

/** Takes an accepted connection and the remote address: paused, its first frame still to be read; the taker resumes it once it listens. */
export type TcpAccept = (socket: Socket, remote: [string, number]) => void;

/** One agent's place on the shared TCP port. */
export class TcpMuxAgent implements UfragHolder {
  readonly credentials: IceCredentials;
  readonly accept: TcpAccept;
  ufrag: string | undefined;
  #mux: TcpMux;

  constructor(mux: TcpMux, credentials: IceCredentials, accept: TcpAccept) {
    this.#mux = mux;
    this.credentials = credentials;
    this.accept = accept;
  }

  /** Files the agent under its ufrag again: call after an ICE restart. */
  reindex(): void {
    this.#mux.index(this);
  }

  /** Leaves the port: its connections are the agent's own to close. */
  close(): void {
    this.#mux.unindex(this);
  }
}

export class TcpMux {
  #server: Server;
  #limits: TcpMuxLimits;
  #agents = new UfragIndex<TcpMuxAgent>('TCP port');
  #pending = new Set<Socket>();

  private constructor(server: Server, limits: TcpMuxLimits) {
    this.#server = server;
    this.#limits = limits;
    server.on('connection', (socket) => this.#connected(socket));
  }

  /** Listens on `address:port` (address '' for all IPv4 addresses, port 0 for any free one). */
  static async listen(address: string, port: number, limits: TcpMuxLimits = TCP_MUX_LIMITS): Promise<TcpMux> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address || '0.0.0.0', port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new TcpMux(server, limits);
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  /** What it holds now (for tests). */
  get size(): { agents: number; pending: number } {
    return { agents: this.#agents.size, pending: this.#pending.size };
  }

  /** An agent whose connections are told apart by the ufrag their first binding request names. */
  agent(credentials: IceCredentials, accept: TcpAccept): TcpMuxAgent {
    const agent = new TcpMuxAgent(this, credentials, accept);
    this.index(agent);
    return agent;
  }

  /** Files `agent` under its current ufrag (again, after an ICE restart changed it). */
  index(agent: TcpMuxAgent): void {
    this.#agents.file(agent);
  }

  unindex(agent: TcpMuxAgent): void {
    this.#agents.remove(agent);
  }

  /** Stops listening and drops the connections not handed to an agent yet. */
  async close(): Promise<void> {
    for (const socket of this.#pending) socket.destroy();
    this.#pending.clear();
    this.#agents.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #connected(socket: Socket): void {
    socket.on('error', () => {});
    if (this.#pending.size >= this.#limits.pendingConnections || !socket.remoteAddress || !socket.remotePort) {
      socket.destroy();
      return;
    }
    const remote: [string, number] = [socket.remoteAddress, socket.remotePort];
    this.#pending.add(socket);
    let buffered = Buffer.alloc(0);
    const done = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      this.#pending.delete(socket);
    };
    const refuse = () => {
      done();
      socket.destroy();
    };
    const timer = setTimeout(refuse, this.#limits.firstFrameMs);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2) return;
      const length = buffered.readUInt16BE(0);
      if (length > this.#limits.firstFrameBytes) return refuse();
      if (buffered.length < 2 + length) return;
      const agent = this.#agents.signer(buffered.subarray(2, 2 + length));
      if (!agent) return refuse();
      done();
      socket.pause();
      socket.unshift(buffered);
      agent.accept(socket, remote);
    };
    socket.on('data', onData);
  }
}

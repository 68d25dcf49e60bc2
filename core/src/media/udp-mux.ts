// The media service's one UDP socket, shared by every participant's ICE agent (what Pion's UDPMux
// does for Mattermost's rtcd): admins open one port, whatever the number of participants.
//
// Inbound datagrams are told apart as RFC 7983 says (STUN starts with 0-3, DTLS and SRTP do not):
// - a STUN binding request names its target in USERNAME (`<local ufrag>:<remote ufrag>`): it goes to
//   the agent whose local ufrag that is, and only when its MESSAGE-INTEGRITY is signed with that
//   agent's password; its source address is then remembered as the agent's;
// - a STUN response goes to the endpoint that sent the request with that transaction id, whose
//   source address it also teaches (a response to a random 96-bit id cannot be forged blindly);
// - anything else (DTLS, SRTP, SRTCP, other STUN) goes by source address to the endpoint that
//   learned it; from an address nobody learned, it is dropped.
// The tables are bounded: a flood of unknown ufrags teaches nothing, an agent keeps its last few
// addresses, the whole table its most recently learned ones, and pending transactions the newest.
import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { UfragIndex, type IceCredentials, type UfragHolder } from './ice-username.ts';

/** How much the mux remembers; past a bound, the oldest entry goes. */
export interface UdpMuxLimits {
  /** Remote addresses, over all agents. */
  addresses: number;
  /** Remote addresses one agent keeps (a client has a few candidates, and may move). */
  addressesPerAgent: number;
  /** Outbound STUN requests awaiting their response. */
  transactions: number;
}

export const UDP_MUX_LIMITS: UdpMuxLimits = { addresses: 16_384, addressesPerAgent: 8, transactions: 8192 };

/** A remote transport address as werift passes it: `[host, port]`. */
export type MuxAddress = readonly [string, number];

const STUN = { headerBytes: 20, magicCookie: 0x2112a442, classMask: 0x0110, request: 0x0000, response: 0x0100, error: 0x0110, bindingMethod: 0x0001 } as const;

function isStun(data: Buffer): boolean {
  return data.length >= STUN.headerBytes && data[0]! < 4 && data.readUInt32BE(4) === STUN.magicCookie;
}

function stunClass(data: Buffer): number {
  return data.readUInt16BE(0) & STUN.classMask;
}

function transactionId(data: Buffer): string {
  return data.toString('hex', 8, STUN.headerBytes);
}

const addressKey = (host: string, port: number) => `${host}:${port}`;

export class UdpMux {
  #socket: Socket;
  #limits: UdpMuxLimits;
  #onError: (err: Error) => void;
  #agents = new UfragIndex<MuxAgent>('UDP socket');
  /** By `host:port`, oldest learned first. */
  #addresses = new Map<string, MuxEndpoint>();
  /** By transaction id (hex), oldest first. */
  #transactions = new Map<string, MuxEndpoint>();
  #closed = false;

  private constructor(socket: Socket, limits: UdpMuxLimits, onError: (err: Error) => void) {
    this.#socket = socket;
    this.#limits = limits;
    this.#onError = onError;
    socket.on('message', (data, info) => this.#receive(data, info.address, info.port));
  }

  /**
   * Binds the shared socket to `address:port` (address '' for all IPv4 addresses, port 0 for any
   * free one). `onError` hears the socket's errors after binding (a send to an unreachable host).
   */
  static async bind(address: string, port: number, options: { limits?: UdpMuxLimits; onError?: (err: Error) => void } = {}): Promise<UdpMux> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: address || '0.0.0.0', port, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const onError = options.onError ?? (() => {});
    socket.on('error', onError);
    return new UdpMux(socket, options.limits ?? UDP_MUX_LIMITS, onError);
  }

  /** The bound address: every host candidate announces its port. */
  get address(): { address: string; port: number; family: string } {
    return this.#socket.address();
  }

  /** What the tables hold now (for health and tests). */
  get size(): { agents: number; addresses: number; transactions: number } {
    return { agents: this.#agents.size, addresses: this.#addresses.size, transactions: this.#transactions.size };
  }

  /**
   * An ICE agent whose binding requests name its local ufrag. Two live agents cannot share a ufrag
   * (it is how they are told apart): a peer connection bundles all its media on one agent.
   */
  agent(credentials: IceCredentials): MuxAgent {
    if (this.#closed) throw new Error('the shared UDP socket is closed');
    const agent = new MuxAgent(this, credentials);
    this.index(agent);
    return agent;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const agent of this.#agents.values()) agent.closeAll();
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }

  /** Files `agent` under its current ufrag (again, after an ICE restart changed it). */
  index(agent: MuxAgent): void {
    this.#agents.file(agent);
  }

  unindex(agent: MuxAgent): void {
    this.#agents.remove(agent);
  }

  send(endpoint: MuxEndpoint, data: Buffer, [host, port]: MuxAddress): void {
    if (this.#closed) return;
    if (isStun(data) && stunClass(data) === STUN.request) this.#expectResponse(transactionId(data), endpoint);
    this.#socket.send(data, port, host);
  }

  /** Forgets the addresses `endpoint` learned and the responses it awaits. */
  forget(endpoint: MuxEndpoint): void {
    for (const key of endpoint.addresses) {
      if (this.#addresses.get(key) === endpoint) this.#addresses.delete(key);
      endpoint.agent.addresses.delete(key);
    }
    endpoint.addresses.clear();
    for (const id of endpoint.transactions) if (this.#transactions.get(id) === endpoint) this.#transactions.delete(id);
    endpoint.transactions.clear();
  }

  #receive(data: Buffer, host: string, port: number): void {
    const key = addressKey(host, port);
    let endpoint: MuxEndpoint | undefined;
    if (isStun(data)) {
      const kind = stunClass(data);
      if (kind === STUN.request) endpoint = this.#requestTarget(data, key);
      else if (kind === STUN.response || kind === STUN.error) endpoint = this.#responseTarget(data, key);
      else endpoint = this.#addresses.get(key);
    } else {
      endpoint = this.#addresses.get(key);
    }
    if (!endpoint || endpoint.closed) return;
    try {
      endpoint.onData(data, [host, port]);
    } catch (err) {
      this.#onError(err as Error);
    }
  }

  /** The endpoint an authenticated binding request is for; its source is learned. */
  #requestTarget(data: Buffer, key: string): MuxEndpoint | undefined {
    if ((data.readUInt16BE(0) & ~STUN.classMask) !== STUN.bindingMethod) return this.#addresses.get(key);
    const agent = this.#agents.signer(data);
    if (!agent) return undefined;
    const known = this.#addresses.get(key);
    const endpoint = known?.agent === agent && !known.closed ? known : agent.primary();
    if (endpoint) this.#learn(key, endpoint);
    return endpoint;
  }

  #responseTarget(data: Buffer, key: string): MuxEndpoint | undefined {
    const id = transactionId(data);
    const endpoint = this.#transactions.get(id);
    if (!endpoint) return this.#addresses.get(key);
    this.#transactions.delete(id);
    endpoint.transactions.delete(id);
    this.#learn(key, endpoint);
    return endpoint;
  }

  #expectResponse(id: string, endpoint: MuxEndpoint): void {
    this.#transactions.set(id, endpoint);
    endpoint.transactions.add(id);
    if (this.#transactions.size > this.#limits.transactions) {
      const [oldest, owner] = this.#transactions.entries().next().value!;
      this.#transactions.delete(oldest);
      owner.transactions.delete(oldest);
    }
  }

  /** Remembers `key` as `endpoint`'s, newest last; the bounds evict the oldest. */
  #learn(key: string, endpoint: MuxEndpoint): void {
    const previous = this.#addresses.get(key);
    if (previous) {
      this.#addresses.delete(key);
      previous.agent.addresses.delete(key);
      previous.addresses.delete(key);
    }
    this.#addresses.set(key, endpoint);
    endpoint.addresses.add(key);
    const agent = endpoint.agent;
    agent.addresses.add(key);
    if (agent.addresses.size > this.#limits.addressesPerAgent) this.#evict(agent.addresses.values().next().value!);
    if (this.#addresses.size > this.#limits.addresses) this.#evict(this.#addresses.keys().next().value!);
  }

  #evict(key: string): void {
    const owner = this.#addresses.get(key);
    this.#addresses.delete(key);
    owner?.addresses.delete(key);
    owner?.agent.addresses.delete(key);
  }
}

/** One ICE agent (a peer connection's): its endpoints, and the remote addresses they learned. */
export class MuxAgent implements UfragHolder {
  readonly credentials: IceCredentials;
  /** The ufrag it is filed under. */
  ufrag: string | undefined;
  /** Its learned addresses, oldest first. */
  readonly addresses = new Set<string>();
  #mux: UdpMux;
  #endpoints: MuxEndpoint[] = [];
  #closed = false;

  constructor(mux: UdpMux, credentials: IceCredentials) {
    this.#mux = mux;
    this.credentials = credentials;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A new view of the socket for one of the agent's host candidates. */
  endpoint(): MuxEndpoint {
    if (this.#closed) throw new Error('the ICE agent has left the shared UDP socket');
    const endpoint = new MuxEndpoint(this.#mux, this);
    this.#endpoints.push(endpoint);
    return endpoint;
  }

  /** Where a binding request from an address not yet known goes: the agent's first open endpoint. */
  primary(): MuxEndpoint | undefined {
    return this.#endpoints[0];
  }

  /** Files the agent under its ufrag again: call after an ICE restart. */
  reindex(): void {
    if (!this.#closed) this.#mux.index(this);
  }

  /** An endpoint closed: the agent leaves the socket with its last one. */
  endpointClosed(endpoint: MuxEndpoint): void {
    this.#endpoints = this.#endpoints.filter((open) => open !== endpoint);
    this.#mux.forget(endpoint);
    if (this.#endpoints.length === 0) {
      this.#closed = true;
      this.#mux.unindex(this);
    }
  }

  /** The mux is closing: every endpoint closes with it. */
  closeAll(): void {
    for (const endpoint of [...this.#endpoints]) endpoint.closeNow();
    this.#closed = true;
    this.#mux.unindex(this);
  }
}

/**
 * One host candidate's view of the shared socket, shaped as werift's UdpTransport (what a
 * StunProtocol reads and writes): `onData`, `send`, `close`, `closed`, `address`, `addressFamily`.
 */
export class MuxEndpoint {
  readonly type = 'udp';
  readonly agent: MuxAgent;
  /** Set by its user: each datagram routed here. */
  onData: (data: Buffer, address: MuxAddress) => void = () => {};
  closed = false;
  /** What it learned and awaits, for forgetting it when it closes. */
  readonly addresses = new Set<string>();
  readonly transactions = new Set<string>();
  #mux: UdpMux;

  constructor(mux: UdpMux, agent: MuxAgent) {
    this.#mux = mux;
    this.agent = agent;
  }

  get address(): { address: string; port: number; family: string } {
    return this.#mux.address;
  }

  get addressFamily(): 4 {
    return 4;
  }

  async send(data: Buffer, address: MuxAddress): Promise<void> {
    if (this.closed) return;
    // werift resolves host names before it sends; the shared socket only speaks IPv4 addresses.
    if (!isIPv4(address[0])) throw new Error(`the shared UDP socket sends to IPv4 addresses only, not ${address[0]}`);
    this.#mux.send(this, data, address);
  }

  async close(): Promise<void> {
    this.closeNow();
  }

  closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.agent.endpointClosed(this);
  }
}

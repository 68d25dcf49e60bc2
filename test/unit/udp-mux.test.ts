// The media service's shared UDP socket (core/src/media/udp-mux.ts): which datagram reaches which
// ICE agent, and what it refuses to remember. Agents here are plain endpoints; the remote peers are
// UDP sockets on 127.0.0.1 sending real STUN messages (signed as ICE signs them) and stand-ins for
// DTLS and SRTP. Loss on loopback does not happen at these rates: a datagram sent after another
// from the same socket arrives after it, so "nothing else came" is checked by a marker sent last.
import { expect } from 'chai';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { classes, Message, methods } from 'werift';
import { eventually } from '../helpers/ws-client.ts';
import { UdpMux, type MuxAddress, type MuxAgent, type MuxEndpoint } from '../../core/src/media/udp-mux.ts';

/** A datagram an endpoint was given, and from where. */
interface Delivery {
  data: Buffer;
  from: MuxAddress;
}

/** A fake ICE agent on the mux: its credentials, its one endpoint and what reached it. */
class FakeAgent {
  ufrag: string;
  password: string;
  readonly agent: MuxAgent;
  readonly endpoint: MuxEndpoint;
  readonly received: Delivery[] = [];
  #waiters: Array<() => void> = [];

  constructor(mux: UdpMux, ufrag: string, password = randomBytes(11).toString('hex')) {
    this.ufrag = ufrag;
    this.password = password;
    this.agent = mux.agent(() => ({ ufrag: this.ufrag, password: this.password }));
    this.endpoint = this.agent.endpoint();
    this.endpoint.onData = (data, from) => {
      this.received.push({ data, from });
      for (const wake of this.#waiters.splice(0)) wake();
    };
  }

  /** `peer` sends a binding request signed for this agent; resolves once it arrived here. */
  async checkedFrom(peer: RemotePeer, port: number): Promise<Delivery> {
    const request = bindingRequest(this.ufrag, this.password);
    await peer.send(request, port);
    return this.receives(request);
  }

  /** Resolves with the first datagram received whose bytes equal `data`. */
  async receives(data: Buffer, timeoutMs = 5000): Promise<Delivery> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((delivery) => delivery.data.equals(data));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`agent ${this.ufrag} never received ${data.toString('hex').slice(0, 40)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A remote peer: one UDP socket on 127.0.0.1. */
class RemotePeer {
  readonly socket: Socket;
  readonly received: Array<{ data: Buffer; port: number }> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('message', (data, info) => this.received.push({ data, port: info.port }));
  }

  static async open(): Promise<RemotePeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    return new RemotePeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(data: Buffer, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** A binding request as an ICE agent sends it to `ufrag`'s owner, signed with `password`. */
function bindingRequest(ufrag: string, password: string): Buffer {
  return new Message(methods.BINDING, classes.REQUEST)
    .setAttribute('USERNAME', `${ufrag}:remote`)
    .setAttribute('PRIORITY', 1853824767)
    .addMessageIntegrity(Buffer.from(password, 'utf8'))
    .addFingerprint().bytes;
}

/** Bytes that are neither STUN nor anything the mux reads: DTLS and SRTP look like this to it. */
const media = (label: string) => Buffer.concat([Buffer.from([0x80, 0x6f]), Buffer.from(label)]);

describe('the media service’s shared UDP socket (UdpMux)', () => {
  let mux: UdpMux;
  const remotes: RemotePeer[] = [];

  async function remote(): Promise<RemotePeer> {
    const peer = await RemotePeer.open();
    remotes.push(peer);
    return peer;
  }

  beforeEach(async () => {
    mux = await UdpMux.bind('127.0.0.1', 0, { limits: { addresses: 5, addressesPerAgent: 3, transactions: 4 } });
  });
  afterEach(async () => {
    await Promise.all(remotes.splice(0).map((peer) => peer.close()));
    await mux.close();
  });

  it('routes a signed binding request to the agent whose ufrag it names, then that address’s other datagrams, and answers from the one port', async () => {
    const a = new FakeAgent(mux, 'aaaa');
    const b = new FakeAgent(mux, 'bbbb');
    const peerOfA = await remote();
    const peerOfB = await remote();
    const request = bindingRequest('aaaa', a.password);
    await peerOfA.send(request, mux.address.port);
    expect((await a.receives(request)).from).to.deep.equal(['127.0.0.1', peerOfA.port]);
    await peerOfB.send(bindingRequest('bbbb', b.password), mux.address.port);
    await peerOfA.send(media('dtls of a'), mux.address.port);
    await peerOfB.send(media('srtp of b'), mux.address.port);
    await a.receives(media('dtls of a'));
    await b.receives(media('srtp of b'));
    expect(a.received.map((d) => d.data.toString('latin1'))).to.not.include(media('srtp of b').toString('latin1'));
    await a.endpoint.send(media('to a’s peer'), ['127.0.0.1', peerOfA.port]);
    await b.endpoint.send(media('to b’s peer'), ['127.0.0.1', peerOfB.port]);
    await eventually(() => {
      expect(peerOfA.received.map((r) => r.port)).to.deep.equal([mux.address.port]);
      expect(peerOfB.received.map((r) => r.port)).to.deep.equal([mux.address.port]);
    });
  });

  it('drops datagrams for unknown ufrags, badly signed requests and unknown addresses, and learns nothing from a flood of them', async () => {
    const a = new FakeAgent(mux, 'aaaa');
    // The flood comes from a real participant's address (of agent z): its signed requests, sent after
    // each burst, tell when the burst was handled, and keep the burst small enough for the socket's
    // receive buffer (a sender in the same process outruns the reader).
    const z = new FakeAgent(mux, 'zzzz');
    const flooder = await remote();
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 50; i++) await flooder.send(bindingRequest(randomBytes(4).toString('hex'), 'guess'), mux.address.port);
      await flooder.send(bindingRequest('aaaa', 'the wrong password'), mux.address.port);
      const marker = bindingRequest('zzzz', z.password);
      await flooder.send(marker, mux.address.port);
      await z.receives(marker);
    }
    expect(a.received).to.deep.equal([]);
    expect(z.received).to.have.length(10);
    // Media from an address no signed request came from is dropped, even if one comes after it.
    const stranger = await remote();
    await stranger.send(media('unsolicited srtp'), mux.address.port);
    const late = bindingRequest('zzzz', z.password);
    await stranger.send(late, mux.address.port);
    await z.receives(late);
    expect(z.received.map((d) => d.data)).to.not.deep.include(media('unsolicited srtp'));
    expect(mux.size).to.deep.equal({ agents: 2, addresses: 2, transactions: 0 });
  });

  it('keeps an agent’s newest addresses and the table’s newest, forgetting the oldest first', async () => {
    const a = new FakeAgent(mux, 'aaaa');
    const b = new FakeAgent(mux, 'bbbb');
    /** `count` new remote addresses, each learned by `agent` from its signed check. */
    async function learned(agent: FakeAgent, count: number): Promise<RemotePeer[]> {
      const peers: RemotePeer[] = [];
      for (let i = 0; i < count; i++) {
        const peer = await remote();
        await agent.checkedFrom(peer, mux.address.port);
        peers.push(peer);
      }
      return peers;
    }
    /** Whether media from `forgotten` is dropped while media from `known`, sent after it, reaches `agent`. */
    async function dropsFrom(agent: FakeAgent, forgotten: RemotePeer, known: RemotePeer): Promise<boolean> {
      await forgotten.send(media(`from ${forgotten.port}`), mux.address.port);
      await known.send(media(`from ${known.port}`), mux.address.port);
      await agent.receives(media(`from ${known.port}`));
      return !agent.received.some((d) => d.data.equals(media(`from ${forgotten.port}`)));
    }
    const ofA = await learned(a, 4);
    // Three addresses an agent at most: the first one was forgotten.
    expect(mux.size.addresses).to.equal(3);
    expect(await dropsFrom(a, ofA[0]!, ofA[3]!)).to.equal(true);
    // Five in all: b's third address pushes out the oldest of the table, a's second.
    await learned(b, 3);
    expect(mux.size.addresses).to.equal(5);
    expect(await dropsFrom(a, ofA[1]!, ofA[2]!)).to.equal(true);
  });

  it('forgets a closed agent’s addresses and ufrag, so its peer’s datagrams are dropped', async () => {
    const a = new FakeAgent(mux, 'aaaa');
    const peer = await remote();
    await a.checkedFrom(peer, mux.address.port);
    await a.endpoint.close();
    expect(mux.size).to.deep.equal({ agents: 0, addresses: 0, transactions: 0 });
    await peer.send(media('after the close'), mux.address.port);
    await peer.send(bindingRequest('aaaa', a.password), mux.address.port);
    // The same ufrag may be used again by a new agent; it hears only what comes after.
    const again = new FakeAgent(mux, 'aaaa');
    await again.checkedFrom(peer, mux.address.port);
    expect(a.received).to.have.length(1);
    expect(again.received).to.have.length(1);
  });

  it('routes a peer that moves to a new port once it sends a signed binding request from there', async () => {
    const a = new FakeAgent(mux, 'aaaa');
    await a.checkedFrom(await remote(), mux.address.port);
    const after = await remote();
    await after.send(media('before its check'), mux.address.port);
    expect((await a.checkedFrom(after, mux.address.port)).from).to.deep.equal(['127.0.0.1', after.port]);
    await after.send(media('srtp from the new port'), mux.address.port);
    expect((await a.receives(media('srtp from the new port'))).from).to.deep.equal(['127.0.0.1', after.port]);
    expect(a.received.some((d) => d.data.equals(media('before its check')))).to.equal(false);
  });

  it('gives a STUN response to the endpoint that sent the request with its transaction id, and learns its address', async () => {
    const a = new FakeAgent(mux, 'aaaa');
    const b = new FakeAgent(mux, 'bbbb');
    const server = await remote();
    const toServer: MuxAddress = ['127.0.0.1', server.port];
    const ofA = new Message(methods.BINDING, classes.REQUEST);
    const ofB = new Message(methods.BINDING, classes.REQUEST);
    await a.endpoint.send(ofA.bytes, toServer);
    await b.endpoint.send(ofB.bytes, toServer);
    expect(mux.size.transactions).to.equal(2);
    const answer = (request: Message) => new Message(methods.BINDING, classes.RESPONSE, request.transactionId).setAttribute('XOR-MAPPED-ADDRESS', ['127.0.0.1', 1]).bytes;
    await server.send(answer(ofB), mux.address.port);
    await server.send(answer(ofA), mux.address.port);
    await a.receives(answer(ofA));
    await b.receives(answer(ofB));
    expect(a.received).to.have.length(1);
    expect(mux.size.transactions).to.equal(0);
    // A response nobody awaits goes by address: the server's is a's now (the last to learn it).
    const stray = new Message(methods.BINDING, classes.RESPONSE).bytes;
    await server.send(stray, mux.address.port);
    await a.receives(stray);
  });

  it('files an agent under its new ufrag after an ICE restart and drops requests for the old one', async () => {
    const a = new FakeAgent(mux, 'aaaa');
    const peer = await remote();
    a.ufrag = 'cccc';
    a.password = 'a new password after the restart';
    a.agent.reindex();
    await peer.send(bindingRequest('aaaa', a.password), mux.address.port);
    const marker = bindingRequest('cccc', a.password);
    await peer.send(marker, mux.address.port);
    await a.receives(marker);
    expect(a.received).to.have.length(1);
    // Two live agents cannot share a ufrag: they could not be told apart.
    expect(() => new FakeAgent(mux, 'cccc')).to.throw('another ICE agent uses the ufrag cccc');
  });

  it('refuses a port another socket holds, saying which', async () => {
    const holder = await remote();
    const error = await UdpMux.bind('127.0.0.1', holder.port).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).to.match(/EADDRINUSE/);
  });
});

// The seam that puts the shared UDP socket and TCP port into werift (core/src/media/werift-shared-ports.ts) reaches
// into werift's insides; these tests fail when an upgrade of werift moves them. Gathering sends
// nothing (no STUN server: werift's default would be Google's); the only packets are this test's own binding requests to
// the shared socket on 127.0.0.1, which the peer connection answers through it.
import { expect } from 'chai';
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { classes, Message, methods, parseMessage, RTCPeerConnection, type RTCIceTransport } from 'werift';
import { TcpMux } from '../../core/src/media/tcp-mux.ts';
import { UdpMux } from '../../core/src/media/udp-mux.ts';
import { missingWeriftInsides, useSharedPorts } from '../../core/src/media/werift-shared-ports.ts';

/** What the seam reads of an ICE transport's connection: its current credentials, and a restart. */
interface IceCredentials {
  localUsername: string;
  localPassword: string;
  restart(): Promise<void>;
}

function connectionOf(transport: RTCIceTransport): IceCredentials {
  return transport.connection as unknown as IceCredentials;
}

describe('werift on the shared UDP socket (the seam into werift’s ICE)', () => {
  let mux: UdpMux;
  let tcp: TcpMux;
  let pc: RTCPeerConnection;
  let client: Socket;
  /** By transaction id: the source port of each STUN answer the client got. */
  let answers: Map<string, number>;

  beforeEach(async () => {
    mux = await UdpMux.bind('127.0.0.1', 0);
    tcp = await TcpMux.listen('127.0.0.1', 0);
    client = createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', () => resolve()));
    answers = new Map();
    client.on('message', (data, info) => {
      const id = parseMessage(data)?.transactionIdHex;
      if (id) answers.set(id, info.port);
    });
  });
  afterEach(async () => {
    await pc?.close();
    await new Promise<void>((resolve) => client.close(() => resolve()));
    await mux.close();
    await tcp.close();
  });

  /** A peer connection on the mux that has gathered its candidates for an audio offer. */
  async function gathered(): Promise<RTCPeerConnection> {
    const connection = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], iceUseIpv6: false, iceUseTcp: true });
    useSharedPorts(connection, { udp: mux, tcp });
    connection.addTransceiver('audio', { direction: 'sendrecv' });
    const complete = new Promise<void>((resolve) => {
      connection.iceGatheringStateChange.subscribe((state) => {
        if (state === 'complete') resolve();
      });
    });
    await connection.setLocalDescription(await connection.createOffer());
    await complete;
    return connection;
  }

  /** A binding request as a client's ICE (the controlled side: werift offered) sends it to the agent of `ufrag`. */
  function bindingRequest(ufrag: string, password: string): Message {
    return new Message(methods.BINDING, classes.REQUEST)
      .setAttribute('USERNAME', `${ufrag}:client`)
      .setAttribute('PRIORITY', 1)
      .setAttribute('ICE-CONTROLLED', BigInt(1))
      .addMessageIntegrity(Buffer.from(password, 'utf8'))
      .addFingerprint();
  }

  /** Sends a binding request signed for `ufrag`/`password`; resolves with it once sent. */
  async function check(ufrag: string, password: string): Promise<Message> {
    const request = bindingRequest(ufrag, password);
    await new Promise<void>((resolve, reject) => client.send(request.bytes, mux.address.port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    return request;
  }

  /** The source port of the answer to `request`, once it came (it may have come already). */
  async function answer(request: Message): Promise<number> {
    for (;;) {
      const port = answers.get(request.transactionIdHex);
      if (port !== undefined) return port;
      await new Promise<void>((resolve) => client.once('message', () => setImmediate(resolve)));
    }
  }

  it('finds every inside of werift it replaces', () => {
    expect(missingWeriftInsides(new RTCPeerConnection({ iceServers: [] }))).to.equal(undefined);
  });

  it('gathers every UDP host candidate on the shared socket and every passive TCP one on the shared port, binding none of its own', async () => {
    pc = await gathered();
    const hosts = (transport: RegExp) => pc.localDescription!.sdp.split('\r\n').filter((line) => line.startsWith('a=candidate:') && transport.test(line) && line.includes(' typ host'));
    expect(hosts(/ udp /i)).to.not.deep.equal([]);
    for (const line of hosts(/ udp /i)) expect(Number(line.split(' ')[5]), line).to.equal(mux.address.port);
    expect(hosts(/tcptype passive/)).to.not.deep.equal([]);
    for (const line of hosts(/tcptype passive/)) expect(Number(line.split(' ')[5]), line).to.equal(tcp.port);
    expect(mux.size.agents).to.equal(1);
    expect(tcp.size.agents).to.equal(1);
    await pc.close();
    expect(mux.size.agents).to.equal(0);
    expect(tcp.size.agents).to.equal(0);
  });

  it('answers a signed binding request on a connection to the shared TCP port (RFC 4571 framing)', async () => {
    pc = await gathered();
    const connection = connectionOf(pc.iceTransports[0]!);
    const socket = connect(tcp.port, '127.0.0.1');
    try {
      const request = bindingRequest(connection.localUsername, connection.localPassword);
      const frame = Buffer.alloc(2 + request.bytes.length);
      frame.writeUInt16BE(request.bytes.length, 0);
      request.bytes.copy(frame, 2);
      socket.write(frame);
      let received = Buffer.alloc(0);
      const answer = await new Promise<Message | undefined>((resolve, reject) => {
        socket.on('error', reject);
        socket.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) resolve(parseMessage(received.subarray(2, 2 + received.readUInt16BE(0))));
        });
      });
      expect(answer?.transactionIdHex).to.equal(request.transactionIdHex);
      expect(answer?.messageClass).to.equal(classes.RESPONSE);
    } finally {
      socket.destroy();
    }
  });

  it('answers a signed binding request through the shared socket, and after an ICE restart only for the new ufrag', async () => {
    pc = await gathered();
    const connection = connectionOf(pc.iceTransports[0]!);
    const before = { ufrag: connection.localUsername, password: connection.localPassword };
    const first = await check(before.ufrag, before.password);
    expect(await answer(first)).to.equal(mux.address.port);
    await connection.restart();
    expect(connection.localUsername).to.not.equal(before.ufrag);
    const stale = await check(before.ufrag, before.password);
    // Sent after the stale one from the same socket: once it is answered, the stale one was handled.
    const fresh = await check(connection.localUsername, connection.localPassword);
    expect(await answer(fresh)).to.equal(mux.address.port);
    expect(answers.has(stale.transactionIdHex)).to.equal(false);
  });
});

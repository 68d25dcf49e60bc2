// The seam that puts the shared UDP socket into werift (core/src/media/werift-udp-mux.ts) reaches
// into werift's insides; these tests fail when an upgrade of werift moves them. Gathering sends
// nothing (no STUN server is configured); the only packets are this test's own binding requests to
// the shared socket on 127.0.0.1, which the peer connection answers through it.
import { expect } from 'chai';
import { createSocket, type Socket } from 'node:dgram';
import { classes, Message, methods, parseMessage, RTCPeerConnection, type RTCIceTransport } from 'werift';
import { UdpMux } from '../../core/src/media/udp-mux.ts';
import { missingWeriftInsides, useUdpMux } from '../../core/src/media/werift-udp-mux.ts';

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
  let pc: RTCPeerConnection;
  let client: Socket;
  /** By transaction id: the source port of each STUN answer the client got. */
  let answers: Map<string, number>;

  beforeEach(async () => {
    mux = await UdpMux.bind('127.0.0.1', 0);
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
  });

  /** A peer connection on the mux that has gathered its candidates for an audio offer. */
  async function gathered(): Promise<RTCPeerConnection> {
    const connection = new RTCPeerConnection({ iceAdditionalHostAddresses: ['127.0.0.1'], iceUseIpv6: false });
    useUdpMux(connection, mux);
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

  /** Sends a binding request signed for `ufrag`/`password`; resolves with it once sent. */
  async function check(ufrag: string, password: string): Promise<Message> {
    const request = new Message(methods.BINDING, classes.REQUEST)
      .setAttribute('USERNAME', `${ufrag}:client`)
      .setAttribute('PRIORITY', 1)
      .setAttribute('ICE-CONTROLLING', BigInt(1))
      .addMessageIntegrity(Buffer.from(password, 'utf8'))
      .addFingerprint();
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
    expect(missingWeriftInsides(new RTCPeerConnection())).to.equal(undefined);
  });

  it('gathers every UDP host candidate on the shared port and binds no socket of its own', async () => {
    pc = await gathered();
    const udpHosts = pc.localDescription!.sdp.split('\r\n').filter((line) => line.startsWith('a=candidate:') && / udp /i.test(line) && line.includes(' typ host'));
    expect(udpHosts).to.not.deep.equal([]);
    for (const line of udpHosts) expect(Number(line.split(' ')[5]), line).to.equal(mux.address.port);
    expect(mux.size.agents).to.equal(1);
    await pc.close();
    expect(mux.size.agents).to.equal(0);
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

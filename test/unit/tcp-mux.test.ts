// The media service's shared ICE-TCP port (core/src/media/tcp-mux.ts): a connection goes to the agent
// its first frame (a signed STUN binding request, RFC 4571 framing) names, or is closed. Clients are
// TCP connections to 127.0.0.1.
import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { classes, Message, methods } from 'werift';
import { TcpMux } from '../../core/src/media/tcp-mux.ts';
import { eventually } from '../helpers/ws-client.ts';

function framed(data: Buffer): Buffer {
  const frame = Buffer.alloc(2 + data.length);
  frame.writeUInt16BE(data.length, 0);
  data.copy(frame, 2);
  return frame;
}

function bindingRequest(ufrag: string, password: string): Buffer {
  return new Message(methods.BINDING, classes.REQUEST)
    .setAttribute('USERNAME', `${ufrag}:remote`)
    .addMessageIntegrity(Buffer.from(password, 'utf8'))
    .addFingerprint().bytes;
}

describe('the media service’s shared ICE-TCP port (TcpMux)', () => {
  let mux: TcpMux;
  const clients: Socket[] = [];

  async function client(): Promise<Socket> {
    const socket = connect(mux.port, '127.0.0.1');
    clients.push(socket);
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  }

  const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

  beforeEach(async () => {
    mux = await TcpMux.listen('127.0.0.1', 0, { pendingConnections: 2, firstFrameBytes: 512, firstFrameMs: 300 });
  });
  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.destroy();
    await mux.close();
  });

  it('hands a connection to the agent its first signed binding request names, that frame and what follows still to read', async () => {
    const accepted = new Promise<{ socket: Socket; remote: [string, number] }>((resolve) => {
      mux.agent(() => ({ ufrag: 'aaaa', password: 'secret' }), (socket, remote) => resolve({ socket, remote }));
    });
    const socket = await client();
    const first = framed(bindingRequest('aaaa', 'secret'));
    const rest = framed(Buffer.from('dtls after the check'));
    socket.write(first);
    const { socket: taken, remote } = await accepted;
    expect(remote).to.deep.equal(['127.0.0.1', socket.localPort]);
    let read = Buffer.alloc(0);
    const whole = Buffer.concat([first, rest]);
    await new Promise<void>((resolve) => {
      taken.on('data', (chunk: Buffer) => {
        read = Buffer.concat([read, chunk]);
        if (read.length >= whole.length) resolve();
      });
      taken.resume();
      socket.write(rest);
    });
    expect(read.equals(whole)).to.equal(true);
    expect(mux.size.pending).to.equal(0);
    // An accepted connection is its agent's to close (werift's protocol does, when its connection closes).
    taken.destroy();
  });

  it('closes a connection whose first frame names an unknown ufrag, is badly signed, is too large or never comes', async () => {
    let handed = 0;
    mux.agent(() => ({ ufrag: 'aaaa', password: 'secret' }), () => (handed += 1));
    const unknown = await client();
    unknown.write(framed(bindingRequest('zzzz', 'secret')));
    await closed(unknown);
    const forged = await client();
    forged.write(framed(bindingRequest('aaaa', 'a guess')));
    await closed(forged);
    const large = await client();
    large.write(Buffer.from([0xff, 0xff, 0, 0]));
    await closed(large);
    const silent = await client();
    await closed(silent);
    expect(handed).to.equal(0);
  });

  it('closes connections past the number awaiting their first frame', async () => {
    await client();
    await client();
    const third = await client();
    await closed(third);
    expect(mux.size.pending).to.be.at.most(2);
  });

  it('refuses the connections of an agent that left, and files one under its new ufrag after an ICE restart', async () => {
    const credentials = { ufrag: 'aaaa', password: 'secret' };
    let handed = 0;
    const agent = mux.agent(() => credentials, (socket) => {
      handed += 1;
      socket.destroy();
    });
    credentials.ufrag = 'bbbb';
    agent.reindex();
    const old = await client();
    old.write(framed(bindingRequest('aaaa', 'secret')));
    await closed(old);
    const renewed = await client();
    renewed.write(framed(bindingRequest('bbbb', 'secret')));
    await eventually(() => expect(handed).to.equal(1));
    agent.close();
    expect(mux.size.agents).to.equal(0);
    const late = await client();
    late.write(framed(bindingRequest('bbbb', 'secret')));
    await closed(late);
    expect(handed).to.equal(1);
  });
});

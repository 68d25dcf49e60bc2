import { expect } from 'chai';
import WebSocket from 'ws';
import { newId } from '../../core/src/app/ids.ts';
import { CLOSE_SEND_QUEUE_FULL, WebConnection } from '../../core/src/ws/web-connection.ts';
import { eventFrame } from '../../core/src/ws/envelope.ts';

describe('WebConnection send queue', () => {
  /** A socket whose writes never flush, like a client that stopped reading. */
  class StalledSocket {
    readyState: number = WebSocket.OPEN;
    /** Bytes ws still holds for the network: above 0 while the client does not read. */
    bufferedAmount = 1;
    sent: string[] = [];
    closedWith = 0;
    send(frame: string) {
      this.sent.push(frame);
    }
    close(code: number) {
      this.closedWith = code;
      this.readyState = WebSocket.CLOSING;
    }
  }
  const session = { id: newId(), userId: newId(), roles: [], csrfToken: '', isAccessToken: false, createAt: 0, expiresAt: 0, lastActivityAt: 0, deviceId: '' };
  const send = (connection: WebConnection, event: string) => connection.sendEvent(event, eventFrame({ event, data: {}, broadcast: {} }));
  const seqs = (socket: StalledSocket) => socket.sent.map((f) => [JSON.parse(f).event, JSON.parse(f).seq]);

  it('drops typing once half full and closes the socket when full, keeping every sequenced event for a resume', async () => {
    const connection = new WebConnection(newId(), session, 'token', { sendQueueSize: 4, replayWindow: 16 });
    const stalled = new StalledSocket();
    connection.attach(stalled as unknown as WebSocket);
    send(connection, 'posted');
    send(connection, 'typing');
    send(connection, 'posted');
    send(connection, 'typing');
    send(connection, 'status_change');
    expect(seqs(stalled)).to.deep.equal([
      ['posted', 0],
      ['typing', 1],
      ['posted', 2],
    ]);
    send(connection, 'posted');
    send(connection, 'posted');
    expect(stalled.sent).to.have.length(4);
    expect(stalled.closedWith).to.equal(CLOSE_SEND_QUEUE_FULL);

    connection.detach();
    const fresh = new StalledSocket();
    connection.attach(fresh as unknown as WebSocket);
    expect(connection.replayFrom(3)).to.equal(true);
    expect(seqs(fresh)).to.deep.equal([
      ['posted', 3],
      ['posted', 4],
    ]);
  });

  it('counts the queue again from zero once the socket has flushed everything', () => {
    const connection = new WebConnection(newId(), session, 'token', { sendQueueSize: 4, replayWindow: 16 });
    const socket = new StalledSocket();
    connection.attach(socket as unknown as WebSocket);
    for (let i = 0; i < 3; i++) send(connection, 'posted');
    send(connection, 'typing'); // queue at 3 of 4: dropped
    socket.bufferedAmount = 0; // the client read everything
    send(connection, 'typing');
    for (let i = 0; i < 3; i++) send(connection, 'posted');
    expect(socket.closedWith).to.equal(0);
    expect(seqs(socket).map(([event]) => event)).to.deep.equal(['posted', 'posted', 'posted', 'typing', 'posted', 'posted', 'posted']);
  });
});

// One simulated user's WebSocket, in Mattermost's protocol: an authentication_challenge carrying
// the session token, the hello with the connection id, a sequence number on every event; a
// reconnect resumes with connection_id + sequence_number so the server replays what was missed.
// Frames are read as bytes: the generator receives every event of every member, so it looks only at
// the start (which event), the end (its seq), and the pending_post_id of a `posted` post or the
// typist of a `typing` event.
import WebSocket from 'ws';

const POSTED = Buffer.from('{"event":"posted"');
const TYPING = Buffer.from('{"event":"typing"');
/** The typist, the first user_id of a typing event (the broadcast's comes after it). */
const USER_ID = Buffer.from('"user_id":"');
const QUOTE = 0x22;
const HELLO = Buffer.from('{"event":"hello"');
/** Inside the post, which travels as a JSON string, so its quotes are escaped. */
const PENDING_ID = Buffer.from('\\"pending_post_id\\":\\"');
const SEQ = Buffer.from('"seq":');
const BACKSLASH = 0x5c;
const LETTER_S = 0x73;
const OPEN_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 2_000;
const RECONNECT_DELAY_MS = 200;
/** Reconnects after drops a socket tries in all before it gives up. */
const MAX_RECONNECTS = 20;

export interface SocketCounters {
  /** Sockets the server closed (or that broke) without being asked. */
  drops: number;
  /** Events that never came: a seq jumped ahead. */
  gaps: number;
  /** Resumes the server could not serve (it answered with a new hello: events lost). */
  resumesRefused: number;
}

/** What a user does with the events it reads. */
export interface EventHandlers {
  posted(pendingId: string): void;
  typing(userId: string): void;
}

export class LiveSocket {
  #url: string;
  #token: string;
  #handlers: EventHandlers;
  #counters: SocketCounters;
  #socket: WebSocket | null = null;
  #connectionId = '';
  #nextSeq = 0;
  #requestSeq = 0;
  #closing = false;
  #reconnects = 0;

  constructor(baseUrl: string, token: string, counters: SocketCounters, handlers: EventHandlers) {
    this.#url = `${baseUrl.replace(/^http/, 'ws')}/api/v4/websocket`;
    this.#token = token;
    this.#counters = counters;
    this.#handlers = handlers;
  }

  /** Connects, resuming the last connection when asked and there was one; resolves once authenticated. */
  open(resume: boolean): Promise<void> {
    const resuming = resume && this.#connectionId !== '';
    const query = resuming ? `connection_id=${this.#connectionId}&sequence_number=${this.#nextSeq}` : 'connection_id=&sequence_number=0';
    if (!resuming) {
      this.#connectionId = '';
      this.#nextSeq = 0;
    }
    this.#closing = false;
    // Frames are read as bytes, so checking each one's UTF-8 would be spent for nothing.
    const socket = new WebSocket(`${this.#url}?${query}`, { perMessageDeflate: false, skipUTF8Validation: true });
    this.#socket = socket;
    const challengeSeq = ++this.#requestSeq;
    return new Promise((resolve, reject) => {
      let pending = true;
      const finish = (err?: Error) => {
        if (!pending) return;
        pending = false;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => {
        finish(new Error(`no ${resuming ? 'resume' : 'hello'} within ${OPEN_TIMEOUT_MS / 1000} s`));
        socket.terminate();
      }, OPEN_TIMEOUT_MS);
      socket.once('open', () => socket.send(JSON.stringify({ seq: challengeSeq, action: 'authentication_challenge', data: { token: this.#token } })));
      socket.on('message', (data: Buffer) => {
        if (data[2] === LETTER_S) {
          // A reply to one of our requests; only the challenge's matters.
          if (!data.includes(`"seq_reply":${challengeSeq}`)) return;
          if (!data.includes('"status":"OK"')) finish(new Error(`authentication refused: ${data.toString('utf8', 0, 300)}`));
          else if (resuming) finish();
          return;
        }
        if (this.#onEvent(data)) finish();
      });
      socket.once('error', (err) => finish(err));
      socket.once('close', () => {
        finish(new Error('the socket closed before it was ready'));
        this.#closed(socket);
      });
    });
  }

  /** Closes the socket (a user leaving, or the first half of a reconnect). */
  async close(): Promise<void> {
    const socket = this.#socket;
    this.#closing = true;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.close(1000);
    const timer = setTimeout(() => socket.terminate(), CLOSE_TIMEOUT_MS);
    await closed;
    clearTimeout(timer);
  }

  /** Tells the channel's members this user is typing (what the web app does before posting). */
  typing(channelId: string): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#socket.send(JSON.stringify({ seq: ++this.#requestSeq, action: 'user_typing', data: { channel_id: channelId, parent_id: '' } }));
  }

  /** Reads one event; true when it is the hello. */
  #onEvent(data: Buffer): boolean {
    const seq = readSeq(data);
    if (startsWith(data, HELLO)) {
      // A new connection (or a resume the server could not serve): its sequence starts over.
      if (this.#connectionId !== '') this.#counters.resumesRefused++;
      this.#connectionId = (JSON.parse(data.toString('utf8')) as { data: { connection_id: string } }).data.connection_id;
      this.#nextSeq = seq + 1;
      return true;
    }
    if (seq < this.#nextSeq) return false; // already seen (a replay overlapping what arrived)
    if (seq > this.#nextSeq) this.#counters.gaps += seq - this.#nextSeq;
    this.#nextSeq = seq + 1;
    if (startsWith(data, POSTED)) {
      const at = data.indexOf(PENDING_ID, POSTED.length);
      if (at >= 0) {
        const start = at + PENDING_ID.length;
        this.#handlers.posted(data.toString('latin1', start, data.indexOf(BACKSLASH, start)));
      }
    } else if (startsWith(data, TYPING)) {
      const at = data.indexOf(USER_ID, TYPING.length);
      if (at >= 0) {
        const start = at + USER_ID.length;
        this.#handlers.typing(data.toString('latin1', start, data.indexOf(QUOTE, start)));
      }
    }
    return false;
  }

  #closed(socket: WebSocket): void {
    if (this.#closing || this.#socket !== socket) return;
    this.#counters.drops++;
    if (this.#reconnects >= MAX_RECONNECTS) return;
    this.#reconnects++;
    setTimeout(() => {
      if (!this.#closing && this.#socket === socket) this.open(true).catch(() => {});
    }, RECONNECT_DELAY_MS);
  }
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** An event frame ends with `,"seq":N}`. */
function readSeq(data: Buffer): number {
  const at = data.lastIndexOf(SEQ);
  if (at < 0) return -1;
  let seq = 0;
  for (let i = at + SEQ.length; i < data.length; i++) {
    const digit = data[i] - 48;
    if (digit < 0 || digit > 9) break;
    seq = seq * 10 + digit;
  }
  return seq;
}

// The media service as a network service of its own (Mattermost's rtcd): the same SFU the server
// otherwise forks, serving the Parley servers that connect to it over a WebSocket at `/ws`. Each
// server is a client with an id and a key (HTTP Basic on the upgrade, as rtcd's clients
// authenticate); a wrong or missing key is refused before anything else, and an address that keeps
// presenting wrong keys is held off (login-failures.ts). Clients are kept apart:
// every call is named `<client id>/<call>` inside, a client only ever names its own, and the
// signalling of a call goes back only to its client. A client's link that closes ends its calls, as a
// media process that dies ends its calls: the server that lost the link starts them over.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.ts';
import { DEFAULT_LOGIN_FAILURE_LIMIT, LoginFailures, type LoginFailureLimit } from './login-failures.ts';
import { answerMediaRequest, mediaFailureOf } from './media-requests.ts';
import { MEDIA_LIMITS, MEDIA_SERVER_LIMITS, type MediaConfig, type MediaProcessMessage, type MediaRequest } from './media-protocol.ts';
import { MediaRefusal, Sfu } from './sfu.ts';

/** A client id: what rtcd's are, and nothing that could break the call names it prefixes. */
export const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A key shorter than this is a password, not a key. */
export const MIN_KEY_CHARS = 16;
const MAX_CALL_CHARS = 200;

export interface MediaServerOptions {
  config: MediaConfig;
  /** Client id → its key. */
  clients: ReadonlyMap<string, string>;
  logger: Logger;
  /** How many wrong keys an address may present (DEFAULT_LOGIN_FAILURE_LIMIT unless given). */
  loginFailureLimit?: LoginFailureLimit;
  /** The clock the limit reads (Date.now unless given: a test seam). */
  now?: () => number;
}

const refusals = {
  missing: { id: 'media.auth.missing', message: 'Authenticate with the client id and key (HTTP Basic).' },
  refused: { id: 'media.auth.refused', message: 'The client id and key were refused.' },
  throttled: { id: 'media.auth.throttled', message: 'Too many wrong keys came from this address: wait before trying again.' },
  notFound: { id: 'media.not_found', message: 'The media service answers WebSocket upgrades at /ws only.' },
};

export class MediaServer {
  #options: MediaServerOptions;
  #sfu: Sfu;
  #http: Server;
  #wss = new WebSocketServer({ noServer: true, maxPayload: MEDIA_SERVER_LIMITS.frameBytes, clientTracking: false });
  /** By client id, its one link: a new one replaces the old. */
  #links = new Map<string, WebSocket>();
  /** The keys' digests, so comparing them takes the same time whatever the key's length. */
  #keyDigests: Map<string, Buffer>;
  #loginFailures: LoginFailures;

  constructor(options: MediaServerOptions) {
    this.#options = options;
    this.#loginFailures = new LoginFailures(options.loginFailureLimit ?? DEFAULT_LOGIN_FAILURE_LIMIT, options.now);
    this.#keyDigests = new Map([...options.clients].map(([id, key]) => [id, digest(key)]));
    this.#sfu = new Sfu(options.config, (event) => {
      const slash = event.call.indexOf('/');
      const link = this.#links.get(event.call.slice(0, slash));
      if (link?.readyState === WebSocket.OPEN) link.send(JSON.stringify({ ...event, call: event.call.slice(slash + 1) }));
    });
    this.#http = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(refusals.notFound));
    });
    this.#http.on('upgrade', (request, socket, head) => this.#upgrade(request, socket, head));
  }

  /** Binds the media's UDP socket, then listens on `host:port` (port 0: any free one); answers the address it listens on. */
  async listen(host: string, port: number): Promise<AddressInfo> {
    await this.#sfu.open((err) => this.#options.logger.warn('media UDP socket error', { err }));
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', (err) => reject(new Error(`cannot listen on ${host}:${port}: ${err.message}`)));
      this.#http.listen(port, host, () => resolve());
    }).catch(async (err: unknown) => {
      await this.#sfu.close();
      throw err;
    });
    return this.#http.address() as AddressInfo;
  }

  async close(): Promise<void> {
    for (const link of this.#links.values()) link.terminate();
    this.#links.clear();
    await this.#sfu.close();
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: 401 | 404 | 429, refusal: { id: string; message: string }, headers = '') => {
      const body = JSON.stringify({ ...refusal, status_code: status });
      socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${headers}connection: close\r\n\r\n${body}`);
    };
    if (new URL(request.url ?? '/', 'http://media').pathname !== '/ws') return refuse(404, refusals.notFound);
    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials) return refuse(401, refusals.missing);
    const address = request.socket.remoteAddress;
    // Held off before the key is compared: a guess made now would tell nothing either way.
    const waitMs = this.#loginFailures.waitFor(address);
    if (waitMs > 0) return refuse(429, refusals.throttled, `retry-after: ${Math.ceil(waitMs / 1000)}\r\n`);
    if (!this.#verify(credentials.clientId, credentials.key)) {
      this.#loginFailures.failed(address);
      this.#options.logger.warn('media client refused', { client_id: credentials.clientId.slice(0, 64), address });
      return refuse(401, refusals.refused);
    }
    this.#wss.handleUpgrade(request, socket, head, (link) => this.#open(credentials.clientId, link));
  }

  #verify(clientId: string, key: string): boolean {
    const expected = this.#keyDigests.get(clientId);
    // An unknown client is compared against a key of its own, so its refusal takes as long.
    return timingSafeEqual(expected ?? digest(`unknown ${clientId}`), digest(key)) && expected !== undefined;
  }

  #open(clientId: string, link: WebSocket): void {
    const previous = this.#links.get(clientId);
    if (previous) {
      this.#links.delete(clientId);
      this.#endCallsOf(clientId);
      previous.close(4001, 'another link of the same client replaced this one');
    }
    this.#links.set(clientId, link);
    this.#options.logger.info('media client connected', { client_id: clientId });
    const send = (message: MediaProcessMessage) => {
      if (link.readyState === WebSocket.OPEN) link.send(JSON.stringify(message));
    };
    link.on('message', (data, isBinary) => {
      const envelope = isBinary ? undefined : parseEnvelope(data.toString());
      if (!envelope) {
        link.close(1008, 'every frame must be a JSON request {kind: "request", id, request}');
        return;
      }
      const request = clientRequest(clientId, envelope.request);
      const answered = typeof request === 'string' ? Promise.reject(new MediaRefusal('media.request.invalid', 400, `The request was refused: ${request}.`)) : answerMediaRequest(this.#sfu, request, () => this.#sfu.counts((call) => call.startsWith(`${clientId}/`)));
      answered.then(
        (result) => send({ kind: 'reply', id: envelope.id, ok: true, result: result ?? null }),
        (err: unknown) => send({ kind: 'reply', id: envelope.id, ok: false, error: mediaFailureOf(err) }),
      );
    });
    link.on('close', () => {
      if (this.#links.get(clientId) !== link) return;
      this.#links.delete(clientId);
      this.#endCallsOf(clientId);
      this.#options.logger.info('media client disconnected; its calls ended', { client_id: clientId });
    });
    link.on('error', () => link.terminate());
    send({ kind: 'ready' });
  }

  #endCallsOf(clientId: string): void {
    this.#sfu.endCalls((call) => call.startsWith(`${clientId}/`));
  }
}

const STATUS_TEXT = { 401: 'Unauthorized', 404: 'Not Found', 429: 'Too Many Requests' } as const;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function basicCredentials(header: string | undefined): { clientId: string; key: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(header ?? '');
  if (!match) return undefined;
  const text = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { clientId: text.slice(0, colon), key: text.slice(colon + 1) };
}

function parseEnvelope(text: string): { id: number; request: Record<string, unknown> } | undefined {
  try {
    const value = JSON.parse(text) as { kind?: unknown; id?: unknown; request?: unknown };
    if (value?.kind !== 'request' || !Number.isSafeInteger(value.id) || !value.request || typeof value.request !== 'object' || Array.isArray(value.request)) return undefined;
    return { id: value.id as number, request: value.request as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/**
 * A client's request checked field by field (the core checks what its plugins send, but a client of
 * this service is another machine), its call named inside the client's own space; or why not.
 */
function clientRequest(clientId: string, request: Record<string, unknown>): MediaRequest | string {
  const { op, call, session, muted, signal } = request;
  if (op === 'health') return { op };
  if (typeof call !== 'string' || call.length < 1 || call.length > MAX_CALL_CHARS) return `call must be 1 to ${MAX_CALL_CHARS} characters`;
  const own = `${clientId}/${call}`;
  if (op === 'createCall' || op === 'endCall') return { op, call: own };
  if (typeof session !== 'string' || session.length < 1 || session.length > MEDIA_LIMITS.idChars) return `session must be 1 to ${MEDIA_LIMITS.idChars} characters`;
  if (op === 'addParticipant' || op === 'removeParticipant') return { op, call: own, session };
  if (op === 'setMuted') return typeof muted === 'boolean' ? { op, call: own, session, muted } : 'muted must be true or false';
  if (op !== 'signal') return 'op must be createCall, endCall, addParticipant, removeParticipant, setMuted, signal or health';
  const fields = signal && typeof signal === 'object' ? (signal as Record<string, unknown>) : {};
  if (typeof fields.sdpZlibBase64 === 'string') return { op, call: own, session, signal: { sdpZlibBase64: fields.sdpZlibBase64 } };
  if (typeof fields.candidateJson === 'string') return { op, call: own, session, signal: { candidateJson: fields.candidateJson } };
  return 'signal must be {sdpZlibBase64} or {candidateJson}';
}

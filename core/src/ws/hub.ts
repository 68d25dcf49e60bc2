// The WebSocket hub behind /api/v4/websocket: authenticates sockets (at the upgrade or with an
// authentication_challenge), gives each a connection id and hello, resumes dropped connections,
// fans live events out to the connections allowed to see them, and answers client requests.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { AppError } from '../errors/app-error.ts';
import type { AuthSession } from '../app/auth-session.ts';
import { newId } from '../app/ids.ts';
import { DATABASE_UNAVAILABLE_ID } from '../errors/database-unavailable.ts';
import type { SessionService } from '../app/session-service.ts';
import type { StatusService } from '../app/status-service.ts';
import type { MfaService } from '../app/mfa-service.ts';
import type { EventBus, LiveEvent } from '../cluster/event-bus.ts';
import type { ConfigService } from '../config/config-service.ts';
import { toAppError } from '../errors/to-app-error.ts';
import type { Logger } from '../logger.ts';
import { SERVER_VERSION } from '../version.ts';
import { Audience } from './audience.ts';
import { MemberIndex, type MembershipSource } from './member-index.ts';
import { CUSTOM_ACTION_PREFIX, dropCustomActions, handleRequest, type CustomActionHandler, type RequestDeps } from './client-requests.ts';
import { eventFrame, failResponse, okResponse, parseRequest, type ClientRequest } from './envelope.ts';
import { parseBinaryRequest } from './binary-request.ts';
import { originAllowed, rejectUpgrade, resumeRequest, upgradeToken, WEBSOCKET_PATH, type ResumeRequest } from './upgrade-request.ts';
import { WebConnection } from './web-connection.ts';
import { RequestBudget } from './request-budget.ts';
import { tracedSync } from '../tracing/phases.ts';

export interface HubTimings {
  /** How long a socket may stay unauthenticated (Mattermost: 5 s). */
  authTimeoutMs: number;
  /** Between pings; a socket that did not answer the previous one is dropped. */
  pingIntervalMs: number;
  /** How often an open socket's session is checked again, so a revoked session loses its socket. */
  sessionCheckMs: number;
  /** How long a dropped connection can be resumed. */
  resumeWindowMs: number;
}

export const DEFAULT_HUB_TIMINGS: HubTimings = {
  authTimeoutMs: 5_000,
  pingIntervalMs: 30_000,
  sessionCheckMs: 60_000,
  resumeWindowMs: 5 * 60_000,
};

/** Mattermost's per-connection send queue. */
const SEND_QUEUE_SIZE = 256;
/**
 * Requests are small JSON or MessagePack; get_statuses_by_ids with a thousand ids fits comfortably,
 * and so does a compressed SDP offer from Calls.
 */
const MAX_FRAME_BYTES = 64 * 1024;
const CLOSE_POLICY = 1008;
/** The close reason of a socket whose user must set up enforced MFA first (mfa-service.ts). */
const MFA_REQUIRED_REASON = 'multi-factor authentication required';
const CLOSE_GOING_AWAY = 1001;
const CLOSE_INTERNAL_ERROR = 1011;

export interface HubDeps {
  sessions: Pick<SessionService, 'authenticate' | 'onCredentialsChanged'>;
  statuses: StatusService;
  /** Where a connecting user's channels and teams are loaded from, once per user. */
  membership: MembershipSource;
  events: EventBus;
  config: ConfigService;
  logger: Logger;
  timings?: Partial<HubTimings>;
  /** Where `custom_*` actions go (the plugin seam); dropped by default. */
  customActions?: CustomActionHandler;
  /** Told about every connection that opens (or resumes) and closes (plugins' onWebSocketConnect/Disconnect). */
  connections?: ConnectionObserver;
  /** Whether a user must set up enforced MFA first: such a socket is closed, as their API calls are refused. */
  mfa?: Pick<MfaService, 'mustSetUp'>;
}

export interface ConnectionObserver {
  connected(connectionId: string, userId: string): void;
  disconnected(connectionId: string, userId: string): void;
}

/** One open socket: unauthenticated until `connection` is set. */
interface ClientSocket {
  socket: WebSocket;
  connection: WebConnection | null;
  resume: ResumeRequest | null;
  /** Answered the last ping. */
  alive: boolean;
  authTimer: NodeJS.Timeout | undefined;
  /** Requests run one after another, in the order the client sent them. */
  inbox: Promise<void>;
}

interface Credentials {
  session: AuthSession;
  token: string;
}

export class WebSocketHub {
  #deps: HubDeps;
  #timings: HubTimings;
  #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: false });
  #sockets = new Set<ClientSocket>();
  /** Every socket an upgrade handed over, until it closes: accepted, being authenticated or refused. */
  #upgraded = new Set<Duplex>();
  #connections = new Map<string, WebConnection>();
  #byUser = new Map<string, Set<WebConnection>>();
  /** Who is connected where: resolves every event's audience in memory, so delivery never waits on the database. */
  #members: MemberIndex;
  #requestDeps: RequestDeps;
  #unsubscribe: () => void;
  #unsubscribeCredentials: () => void;
  #ticker: NodeJS.Timeout;
  #closed = false;
  #budget = new RequestBudget();

  constructor(deps: HubDeps) {
    this.#deps = deps;
    this.#timings = { ...DEFAULT_HUB_TIMINGS, ...deps.timings };
    this.#members = new MemberIndex(deps.membership);
    this.#requestDeps = { statuses: deps.statuses, members: this.#members, events: deps.events };
    const unsubscribeEvents = deps.events.subscribe((event) => this.#deliver(event));
    // Membership changes published elsewhere while this node could not hear the cluster were missed.
    const unsubscribeRejoin = deps.events.onRejoined(() => void this.#members.reloadAll());
    this.#unsubscribe = () => {
      unsubscribeEvents();
      unsubscribeRejoin();
    };
    // A revoked session or token loses its sockets at once, not at the next periodic check.
    this.#unsubscribeCredentials = deps.sessions.onCredentialsChanged((userId) => this.#recheckUser(userId));
    this.#ticker = setInterval(() => this.#tick(), this.#timings.pingIntervalMs);
    this.#ticker.unref();
  }

  /** Handles upgrades to /api/v4/websocket on `server`; other upgrade paths get a 404. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.#closed) return void socket.destroy();
      // Once upgraded, a socket is no longer the HTTP server's to close, yet its close() waits for it.
      this.#upgraded.add(socket);
      socket.once('close', () => this.#upgraded.delete(socket));
      this.#upgrade(req, socket, head).catch((err: unknown) => {
        this.#deps.logger.error('websocket upgrade failed', { err });
        socket.destroy();
      });
    });
  }

  /** Closes every socket and stops delivering events. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#ticker);
    this.#unsubscribe();
    this.#unsubscribeCredentials();
    for (const client of this.#sockets) {
      clearTimeout(client.authTimer);
      client.socket.terminate();
    }
    this.#sockets.clear();
    // The rest: sockets still being authenticated, or refused to a client that never hung up.
    for (const socket of this.#upgraded) socket.destroy();
    this.#upgraded.clear();
    this.#connections.clear();
    this.#byUser.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // A socket error while the session is looked up must not go unhandled; ws takes over after.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
    if (url.pathname !== WEBSOCKET_PATH) {
      rejectUpgrade(socket, new AppError('api.context.404.app_error', 404, 'Sorry, we could not find the page.', { details: url.pathname }));
      return;
    }
    let resume: ResumeRequest | null;
    try {
      resume = resumeRequest(url.searchParams);
    } catch (err) {
      rejectUpgrade(socket, toAppError(err));
      return;
    }
    if (!originAllowed(req, this.#deps.config.get().ServiceSettings.AllowCorsFrom)) {
      rejectUpgrade(socket, new AppError('api.web_socket.origin.app_error', 403, 'WebSocket connections from this origin are not allowed.'));
      return;
    }
    // As in Mattermost, a bad token at the upgrade is not fatal: the client may still authenticate
    // with a challenge.
    const token = upgradeToken(req, url);
    const session = token ? await this.#deps.sessions.authenticate(token) : null;
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, resume, session && token ? { session, token } : null));
  }

  #open(socket: WebSocket, resume: ResumeRequest | null, credentials: Credentials | null): void {
    const client: ClientSocket = { socket, connection: null, resume, alive: true, authTimer: undefined, inbox: Promise.resolve() };
    this.#sockets.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      client.inbox = client.inbox
        .then(() => this.#onMessage(client, data, isBinary))
        .catch((err: unknown) => {
          this.#deps.logger.error('websocket request failed', { err });
          socket.close(1011, 'internal error');
        });
    });
    socket.on('close', () => this.#onClose(client));
    socket.on('error', (err) => this.#deps.logger.debug('websocket error', { err: err.message }));
    if (credentials) {
      this.#bind(client, credentials).catch((err: unknown) => {
        this.#deps.logger.error('opening a websocket connection failed', { err });
        socket.close(CLOSE_INTERNAL_ERROR, 'internal error');
      });
    } else {
      client.authTimer = setTimeout(() => {
        if (!client.connection) socket.close(CLOSE_POLICY, 'authentication timed out');
      }, this.#timings.authTimeoutMs);
    }
  }

  /**
   * Gives an authenticated socket its connection: the one it asked to resume when that is still
   * here and belongs to the same user, else a new one — once the user's memberships are known, so
   * that its first events reach it. `reply` (the challenge's OK) goes out first.
   */
  async #bind(client: ClientSocket, credentials: Credentials, reply?: string): Promise<void> {
    clearTimeout(client.authTimer);
    if (await this.#deps.mfa?.mustSetUp(credentials.session)) {
      client.socket.close(CLOSE_POLICY, MFA_REQUIRED_REASON);
      return;
    }
    const previous = client.resume ? this.#connections.get(client.resume.connectionId) : undefined;
    const resuming = previous !== undefined && client.resume !== null && previous.userId === credentials.session.userId;
    if (!resuming) {
      const userId = credentials.session.userId;
      try {
        await this.#members.track(userId);
      } catch (err) {
        // Most likely the database is down: the client retries, as after any failed connection.
        this.#deps.logger.warn('could not load the memberships of a connecting user', { user_id: userId, err: String(err) });
        client.socket.close(CLOSE_INTERNAL_ERROR, 'try again');
        return;
      }
      if (this.#closed || client.socket.readyState !== WebSocket.OPEN) {
        this.#members.untrack(userId);
        return;
      }
    }
    const connection = resuming
      ? this.#resume(previous, client.resume!.sequence, client.socket, credentials, reply)
      : this.#create(client.socket, credentials, reply);
    client.connection = connection;
    this.#deps.connections?.connected(connection.id, connection.userId);
    this.#deps.statuses.setOnline(connection.userId, false).catch((err: unknown) => this.#deps.logger.error('setting status online failed', { err }));
  }

  #create(socket: WebSocket, { session, token }: Credentials, reply?: string): WebConnection {
    const connection = new WebConnection(newId(), session, token, {
      sendQueueSize: SEND_QUEUE_SIZE,
      replayWindow: this.#deps.config.get().ServiceSettings.WebsocketReplayWindow,
    });
    connection.attach(socket);
    this.#connections.set(connection.id, connection);
    let mine = this.#byUser.get(connection.userId);
    if (!mine) this.#byUser.set(connection.userId, (mine = new Set()));
    mine.add(connection);
    if (reply) connection.sendResponse(reply);
    this.#hello(connection);
    return connection;
  }

  /** Replays from `sequence` when the window still holds it; otherwise the client must start over. */
  #resume(connection: WebConnection, sequence: number, socket: WebSocket, { session, token }: Credentials, reply?: string): WebConnection {
    const stale = connection.socket;
    connection.session = session;
    connection.token = token;
    connection.attach(socket);
    // The client gave up on the old socket (it reconnects after a missed event or ping), so this
    // one takes over; the old one's close no longer detaches anything.
    stale?.close(CLOSE_GOING_AWAY, 'resumed on another socket');
    if (reply) connection.sendResponse(reply);
    if (!connection.replayFrom(sequence)) {
      this.#connections.delete(connection.id);
      connection.restart(newId());
      this.#connections.set(connection.id, connection);
      this.#hello(connection);
    }
    return connection;
  }

  #hello(connection: WebConnection): void {
    const hello: LiveEvent = {
      event: 'hello',
      // Same value as the HTTP API's X-Version-Id header.
      data: { server_version: `${SERVER_VERSION}.0.parley.false`, connection_id: connection.id },
      broadcast: { user_id: connection.userId },
    };
    connection.sendEvent(hello.event, eventFrame(hello));
  }

  #onClose(client: ClientSocket): void {
    clearTimeout(client.authTimer);
    this.#sockets.delete(client);
    const connection = client.connection;
    if (!connection || connection.socket !== client.socket) return;
    connection.detach();
    this.#deps.connections?.disconnected(connection.id, connection.userId);
    if (!this.#closed && !this.#hasLiveConnection(connection.userId)) {
      this.#deps.statuses.setOffline(connection.userId, false).catch((err: unknown) => this.#deps.logger.error('setting status offline failed', { err }));
    }
  }

  async #onMessage(client: ClientSocket, raw: RawData, isBinary: boolean): Promise<void> {
    // From here on a MessagePack frame is the same request as its JSON twin: same budget, same
    // authentication, same custom_ dispatch (Mattermost's readPump picks only the decoder by frame type).
    const parsed = isBinary ? parseBinaryRequest(raw) : parseRequest(raw.toString());
    // Without a usable seq there is nothing to reply to: the client would read a reply with no
    // seq_reply as an out-of-sequence event and reconnect.
    if (!parsed || !Number.isSafeInteger(parsed.seq) || (parsed.seq as number) <= 0) {
      this.#deps.logger.debug('websocket frame ignored', { binary: isBinary, user_id: client.connection?.userId });
      return;
    }
    const seq = parsed.seq as number;
    const data = typeof parsed.data === 'object' && parsed.data !== null && !Array.isArray(parsed.data) ? (parsed.data as Record<string, unknown>) : {};
    if (typeof parsed.action !== 'string' || parsed.action === '') {
      this.#reply(client, failResponse(seq, new AppError('api.web_socket_router.no_action.app_error', 400, 'The request has no action.')));
      return;
    }
    const request: ClientRequest = { seq, action: parsed.action, data };
    if (request.action === 'authentication_challenge') {
      await this.#challenge(client, request);
      return;
    }
    const connection = client.connection;
    if (!connection) {
      this.#reply(client, failResponse(seq, new AppError('api.web_socket_router.not_authenticated.app_error', 401, 'Authenticate first with an authentication_challenge.')));
      return;
    }
    const verdict = this.#budget.spend(connection.id, request.action);
    if (verdict.kind === 'disconnect') {
      this.#deps.logger.info('closing a websocket that sends too many requests', { user_id: connection.userId, action: request.action });
      client.socket.close(CLOSE_POLICY, verdict.reason);
      return;
    }
    if (verdict.kind === 'refuse') {
      connection.sendResponse(failResponse(seq, verdict.error));
      return;
    }
    if (request.action.startsWith(CUSTOM_ACTION_PREFIX)) {
      (this.#deps.customActions ?? dropCustomActions)(request, { connectionId: connection.id, userId: connection.userId, sessionId: connection.session.id });
      return;
    }
    try {
      connection.sendResponse(okResponse(seq, await handleRequest(this.#requestDeps, connection, request)));
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status >= 500 && appError.status !== 501 && appError.id !== DATABASE_UNAVAILABLE_ID) this.#deps.logger.error('websocket request failed', { action: request.action, err: appError.cause ?? appError });
      connection.sendResponse(failResponse(seq, appError));
    }
  }

  async #challenge(client: ClientSocket, request: ClientRequest): Promise<void> {
    // Already authenticated (at the upgrade, or twice): nothing changes.
    if (client.connection) {
      client.connection.sendResponse(okResponse(request.seq));
      return;
    }
    const token = request.data.token;
    if (typeof token !== 'string' || token === '') {
      this.#reply(client, failResponse(request.seq, AppError.invalidParam('token')));
      return;
    }
    const session = await this.#deps.sessions.authenticate(token);
    if (client.socket.readyState !== WebSocket.OPEN) return;
    if (!session) {
      this.#reply(client, failResponse(request.seq, AppError.unauthorized()));
      client.socket.close(CLOSE_POLICY, 'authentication failed');
      return;
    }
    await this.#bind(client, { session, token }, okResponse(request.seq));
  }

  /** A reply on a socket that may not have a connection yet. */
  #reply(client: ClientSocket, frame: string): void {
    if (client.connection) client.connection.sendResponse(frame);
    else if (client.socket.readyState === WebSocket.OPEN) client.socket.send(frame);
  }

  /**
   * Sends an event to the connections allowed to see it, at once and in memory: events reach every
   * connection in the order they were published, and no event waits for another's audience.
   */
  #deliver(event: LiveEvent): void {
    if (event.membership) {
      this.#members.apply(event.membership);
      return;
    }
    if (this.#connections.size === 0) return;
    tracedSync('fanout', () => {
      const audience = Audience.of(event.broadcast, this.#members);
      const frame = eventFrame(event);
      for (const connection of this.#candidates(event, audience)) {
        if (audience.accepts(connection)) connection.sendEvent(event.event, frame);
      }
    });
  }

  /** The connections worth asking the audience about: as few as the broadcast allows. */
  *#candidates(event: LiveEvent, audience: Audience): Iterable<WebConnection> {
    const b = event.broadcast;
    if (b.connection_id) {
      const connection = this.#connections.get(b.connection_id);
      if (connection) yield connection;
    } else if (b.user_id) {
      yield* this.#byUser.get(b.user_id) ?? [];
    } else if (audience.members) {
      for (const userId of audience.members) yield* this.#byUser.get(userId) ?? [];
    } else {
      yield* this.#connections.values();
    }
  }

  #hasLiveConnection(userId: string): boolean {
    for (const connection of this.#byUser.get(userId) ?? []) if (connection.socket) return true;
    return false;
  }

  /** Pings, drops sockets that stopped answering, re-checks sessions and forgets expired connections. */
  #tick(): void {
    for (const client of this.#sockets) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
    const now = Date.now();
    for (const connection of [...this.#connections.values()]) {
      if (!connection.socket) {
        if (now - connection.disconnectedAt > this.#timings.resumeWindowMs) this.#forget(connection);
      } else if (now - connection.sessionCheckedAt >= this.#timings.sessionCheckMs) {
        connection.sessionCheckedAt = now;
        this.#checkSession(connection).catch((err: unknown) => this.#deps.logger.error('websocket session check failed', { err }));
      }
    }
  }

  #recheckUser(userId: string): void {
    for (const connection of [...(this.#byUser.get(userId) ?? [])]) {
      if (!connection.socket) continue;
      connection.sessionCheckedAt = Date.now();
      this.#checkSession(connection).catch((err: unknown) => this.#deps.logger.error('websocket session check failed', { err }));
    }
  }

  async #checkSession(connection: WebConnection): Promise<void> {
    const session = await this.#deps.sessions.authenticate(connection.token);
    if (session && session.userId === connection.userId && !(await this.#deps.mfa?.mustSetUp(session))) {
      connection.session = session;
      return;
    }
    const socket = connection.socket;
    this.#forget(connection);
    socket?.close(CLOSE_POLICY, 'session expired');
  }

  #forget(connection: WebConnection): void {
    if (!this.#connections.delete(connection.id)) return;
    this.#members.untrack(connection.userId);
    const mine = this.#byUser.get(connection.userId);
    mine?.delete(connection);
    if (mine?.size === 0) this.#byUser.delete(connection.userId);
  }
}

// A media service running on its own (media-server.ts; Mattermost's rtcd and its RTCDServiceURL),
// reached over a WebSocket at `<url>/ws` and authenticated with the client id and key the URL
// carries (`http://<client id>:<key>@host:port`, as rtcd's). The service ends a client's calls when
// its link closes, as a forked process's calls end with it.
import { WebSocket } from 'ws';
import type { MediaLink, MediaLinkEvents } from './media-link.ts';
import { MEDIA_SERVER_LIMITS, type MediaProcessMessage } from './media-protocol.ts';

/** How long a service has to accept the link, and to close it when asked. */
const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_GRACE_MS = 2000;

/** The parts of a media service URL: where its WebSocket is, who the client is, and the URL without the key. */
export interface MediaServiceAddress {
  socketUrl: string;
  clientId: string;
  authKey: string;
  /** For logs and the status: never the key. */
  shown: string;
}

/** Reads `http(s)://` or `ws(s)://<client id>:<key>@host[:port][/path]`; throws a message naming what is wrong. */
export function parseMediaServiceUrl(text: string): MediaServiceAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('it is not a URL');
  }
  const scheme = { 'http:': 'ws:', 'ws:': 'ws:', 'https:': 'wss:', 'wss:': 'wss:' }[url.protocol];
  if (!scheme) throw new Error('it must start with http://, https://, ws:// or wss://');
  const clientId = decodeURIComponent(url.username);
  const authKey = decodeURIComponent(url.password);
  if (!clientId || !authKey) throw new Error('it must carry the client id and key: http://<client id>:<key>@host:port');
  if (url.search || url.hash) throw new Error('it must have no query or fragment');
  const shown = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  url.protocol = scheme;
  url.username = '';
  url.password = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws`;
  return { socketUrl: url.toString(), clientId, authKey, shown };
}

export function connectMediaServer(address: MediaServiceAddress, events: MediaLinkEvents): MediaLink {
  const socket = new WebSocket(address.socketUrl, {
    headers: { authorization: `Basic ${Buffer.from(`${address.clientId}:${address.authKey}`).toString('base64')}` },
    handshakeTimeout: CONNECT_TIMEOUT_MS,
    maxPayload: MEDIA_SERVER_LIMITS.frameBytes,
    // A service that answers with a redirect is not followed: the key is for the address given.
    followRedirects: false,
  });
  let closing = false;
  let ended = false;
  const end = (why: string) => {
    if (ended || closing) return;
    ended = true;
    events.ended(why);
  };
  socket.on('unexpected-response', (_request, response) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      if (body.length < 1000) body += chunk;
    });
    response.on('end', () => {
      const reason = refusalMessage(body) ?? `HTTP ${response.statusCode}`;
      const refused = response.statusCode === 401 || response.statusCode === 403;
      end(refused ? `refused by ${address.shown}: ${reason}` : `${address.shown} answered ${reason}`);
      socket.terminate();
    });
  });
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: MediaProcessMessage;
    try {
      message = JSON.parse(data.toString()) as MediaProcessMessage;
    } catch {
      events.log(`${address.shown} sent a frame that is not JSON`);
      return;
    }
    events.message(message);
  });
  socket.on('error', (err) => end(`${address.shown} cannot be reached: ${err.message}`));
  socket.on('close', (code, reason) => end(`${address.shown} closed the link (${code}${reason.length ? ` ${reason.toString().slice(0, 200)}` : ''})`));
  return {
    pid: null,
    url: address.shown,
    send(envelope) {
      if (socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(envelope));
      return true;
    },
    async close() {
      closing = true;
      if (socket.readyState === WebSocket.CLOSED) return;
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'stopped');
      const killer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(killer);
    },
    abort() {
      socket.terminate();
    },
  };
}

/** The service's refusal is JSON `{id, message}`; its message is what the status shows. */
function refusalMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; message?: unknown };
    return typeof parsed.message === 'string' ? `${parsed.message.slice(0, 300)}${typeof parsed.id === 'string' ? ` (${parsed.id})` : ''}` : undefined;
  } catch {
    return undefined;
  }
}

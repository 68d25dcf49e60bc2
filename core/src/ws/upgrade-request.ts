// Reading a WebSocket upgrade request: the resume parameters, the caller's token (the same places
// the HTTP API looks), the Origin check, and refusing an upgrade with Mattermost's error JSON.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../errors/app-error.ts';
import { isValidId } from '../app/ids.ts';
import { tokenFrom } from '../wire/request-credentials.ts';
import { wireError } from './envelope.ts';

export const WEBSOCKET_PATH = '/api/v4/websocket';

/** A client picking up an earlier connection: its id and the next sequence number it expects. */
export interface ResumeRequest {
  connectionId: string;
  sequence: number;
}

/**
 * `connection_id` and `sequence_number` travel together. An empty connection_id is a first
 * connection (the Mattermost client always sends both); one without the other, or malformed values,
 * are refused with a 400.
 */
export function resumeRequest(params: URLSearchParams): ResumeRequest | null {
  const connectionId = params.get('connection_id');
  const sequence = params.get('sequence_number');
  if (connectionId === null && sequence === null) return null;
  if (connectionId === null || sequence === null) {
    throw AppError.invalidParam(connectionId === null ? 'connection_id' : 'sequence_number', 'connection_id and sequence_number must be sent together');
  }
  if (!/^\d{1,15}$/.test(sequence)) throw AppError.invalidParam('sequence_number', 'must be a non-negative integer');
  if (connectionId === '') return null;
  if (!isValidId(connectionId)) throw AppError.invalidParam('connection_id', 'must be a 26-character id');
  return { connectionId, sequence: Number(sequence) };
}

/** The token an upgrade request presents, looked for exactly as the HTTP API does. */
export function upgradeToken(req: IncomingMessage, url: URL): string | null {
  const query: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const found = tokenFrom({
    get: (name) => headerValue(req, name),
    cookies: { get: (name) => cookieValue(headerValue(req, 'Cookie'), name) },
    query,
  });
  return found?.token ?? null;
}

/**
 * Browsers attach cookies to cross-site WebSocket upgrades, so, like Mattermost (gorilla's default),
 * only the site's own origin or one listed in AllowCorsFrom may open a socket.
 */
export function originAllowed(req: IncomingMessage, allowCorsFrom: string): boolean {
  const origin = headerValue(req, 'Origin');
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host.toLowerCase() === headerValue(req, 'Host').toLowerCase()) return true;
  const allowed = allowCorsFrom.split(/\s+/).filter(Boolean);
  return allowed.includes('*') || allowed.includes(origin);
}

/** Answers the upgrade with a plain HTTP error instead of switching protocols. */
export function rejectUpgrade(socket: Duplex, error: AppError): void {
  const body = JSON.stringify(wireError(error));
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function headerValue(req: IncomingMessage, name: string): string {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

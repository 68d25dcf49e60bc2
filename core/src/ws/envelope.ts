// What goes over the wire: event frames `{event, data, broadcast, seq}` and request responses
// `{status, seq_reply, data?, error?}`, in Mattermost's exact shapes.
import type { AppError } from '../errors/app-error.ts';
import type { LiveEvent } from '../cluster/event-bus.ts';

/** Client → server: `{seq, action, data}`. */
export interface ClientRequest {
  seq: number;
  action: string;
  data: Record<string, unknown>;
}

/** An event's frame with a connection's own sequence number in it. */
export type FrameFor = (seq: number) => string;

/**
 * Serialises an event once and returns a function adding each connection's own sequence number,
 * so fanning out to thousands of connections does not re-serialise the data each time.
 */
export function eventFrame(event: LiveEvent): FrameFor {
  const b = event.broadcast;
  const body = JSON.stringify({
    event: event.event,
    data: event.data,
    // Mattermost's fields only: Parley's system_permission is for the hub, not for clients.
    broadcast: {
      omit_users: b.omit_users ?? null,
      user_id: b.user_id ?? '',
      channel_id: b.channel_id ?? '',
      team_id: b.team_id ?? '',
      connection_id: b.connection_id ?? '',
      omit_connection_id: b.omit_connection_id ?? '',
    },
  });
  const head = `${body.slice(0, -1)},"seq":`;
  return (seq) => `${head}${seq}}`;
}

export function okResponse(seqReply: number, data?: Record<string, unknown>): string {
  return JSON.stringify(data === undefined ? { status: 'OK', seq_reply: seqReply } : { status: 'OK', seq_reply: seqReply, data });
}

export function failResponse(seqReply: number, error: AppError): string {
  return JSON.stringify({ status: 'FAIL', seq_reply: seqReply, error: wireError(error) });
}

/** Mattermost's AppError JSON; a 5xx never carries its detail. */
export function wireError(error: AppError) {
  return {
    id: error.id,
    message: error.message,
    detailed_error: error.status >= 500 ? '' : error.details,
    request_id: '',
    status_code: error.status,
  };
}

/** A frame read as an object, its fields not yet checked. */
export interface RequestFields {
  seq: unknown;
  action: unknown;
  data: unknown;
}

/**
 * Reads a text frame as a request; null when it is not one (not JSON, not an object).
 * Validation of the fields is left to the caller so it can answer with Mattermost's errors.
 */
export function parseRequest(text: string): RequestFields | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { seq, action, data } = parsed as Record<string, unknown>;
  return { seq, action, data };
}

// The calls going on in the user's channels, as the Calls plugin tells them: loaded per channel from
// its REST state when a component first asks, then kept current by its WebSocket events (call_start,
// user_joined, user_muted, user_voice_on, ...), which arrive over the chat's socket. Components read
// it with useCalls(selector).
//
// A load and the events race three ways, each of which once left a page without a participant or a
// call going on (the answer on one connection, the events on another):
// - A load answered before the chat's socket is registered (its hello) misses every event sent in
//   between: loads start once it is, and each new connection (a hello: one the server could not
//   resume) loads again the channels already loaded.
// - An answer may be older than events that arrive while it is on its way: the events seen since a
//   load began are applied again on top of its answer. Each event sets something (a session there or
//   gone, a flag), none counts, so one the answer already holds changes nothing.
// - A `call_state` on the chat's socket (the plugin sends it to the user after each of their joins) is
//   a snapshot from when that join was stored, possibly older than a user_joined or user_left already
//   applied: it is not applied but makes the channel load again.
import { useSyncExternalStore } from 'react';
import { CALLS_PREFIX, fetchChannelCall, type WireCall } from './calls-api.ts';
import type { ServerEvents } from '../server-events.ts';

/** One participant's session in a call. */
export interface CallParticipant {
  sessionId: string;
  userId: string;
  unmuted: boolean;
  /** Talking now (voice activity the participant's client detected). */
  speaking: boolean;
  /** When the hand went up (epoch ms), 0 when it is down. */
  raisedHand: number;
}

export interface ChannelCall {
  id: string;
  channelId: string;
  startAt: number;
  ownerId: string;
  hostId: string;
  postId: string;
  threadId: string;
  screenSessionId: string;
  /** By session id, in the order they joined. */
  participants: Record<string, CallParticipant>;
}

export interface CallsSnapshot {
  /** By channel id: the call there, null when none; absent until loaded. */
  calls: Record<string, ChannelCall | null>;
}

/** A calls event, by its short name (without the prefix). */
type CallsListener = (name: string, data: Record<string, unknown>) => void;

/** A load under way: only the newest one of a channel applies; `events` came since it began. */
interface ChannelLoad {
  id: number;
  /** Its request went (it waited for the socket to be registered first). */
  sent: boolean;
  events: { name: string; data: Record<string, unknown> }[];
}

const listeners = new Set<() => void>();
let snapshot: CallsSnapshot = { calls: {} };
const loads = new Map<string, ChannelLoad>();
let lastLoadId = 0;
/** The socket whose events are applied, and the connection its last hello named ('' before one). */
let followed: { socket: ServerEvents; stop: () => void; connectionId: string } | undefined;
const reactions = new Set<CallsListener>();
/**
 * Calls whose call_start this page heard and whose ringing nobody stopped here yet (no call_end, no
 * dismissal by this user, who is the only one told of their own): what a part of the page that
 * comes up after the event still rings for.
 */
const heardStarting = new Set<string>();

function publish(calls: Record<string, ChannelCall | null>): void {
  snapshot = { calls };
  for (const listener of listeners) listener();
}

function setCall(channelId: string, call: ChannelCall | null): void {
  publish({ ...snapshot.calls, [channelId]: call });
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function fromWire(channelId: string, wire: WireCall): ChannelCall {
  const participants: Record<string, CallParticipant> = {};
  for (const session of wire.sessions) {
    participants[session.session_id] = { sessionId: session.session_id, userId: session.user_id, unmuted: session.unmuted, speaking: false, raisedHand: session.raised_hand };
  }
  return {
    id: wire.id,
    channelId,
    startAt: wire.start_at,
    ownerId: wire.owner_id,
    hostId: wire.host_id,
    postId: wire.post_id,
    threadId: wire.thread_id,
    screenSessionId: wire.screen_sharing_session_id,
    participants,
  };
}

function withParticipant(call: ChannelCall, sessionId: string, change: Partial<CallParticipant>): ChannelCall {
  const participant = call.participants[sessionId];
  return participant ? { ...call, participants: { ...call.participants, [sessionId]: { ...participant, ...change } } } : call;
}

/**
 * The channel's call after one event: `call` as known (undefined while not loaded, null when none).
 * A call that starts or ends is known from its event alone; the other events change a known call.
 */
function afterEvent(call: ChannelCall | null | undefined, channelId: string, name: string, data: Record<string, unknown>): ChannelCall | null | undefined {
  const sessionId = text(data.session_id);
  if (name === 'call_start') {
    const id = text(data.id);
    return {
      id,
      channelId,
      startAt: Number(data.start_at) || Date.now(),
      ownerId: text(data.owner_id),
      hostId: text(data.host_id),
      postId: text(data.post_id),
      threadId: text(data.thread_id),
      screenSessionId: call?.id === id ? call.screenSessionId : '',
      // Its first participant's user_joined follows; a load answered meanwhile may hold more already.
      participants: call?.id === id ? call.participants : {},
    };
  }
  if (name === 'call_end') return call && text(data.id) && call.id !== text(data.id) ? call : null;
  if (!call) return call;
  switch (name) {
    case 'user_joined':
      return call.participants[sessionId] ? call : { ...call, participants: { ...call.participants, [sessionId]: { sessionId, userId: text(data.user_id), unmuted: false, speaking: false, raisedHand: 0 } } };
    case 'user_left': {
      const { [sessionId]: _gone, ...rest } = call.participants;
      return { ...call, participants: rest, screenSessionId: call.screenSessionId === sessionId ? '' : call.screenSessionId };
    }
    case 'user_muted':
    case 'user_unmuted':
      return withParticipant(call, sessionId, { unmuted: name === 'user_unmuted', ...(name === 'user_muted' ? { speaking: false } : {}) });
    case 'user_voice_on':
    case 'user_voice_off':
      return withParticipant(call, sessionId, { speaking: name === 'user_voice_on' });
    case 'user_raise_hand':
    case 'user_unraise_hand':
      return withParticipant(call, sessionId, { raisedHand: Number(data.raised_hand) || 0 });
    case 'user_screen_on':
    case 'user_screen_off':
      return { ...call, screenSessionId: name === 'user_screen_on' ? sessionId : call.screenSessionId === sessionId ? '' : call.screenSessionId };
    case 'call_host_changed':
      return { ...call, hostId: text(data.hostID) };
    default:
      return call;
  }
}

/** Loads the channel's call (again), once `ready` settles; a load already under way is superseded. */
function load(channelId: string, ready: Promise<void>): void {
  const current: ChannelLoad = { id: ++lastLoadId, sent: false, events: [] };
  loads.set(channelId, current);
  const newest = () => loads.get(channelId) === current;
  ready
    .then(() => {
      current.sent = true;
      return fetchChannelCall(channelId);
    })
    .then((wire) => {
      if (!newest()) return;
      let call: ChannelCall | null | undefined = wire ? fromWire(channelId, wire) : null;
      for (const event of current.events) call = afterEvent(call, channelId, event.name, event.data);
      setCall(channelId, call ?? null);
    })
    .catch(() => undefined) // a channel whose state cannot be read shows no call; the next visit asks again
    .finally(() => {
      if (newest()) loads.delete(channelId);
    });
}

/** A new connection of the chat's socket: what was sent before it never reached this page. */
function reconnected(connectionId: string): void {
  if (!followed) return;
  const previous = followed.connectionId;
  followed.connectionId = connectionId;
  // The first hello seen here may be the one that registered the socket, which the loads waited for:
  // those under way asked after it. Any later one is a new connection, so they may have missed events too.
  const again = previous ? [...loads.keys()].filter((channelId) => loads.get(channelId)!.sent) : [];
  for (const channelId of new Set([...Object.keys(snapshot.calls), ...again])) load(channelId, Promise.resolve());
}

function received(event: string, data: Record<string, unknown>): void {
  if (event === 'hello') return reconnected(text(data.connection_id));
  if (!event.startsWith(CALLS_PREFIX)) return;
  const name = event.slice(CALLS_PREFIX.length);
  const channelId = text(data.channelID) || text(data.channel_id);
  if (name === 'call_state') {
    if (channelId) load(channelId, Promise.resolve());
  } else if (channelId) {
    if (name === 'call_start') heardStarting.add(text(data.id));
    if (name === 'call_end') heardStarting.delete(text(data.id));
    loads.get(channelId)?.events.push({ name, data });
    const call = afterEvent(snapshot.calls[channelId], channelId, name, data);
    if (call !== undefined && call !== snapshot.calls[channelId]) setCall(channelId, call);
  }
  // Sent to the user who dismissed a ring only, and naming the call, not its channel.
  if (name === 'user_dismissed_notification') heardStarting.delete(text(data.callID));
  for (const reaction of reactions) reaction(name, data);
}

/** Applies the calls events of the chat's socket from now on (a new socket replaces the old). */
function follow(socket: ServerEvents): void {
  if (followed?.socket === socket) return;
  followed?.stop();
  followed = { socket, connectionId: '', stop: socket.subscribe((message) => received(message.event, (message.data ?? {}) as Record<string, unknown>)) };
}

/** Loads the channel's call once the socket is registered; later changes come from its events. */
export function loadChannelCall(socket: ServerEvents, channelId: string): void {
  follow(socket);
  if (channelId in snapshot.calls || loads.has(channelId)) return;
  load(channelId, socket.registered);
}

/**
 * Calls `listener` with each calls event (its short name) once the state has it, for the page's
 * own reactions (ringing, host controls), until the returned function is called.
 */
export function onCallsEvent(socket: ServerEvents, listener: CallsListener): () => void {
  follow(socket);
  reactions.add(listener);
  return () => reactions.delete(listener);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCalls<T>(selector: (state: CallsSnapshot) => T): T {
  return useSyncExternalStore(subscribe, () => selector(snapshot));
}

export function currentCalls(): CallsSnapshot {
  return snapshot;
}

/** The calls going on whose start this page heard and that nobody stopped ringing here since. */
export function callsHeardStarting(): ChannelCall[] {
  return Object.values(snapshot.calls).filter((call): call is ChannelCall => !!call && heardStarting.has(call.id));
}

/** The participants in the order they joined the call (the session map keeps insertion order). */
export function participantsOf(call: ChannelCall): CallParticipant[] {
  return Object.values(call.participants);
}

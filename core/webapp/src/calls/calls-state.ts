// The calls going on in the user's channels, as the Calls plugin tells them: loaded per channel from
// its REST state when a component first asks, then kept current by its WebSocket events (call_start,
// user_joined, user_muted, user_voice_on, ...), which arrive over the chat's socket. Components read
// it with useCalls(selector).
import { useSyncExternalStore } from 'react';
import { CALLS_PREFIX, fetchChannelCall, type WireCall } from './calls-api.ts';

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

const listeners = new Set<() => void>();
let snapshot: CallsSnapshot = { calls: {} };
const loading = new Set<string>();

function publish(calls: Record<string, ChannelCall | null>): void {
  snapshot = { calls };
  for (const listener of listeners) listener();
}

function setCall(channelId: string, call: ChannelCall | null): void {
  publish({ ...snapshot.calls, [channelId]: call });
}

/** Changes the channel's call when there is one (events about a call not loaded yet are left to its load). */
function changeCall(channelId: string, change: (call: ChannelCall) => ChannelCall): void {
  const call = snapshot.calls[channelId];
  if (call) setCall(channelId, change(call));
}

function changeParticipant(channelId: string, sessionId: string, change: Partial<CallParticipant>): void {
  changeCall(channelId, (call) => {
    const participant = call.participants[sessionId];
    return participant ? { ...call, participants: { ...call.participants, [sessionId]: { ...participant, ...change } } } : call;
  });
}

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

/** Loads the channel's call once; later changes come from events. */
export function loadChannelCall(channelId: string): void {
  if (channelId in snapshot.calls || loading.has(channelId)) return;
  loading.add(channelId);
  fetchChannelCall(channelId)
    .then((wire) => {
      // An event that came while loading (a call started) is newer than the answer.
      if (!(channelId in snapshot.calls)) setCall(channelId, wire ? fromWire(channelId, wire) : null);
    })
    .catch(() => undefined) // a channel whose state cannot be read shows no call; the next visit asks again
    .finally(() => loading.delete(channelId));
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Applies one of the plugin's events; answers the event's short name (without the prefix) when it
 * was a calls event, for the caller's own reactions (ringing, host controls), else ''.
 */
export function applyCallsEvent(event: string, data: Record<string, unknown>): string {
  if (!event.startsWith(CALLS_PREFIX)) return '';
  const name = event.slice(CALLS_PREFIX.length);
  const channelId = text(data.channelID) || text(data.channel_id);
  const sessionId = text(data.session_id);
  switch (name) {
    case 'call_start':
      setCall(channelId, {
        id: text(data.id),
        channelId,
        startAt: Number(data.start_at) || Date.now(),
        ownerId: text(data.owner_id),
        hostId: text(data.host_id),
        postId: text(data.post_id),
        threadId: text(data.thread_id),
        screenSessionId: '',
        participants: snapshot.calls[channelId]?.participants ?? {},
      });
      break;
    case 'call_end':
      setCall(channelId, null);
      break;
    case 'call_state': {
      const wire = typeof data.call === 'string' ? (JSON.parse(data.call) as WireCall) : null;
      setCall(channelId, wire ? fromWire(channelId, wire) : null);
      break;
    }
    case 'user_joined': {
      const userId = text(data.user_id);
      changeCall(channelId, (call) => ({ ...call, participants: { ...call.participants, [sessionId]: call.participants[sessionId] ?? { sessionId, userId, unmuted: false, speaking: false, raisedHand: 0 } } }));
      break;
    }
    case 'user_left':
      changeCall(channelId, (call) => {
        const { [sessionId]: _gone, ...rest } = call.participants;
        return { ...call, participants: rest, screenSessionId: call.screenSessionId === sessionId ? '' : call.screenSessionId };
      });
      break;
    case 'user_muted':
    case 'user_unmuted':
      changeParticipant(channelId, sessionId, { unmuted: name === 'user_unmuted', ...(name === 'user_muted' ? { speaking: false } : {}) });
      break;
    case 'user_voice_on':
    case 'user_voice_off':
      changeParticipant(channelId, sessionId, { speaking: name === 'user_voice_on' });
      break;
    case 'user_raise_hand':
    case 'user_unraise_hand':
      changeParticipant(channelId, sessionId, { raisedHand: Number(data.raised_hand) || 0 });
      break;
    case 'user_screen_on':
    case 'user_screen_off':
      changeCall(channelId, (call) => ({ ...call, screenSessionId: name === 'user_screen_on' ? sessionId : call.screenSessionId === sessionId ? '' : call.screenSessionId }));
      break;
    case 'call_host_changed':
      changeCall(channelId, (call) => ({ ...call, hostId: text(data.hostID) }));
      break;
  }
  return name;
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

/** The participants in the order they joined the call (the session map keeps insertion order). */
export function participantsOf(call: ChannelCall): CallParticipant[] {
  return Object.values(call.participants);
}

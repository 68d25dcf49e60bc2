// A call as the plugin keeps it (one per channel at a time) and the pure rules over it: who hosts,
// what a client is told (Mattermost's CallStateClient). Mattermost keeps the same facts in its
// calls and calls_sessions tables; here they live in one KV value per channel (call-store.ts).

/** One participant's presence in a call, keyed by the id of the connection it joined from. */
export interface CallSession {
  /** The connection id the session joined from (Mattermost's originalConnID); it stays across reconnects. */
  id: string;
  user_id: string;
  /** The connection that carries the session now: a reconnect moves it to a new one. */
  conn_id: string;
  join_at: number;
  unmuted: boolean;
  /** When the hand went up (epoch ms), 0 when it is down. */
  raised_hand: number;
  /** Set while the join that made the session is making its media (calls-service.ts #joinMedia). */
  media_joining?: boolean;
}

export interface Call {
  id: string;
  channel_id: string;
  start_at: number;
  owner_id: string;
  title: string;
  /** The call post (`custom_calls`) and the thread the call's messages go to. */
  post_id: string;
  thread_id: string;
  /** The host; empty only while nobody is in the call. */
  host_id: string;
  /** A host set by hand (make host) stays host while in the call, whoever joined first. */
  host_locked_user_id: string;
  screen_sharing_session_id: string;
  screen_start_at: number;
  /** Everyone who took part, for the call post when it ends. */
  participants: string[];
  sessions: Record<string, CallSession>;
  /** The users who dismissed the call's ringing (absent until someone does). */
  dismissed_notification?: Record<string, boolean>;
}

/** What the KV value of a channel holds: its call, or null between calls, and whether calls are on there. */
export interface ChannelCalls {
  call: Call | null;
  /** Set by a channel admin (Mattermost's calls_channels); absent: DefaultEnabled decides. */
  enabled?: boolean;
}

/** The user ids of the call's sessions, once each: who receives the participants-only events. */
export function participantUserIds(call: Call): string[] {
  return [...new Set(Object.values(call.sessions).map((session) => session.user_id))];
}

export function isUserInCall(call: Call, userId: string): boolean {
  return Object.values(call.sessions).some((session) => session.user_id === userId);
}

/**
 * Mattermost's host rule: a locked host while in the call, else the current host while in the
 * call, else whoever joined first; empty when nobody is left.
 */
export function hostFor(call: Call): string {
  if (call.host_locked_user_id && isUserInCall(call, call.host_locked_user_id)) return call.host_locked_user_id;
  if (call.host_id && isUserInCall(call, call.host_id)) return call.host_id;
  let first: CallSession | undefined;
  for (const session of Object.values(call.sessions)) if (!first || session.join_at < first.join_at) first = session;
  return first?.user_id ?? '';
}

/**
 * The call as `userId` reads it (`call_state` and the REST state): Mattermost's CallStateClient,
 * which tells each user only whether they themselves dismissed its ringing.
 */
export function clientState(call: Call, userId: string): Record<string, unknown> {
  return {
    id: call.id,
    start_at: call.start_at,
    sessions: Object.values(call.sessions).map((session) => ({
      session_id: session.id,
      user_id: session.user_id,
      unmuted: session.unmuted,
      raised_hand: session.raised_hand,
      video: false,
    })),
    thread_id: call.thread_id,
    post_id: call.post_id,
    screen_sharing_session_id: call.screen_sharing_session_id,
    owner_id: call.owner_id,
    host_id: call.host_id,
    ...(call.dismissed_notification?.[userId] ? { dismissed_notification: { [userId]: true } } : {}),
  };
}

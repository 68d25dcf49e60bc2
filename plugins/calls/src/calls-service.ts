// The calls themselves: joining, leaving, reconnecting, the participants' state, host controls and
// ending, with Mattermost's rules and permission checks. Every change to a call goes through the
// CallStore's compare-and-set; the events it causes are sent once the change is stored.
import { HttpError, isValidId, newId, type PluginAPI } from '@parley/plugin-api';
import { clientState, hostFor, isUserInCall, type Call, type CallSession } from './call-state.ts';
import type { CallHistory, CallsStats } from './call-history.ts';
import type { CallStore } from './call-store.ts';
import type { CallEvents } from './call-events.ts';
import { createCallPost, endCallPost } from './call-post.ts';
import type { Deadline, Deadlines } from './deadlines.ts';
import type { MediaService, MediaSession, MediaSignal, MediaTrackChange } from './media-service.ts';
import type { CallsSettings } from './settings.ts';
import { VoiceStates, type VoiceSource } from './voice-states.ts';

/** How long a session the host removed has to leave by itself (Mattermost: 3 s). */
const HOST_REMOVE_WAIT_MS = 3000;
/** How long a call the host ended has for its clients to leave (Mattermost: 5 s). */
const HOST_END_WAIT_MS = 5000;

export interface CallsServiceDeps {
  api: PluginAPI;
  store: CallStore;
  history: CallHistory;
  events: CallEvents;
  deadlines: Deadlines;
  media: MediaService;
  settings: () => CallsSettings;
}

export interface JoinRequest {
  channelId: string;
  title: string;
  threadId: string;
}

/** A participant's own state change, as the client reports it. */
export type UserStateChange = 'mute' | 'unmute' | 'voice_on' | 'voice_off' | 'screen_on' | 'screen_off' | 'raise_hand' | 'unraise_hand';

const refused = (id: string, message: string, status = 400) => new HttpError(status, `app.calls.${id}`, message);
const noCall = () => refused('no_call_ongoing', 'There is no call in this channel.');

function leaveDeadlineName(sessionId: string): string {
  return `leave:${sessionId}`;
}

export class CallsService {
  #deps: CallsServiceDeps;
  #voice = new VoiceStates();

  constructor(deps: CallsServiceDeps) {
    this.#deps = deps;
  }

  // ---- joining and leaving ----------------------------------------------------------------

  /** Joins (or starts) the call of a channel from a connection; answers the call joined. */
  async join(connectionId: string, userId: string, request: JoinRequest): Promise<Call> {
    const { api, store, events } = this.#deps;
    if (await store.connection(connectionId)) throw refused('join.already_connected', 'This connection is already in a call: leave it first.');
    const channel = await api.channels.get(request.channelId).catch(() => null);
    if (!channel) throw refused('join.channel_not_found', 'The channel does not exist.', 404);
    if (channel.delete_at > 0) throw refused('join.archived_channel', 'Calls cannot be joined in an archived channel.');
    if (!(await api.users.hasPermission(userId, 'create_post', { channel_id: channel.id }))) throw refused('join.forbidden', 'You cannot join calls in this channel.', 403);
    if (request.threadId) await this.#checkThread(request.threadId, channel.id);
    const settings = this.#deps.settings();
    const { enabled } = await store.record(channel.id);
    const mayStart = enabled ?? (settings.DefaultEnabled || (await api.users.hasPermission(userId, 'manage_system')));
    const now = Date.now();

    const outcome = await store.update(channel.id, (call) => {
      let started = false;
      if (!call) {
        if (enabled === false) throw refused('join.disabled', 'Calls are disabled in this channel.', 403);
        if (!mayStart) throw refused('join.not_enabled', 'Calls are in test mode: only system admins can start them.', 403);
        started = true;
        call = {
          id: newId(),
          channel_id: channel.id,
          start_at: now,
          owner_id: userId,
          title: request.title,
          post_id: '',
          thread_id: request.threadId,
          host_id: '',
          host_locked_user_id: '',
          screen_sharing_session_id: '',
          screen_start_at: 0,
          participants: [],
          sessions: {},
        };
      }
      if (call.sessions[connectionId]) throw refused('join.already_connected', 'This connection is already in the call.');
      if (settings.MaxCallParticipants > 0 && Object.keys(call.sessions).length >= settings.MaxCallParticipants) {
        throw refused('join.limit_reached', `The call is full: it may have at most ${settings.MaxCallParticipants} participants.`, 403);
      }
      call.sessions[connectionId] = { id: connectionId, user_id: userId, conn_id: connectionId, join_at: now, unmuted: false, raised_hand: 0, media_joining: true };
      if (!call.participants.includes(userId)) call.participants.push(userId);
      const previousHost = call.host_id;
      call.host_id = hostFor(call);
      return { call, result: { call, started, hostChanged: call.host_id !== previousHost } };
    });
    let call = outcome.call;
    await store.setConnection(connectionId, { channel_id: channel.id, session_id: connectionId });

    if (outcome.started) {
      await this.#deps.history.started(call, channel.type);
      call = await this.#postCallStart(call, request.threadId);
    }
    const joined = await this.#joinMedia(call, call.sessions[connectionId]!);
    if (!joined) return call;
    call = joined;
    await events.toConnection('join', connectionId, {});
    await events.toChannel('user_joined', channel.id, { user_id: userId, session_id: connectionId });
    if (outcome.hostChanged) await events.toParticipants('call_host_changed', call, { hostID: call.host_id, call_id: call.id });
    await events.toUser('call_state', userId, { channel_id: channel.id, call: JSON.stringify(clientState(call, userId)) });
    return call;
  }

  /**
   * Makes the joining session's media and marks it made; the call as it is then, or null when the
   * session was removed meanwhile. A media service that cannot (down, or restarting after a crash or
   * a hang) refuses the join, as Mattermost's plugin does when rtcd cannot take it: the session is
   * removed and the client told (`error`), so it neither waits for an answer nor stays in the call
   * without media. Answering instead and making the media once the service is back would give the
   * client two peer connections for one session: the offer it makes on the answer may reach the
   * restarted service after the session was made there again, and the `media_restarted` that follows
   * has it offer once more on a new connection, whose ICE and DTLS the SFU's connection cannot take.
   * While the session's media is being made (`media_joining`), a restart of the service makes it
   * without telling the client (its one offer comes after the answer), and this join takes the
   * session already there as made.
   */
  async #joinMedia(call: Call, session: CallSession): Promise<Call | null> {
    try {
      await this.#deps.media.join(this.#mediaSession(call, session)).catch((err: { id?: string }) => {
        if (err?.id !== 'plugin.media.participant.exists') throw err;
      });
    } catch (err) {
      await this.#mediaFailed('a join', err);
      await this.removeSession(call.channel_id, session.id);
      throw refused('join.media_unavailable', 'The call could not be joined: its media service is not available right now (it is restarting). Try again in a moment.', 503);
    }
    const joined = await this.#deps.store.update(call.channel_id, (current) => {
      const stored = current?.sessions[session.id];
      if (!current || !stored) return { call: current, result: null };
      delete stored.media_joining;
      return { call: current, result: current };
    });
    // Removed meanwhile (host removal, channel membership, the call's end): its leave may have come
    // before the media was made, so the media goes now.
    if (!joined) await this.#deps.media.leave(this.#mediaSession(call, session)).catch((err: unknown) => this.#mediaFailed('leave', err));
    return joined;
  }

  /** The call post and the channel-wide call_start, once the call is stored (the post needs it to exist). */
  async #postCallStart(call: Call, threadId: string): Promise<Call> {
    const { api, store, events } = this.#deps;
    try {
      const post = await createCallPost(api, call, threadId);
      call = await store.update(call.channel_id, (current) => {
        if (!current || current.id !== call.id) return { call: current, result: call };
        current.post_id = post.postId;
        current.thread_id = post.threadId;
        return { call: current, result: current };
      });
    } catch (err) {
      await api.log.error('the call post could not be created', { channel_id: call.channel_id, error: String((err as Error)?.message ?? err) });
    }
    await events.toChannel('call_start', call.channel_id, {
      id: call.id,
      channelID: call.channel_id,
      start_at: call.start_at,
      thread_id: call.thread_id,
      post_id: call.post_id,
      owner_id: call.owner_id,
      host_id: call.host_id,
    });
    return call;
  }

  async #checkThread(threadId: string, channelId: string): Promise<void> {
    const post = await this.#deps.api.posts.get(threadId).catch(() => null);
    if (!post || post.channel_id !== channelId) throw refused('join.thread_not_found', 'The thread to attach the call to is not in this channel.', 403);
    if (post.delete_at > 0) throw refused('join.thread_deleted', 'A call cannot be attached to a deleted thread.');
    if (post.root_id) throw refused('join.thread_not_root', 'A call can be attached only to the first post of a thread.');
  }

  /** The connection's session leaves its call now (the client said `leave`). */
  async leave(connectionId: string): Promise<void> {
    const entry = await this.#deps.store.connection(connectionId);
    if (!entry) return;
    await this.#deps.deadlines.cancel(leaveDeadlineName(entry.session_id));
    await this.removeSession(entry.channel_id, entry.session_id);
  }

  /** A connection closed: its session, if any, leaves once the grace period is over unless it reconnects. */
  async disconnected(connectionId: string): Promise<void> {
    const entry = await this.#deps.store.connection(connectionId);
    if (!entry) return;
    const due = Date.now() + this.#deps.settings().ReconnectionGracePeriodSeconds * 1000;
    await this.#deps.deadlines.set(leaveDeadlineName(entry.session_id), { kind: 'leave', channel_id: entry.channel_id, session_id: entry.session_id, conn_id: connectionId, due });
  }

  /**
   * A client came back on a new (or resumed) connection and names the session it had: the session
   * moves to this connection and stays in the call, as it was.
   */
  async reconnect(connectionId: string, userId: string, request: { channelId: string; originalConnId: string; prevConnId: string }): Promise<void> {
    const { api, store } = this.#deps;
    if (!(await api.users.hasPermission(userId, 'create_post', { channel_id: request.channelId }))) throw refused('reconnect.forbidden', 'You cannot join calls in this channel.', 403);
    const session = await store.update(request.channelId, (call) => {
      const found = call?.sessions[request.originalConnId];
      if (!call || !found || found.user_id !== userId) throw refused('reconnect.session_not_found', 'The session to reconnect is not in this call any more.', 404);
      found.conn_id = connectionId;
      return { call, result: found };
    });
    await this.#deps.deadlines.cancel(leaveDeadlineName(session.id));
    const entry = { channel_id: request.channelId, session_id: session.id };
    if (request.prevConnId !== connectionId) await store.forgetConnection(request.prevConnId);
    await store.setConnection(connectionId, entry);
  }

  /** Removes a session from its call, ending the call when it was the last one. */
  async removeSession(channelId: string, sessionId: string, onlyIfConnection?: string): Promise<void> {
    const { api, store, events } = this.#deps;
    const now = Date.now();
    const outcome = await store.update(channelId, (call) => {
      const session = call?.sessions[sessionId];
      if (!call || !session || (onlyIfConnection !== undefined && session.conn_id !== onlyIfConnection)) return { call, result: null };
      delete call.sessions[sessionId];
      const wasSharing = call.screen_sharing_session_id === sessionId;
      if (wasSharing) {
        call.screen_sharing_session_id = '';
        call.screen_start_at = 0;
      }
      const previousHost = call.host_id;
      call.host_id = hostFor(call);
      const ended = Object.keys(call.sessions).length === 0;
      return { call: ended ? null : call, result: { call, session, wasSharing, hostChanged: !ended && call.host_id !== previousHost, ended } };
    });
    if (!outcome) return;
    const { call, session } = outcome;
    this.#voice.forget(session.id);
    await store.forgetConnection(session.conn_id);
    if (session.conn_id !== session.id) await store.forgetConnection(session.id).catch(() => undefined);
    // The call's state is stored already: the media service's failure is logged, not the leave's.
    await this.#deps.media.leave(this.#mediaSession(call, session)).catch((err: unknown) => this.#mediaFailed('leave', err));
    if (outcome.ended) await this.#deps.media.end({ callId: call.id, channelId }).catch((err: unknown) => this.#mediaFailed('end', err));
    if (outcome.wasSharing) await events.toParticipants('user_screen_off', call, { userID: session.user_id, session_id: session.id });
    await events.toChannel('user_left', channelId, { user_id: session.user_id, session_id: session.id });
    if (outcome.hostChanged) await events.toParticipants('call_host_changed', call, { hostID: call.host_id, call_id: call.id });
    if (outcome.ended) {
      await this.#deps.history.ended(call, now);
      await events.toChannel('call_end', channelId, { id: call.id });
      if (call.post_id) {
        await endCallPost(api, call.post_id, call.participants, now).catch((err: unknown) =>
          api.log.error('the call post could not be marked ended', { post_id: call.post_id, error: String((err as Error)?.message ?? err) }),
        );
      }
    }
  }

  /** A user who stopped being a member of a channel leaves its call at once (they would no longer see its events). */
  async memberLeft(channelId: string, userId: string): Promise<void> {
    const call = await this.#deps.store.get(channelId);
    if (!call) return;
    for (const session of Object.values(call.sessions)) {
      if (session.user_id !== userId) continue;
      await this.removeSession(channelId, session.id);
      // The channel-wide user_left no longer reaches them.
      await this.#deps.events.toUser('user_left', userId, { user_id: userId, session_id: session.id, channelID: channelId });
    }
  }

  /** What a due deadline asks for. */
  async runDeadline(deadline: Deadline): Promise<void> {
    if (deadline.kind === 'leave') return this.removeSession(deadline.channel_id, deadline.session_id, deadline.conn_id);
    if (deadline.kind === 'remove') return this.removeSession(deadline.channel_id, deadline.session_id);
    const call = await this.#deps.store.get(deadline.channel_id);
    if (!call || call.id !== deadline.call_id) return;
    for (const sessionId of Object.keys(call.sessions)) await this.removeSession(deadline.channel_id, sessionId);
  }

  // ---- participants' own state -------------------------------------------------------------

  /** The session of a connection, in its call; null when the connection is in no call. */
  async #sessionOf(connectionId: string): Promise<{ channelId: string; sessionId: string } | null> {
    const entry = await this.#deps.store.connection(connectionId);
    return entry ? { channelId: entry.channel_id, sessionId: entry.session_id } : null;
  }

  /** A participant mutes, unmutes, speaks, shares a screen or raises a hand. */
  async changeState(connectionId: string, change: UserStateChange): Promise<void> {
    const where = await this.#sessionOf(connectionId);
    if (!where) return;
    if (change === 'voice_on' || change === 'voice_off') return this.voiceChanged(where.channelId, where.sessionId, change === 'voice_on', 'client');
    const { store, events, media } = this.#deps;
    if ((change === 'screen_on' || change === 'screen_off') && !this.#deps.settings().AllowScreenSharing) throw refused('screen.not_allowed', 'Screen sharing is not allowed on this server.', 403);
    const now = Date.now();
    const outcome = await store.update(where.channelId, (call) => {
      const session = call?.sessions[where.sessionId];
      if (!call || !session) throw noCall();
      switch (change) {
        case 'mute':
        case 'unmute':
          session.unmuted = change === 'unmute';
          break;
        case 'raise_hand':
          session.raised_hand = now;
          break;
        case 'unraise_hand':
          session.raised_hand = 0;
          break;
        case 'screen_on':
          if (call.screen_sharing_session_id && call.screen_sharing_session_id !== session.id) throw refused('screen.taken', 'Someone else is sharing their screen.');
          call.screen_sharing_session_id = session.id;
          call.screen_start_at = now;
          break;
        case 'screen_off':
          if (call.screen_sharing_session_id !== session.id) throw refused('screen.not_sharing', 'This session is not sharing its screen.');
          call.screen_sharing_session_id = '';
          call.screen_start_at = 0;
          break;
      }
      return { call, result: { call, session } };
    });
    const { call, session } = outcome;
    if (change === 'screen_on') await this.#deps.history.screenShared(call.id);
    if (change === 'mute' || change === 'unmute' || change === 'screen_on' || change === 'screen_off') await media.trackChanged(this.#mediaSession(call, session), change as MediaTrackChange);
    const data: Record<string, unknown> = { userID: session.user_id, session_id: session.id };
    if (change === 'raise_hand' || change === 'unraise_hand') data.raised_hand = session.raised_hand;
    await events.toParticipants(`user_${change === 'mute' ? 'muted' : change === 'unmute' ? 'unmuted' : change}` as 'user_muted', call, data);
    // Muted, nobody speaks: the media service says so for those it hears, this for those their client reported.
    if (change === 'mute' && this.#voice.muted(session.id)) await events.toParticipants('user_voice_off', call, { userID: session.user_id, session_id: session.id });
  }

  /**
   * A session started or stopped speaking, as the media service hears it or its client says: told
   * to the participants once, the media service's word before the client's (voice-states.ts). A muted
   * session does not speak, whatever its client says. Nothing is stored.
   */
  async voiceChanged(channelId: string, sessionId: string, speaking: boolean, source: VoiceSource): Promise<void> {
    const call = await this.#deps.store.get(channelId);
    const session = call?.sessions[sessionId];
    if (!call || !session || (speaking && !session.unmuted) || !this.#voice.changed(session.id, speaking, source)) return;
    await this.#deps.events.toParticipants(speaking ? 'user_voice_on' : 'user_voice_off', call, { userID: session.user_id, session_id: session.id });
  }

  /** A participant's emoji reaction, shown to the call's participants. */
  async react(connectionId: string, emoji: { name: string; unified: string; skin?: string; literal?: string }): Promise<void> {
    const where = await this.#sessionOf(connectionId);
    if (!where) return;
    const call = await this.#deps.store.get(where.channelId);
    const session = call?.sessions[where.sessionId];
    if (!call || !session) return;
    await this.#deps.events.toParticipants('user_reacted', call, {
      user_id: session.user_id,
      session_id: session.id,
      emoji: { name: emoji.name, skin: emoji.skin ?? '', unified: emoji.unified, literal: emoji.literal ?? '' },
      timestamp: Date.now(),
    });
  }

  /** A session's SDP or ICE candidate, for the media service. */
  async signal(connectionId: string, signal: MediaSignal): Promise<void> {
    const where = await this.#sessionOf(connectionId);
    if (!where) return;
    const call = await this.#deps.store.get(where.channelId);
    const session = call?.sessions[where.sessionId];
    if (!call || !session) return;
    // A refused signal (SDP garbage, a session the service lost in a restart) is dropped, as malformed messages are.
    await this.#deps.media.signal(this.#mediaSession(call, session), signal).catch((err: unknown) => this.#mediaFailed('signal', err, 'debug'));
  }

  /**
   * The media service was lost and runs again, empty: every call going on is made again in it, with
   * its sessions muted or not as they are, and each session's client is told (`media_restarted`) to
   * offer again on a new peer connection, its old one having ended with the service. Parley's own
   * event: Mattermost's clients leave a call whose media failed, and ignore it. In a cluster, where
   * each call's media is on one node's service, a call on another node's service lost nothing: the
   * service says its sessions are there already, and they are left alone.
   */
  async mediaRestarted(): Promise<void> {
    const { media, events } = this.#deps;
    for (const call of await this.#liveCalls()) {
      for (const session of Object.values(call.sessions)) {
        const mediaSession = this.#mediaSession(call, session);
        try {
          await media.join(mediaSession);
          if (session.unmuted) await media.trackChanged(mediaSession, 'unmute');
        } catch (err) {
          if ((err as { id?: string })?.id === 'plugin.media.participant.exists') continue;
          // The service went again meanwhile: its next restart makes the calls again.
          await this.#mediaFailed('a call made again after a restart', err);
          continue;
        }
        // A session still joining has not offered yet: it will once answered (see #joinMedia).
        if (session.media_joining) continue;
        await events.toConnection('media_restarted', session.conn_id, { session_id: session.id });
      }
    }
  }

  #mediaFailed(step: string, err: unknown, level: 'debug' | 'error' = 'error'): Promise<void> {
    const { id, message } = (err ?? {}) as { id?: string; message?: string };
    return this.#deps.api.log[level](`the media service refused ${step}`, { id: id ?? '', error: String(message ?? err).slice(0, 300) });
  }

  #mediaSession(call: Call, session: CallSession): MediaSession {
    return { callId: call.id, channelId: call.channel_id, userId: session.user_id, sessionId: session.id };
  }

  // ---- reading -----------------------------------------------------------------------------

  /** The channel's call, for a user who may read the channel. */
  async callFor(userId: string, channelId: string): Promise<Call | null> {
    if (!isValidId(channelId)) throw new HttpError(400, 'api.context.invalid_url_param.app_error', 'Invalid or missing channel_id parameter in request URL.');
    if (!(await this.#deps.api.users.hasPermission(userId, 'read_channel', { channel_id: channelId }))) throw refused('channel.forbidden', 'You cannot read this channel.', 403);
    return this.#deps.store.get(channelId);
  }

  /** Every call going on in a channel the user may read. */
  async callsFor(userId: string): Promise<Call[]> {
    const calls = await this.#liveCalls();
    const visible = await Promise.all(
      calls.map(async (call) => ((await this.#deps.api.users.hasPermission(userId, 'read_channel', { channel_id: call.channel_id })) ? call : null)),
    );
    return visible.filter((call): call is Call => call !== null);
  }

  /** Every call going on, in any channel. */
  async #liveCalls(): Promise<Call[]> {
    const { store } = this.#deps;
    const calls = await Promise.all((await store.channelIds()).map((channelId) => store.get(channelId)));
    return calls.filter((call): call is Call => call !== null);
  }

  /** The channel's call state to one connection (the client asks on load and after reconnecting). */
  async sendState(connectionId: string, userId: string, channelId: string): Promise<void> {
    const call = await this.callFor(userId, channelId);
    if (!call) throw noCall();
    await this.#deps.events.toConnection('call_state', connectionId, { channel_id: channelId, call: JSON.stringify(clientState(call, userId)) });
  }

  /**
   * The user dismissed the ringing of the channel's call (Mattermost's dismiss-notification): their
   * other clients stop ringing, and the call's state tells each client that loads it later.
   */
  async dismissNotification(userId: string, channelId: string): Promise<void> {
    if (!(await this.callFor(userId, channelId))) throw noCall();
    const call = await this.#deps.store.update(channelId, (current) => {
      if (!current) throw noCall();
      current.dismissed_notification = { ...current.dismissed_notification, [userId]: true };
      return { call: current, result: current };
    });
    await this.#deps.events.toUser('user_dismissed_notification', userId, { userID: userId, callID: call.id });
  }

  /** The statistics of every call held (GET /stats): for system admins only, as in Mattermost. */
  async stats(userId: string): Promise<CallsStats> {
    if (!(await this.#deps.api.users.hasPermission(userId, 'manage_system'))) throw refused('stats.forbidden', 'Only system admins can read the calls statistics.', 403);
    const calls = await this.#liveCalls();
    const sessions = calls.reduce((sum, call) => sum + Object.keys(call.sessions).length, 0);
    return this.#deps.history.stats(new Date(), { calls: calls.length, sessions });
  }

  /** Whether calls are on in the channel: its own setting, else DefaultEnabled. */
  async enabledIn(channelId: string): Promise<boolean> {
    return (await this.#deps.store.record(channelId)).enabled ?? this.#deps.settings().DefaultEnabled;
  }

  /**
   * Turns calls on or off in a channel, with Mattermost's rule: system admins always; when calls are
   * on by default, also the channel's admins, the team's admins and the members of a direct or group message.
   */
  async setEnabled(userId: string, channelId: string, enabled: unknown): Promise<void> {
    const { store, events } = this.#deps;
    if (typeof enabled !== 'boolean') throw new HttpError(400, 'api.context.invalid_body_param.app_error', 'Invalid or missing enabled in request body: it must be true or false.');
    if (!isValidId(channelId)) throw new HttpError(400, 'api.context.invalid_url_param.app_error', 'Invalid or missing channel_id parameter in request URL.');
    if (!(await this.#mayToggle(userId, channelId))) throw refused('channel.toggle_forbidden', 'Only channel, team and system admins can turn calls on or off in this channel.', 403);
    await store.setEnabled(channelId, enabled);
    await events.toChannel(enabled ? 'channel_enable_voice' : 'channel_disable_voice', channelId, {});
  }

  async #mayToggle(userId: string, channelId: string): Promise<boolean> {
    const { api } = this.#deps;
    if (await api.users.hasPermission(userId, 'manage_system')) return true;
    if (!this.#deps.settings().DefaultEnabled) return false;
    const channel = await api.channels.get(channelId).catch(() => null);
    const member = channel && (await api.channels.getMember(channelId, userId).catch(() => null));
    if (!channel || !member) return false;
    if (member.roles.split(' ').includes('channel_admin')) return true;
    if (channel.team_id && (await api.users.hasPermission(userId, 'manage_team', { team_id: channel.team_id }))) return true;
    return (channel.type === 'D' || channel.type === 'G') && (await api.users.hasPermission(userId, 'create_post', { channel_id: channelId }));
  }

  // ---- host controls -----------------------------------------------------------------------

  /** The channel's call, when the requester is its host or a system admin (Mattermost's rule). */
  async #hostedCall(requesterId: string, channelId: string): Promise<Call> {
    const call = await this.callFor(requesterId, channelId);
    if (!call) throw noCall();
    if (call.host_id !== requesterId && !(await this.#deps.api.users.hasPermission(requesterId, 'manage_system'))) {
      throw refused('host.no_permissions', 'Only the host of the call or a system admin can do this.', 403);
    }
    return call;
  }

  #sessionIn(call: Call, sessionId: unknown): CallSession {
    const session = typeof sessionId === 'string' ? call.sessions[sessionId] : undefined;
    if (!session) throw refused('host.not_in_call', 'The session is not in the call.');
    return session;
  }

  async makeHost(requesterId: string, channelId: string, newHostId: unknown): Promise<void> {
    const call = await this.#hostedCall(requesterId, channelId);
    if (typeof newHostId !== 'string' || !isUserInCall(call, newHostId)) throw refused('host.not_in_call', 'The new host is not in the call.');
    const updated = await this.#deps.store.update(channelId, (current) => {
      if (!current || current.id !== call.id) throw noCall();
      if (!isUserInCall(current, newHostId)) throw refused('host.not_in_call', 'The new host is not in the call.');
      const changed = current.host_id !== newHostId;
      current.host_id = newHostId;
      current.host_locked_user_id = newHostId;
      return { call: current, result: changed ? current : null };
    });
    if (updated) await this.#deps.events.toParticipants('call_host_changed', updated, { hostID: newHostId, call_id: updated.id });
  }

  async muteSession(requesterId: string, channelId: string, sessionId: unknown): Promise<void> {
    const call = await this.#hostedCall(requesterId, channelId);
    const session = this.#sessionIn(call, sessionId);
    if (!session.unmuted) return;
    await this.#deps.events.toUser('host_mute', session.user_id, { channel_id: channelId, session_id: session.id });
  }

  async muteOthers(requesterId: string, channelId: string): Promise<void> {
    const call = await this.#hostedCall(requesterId, channelId);
    for (const session of Object.values(call.sessions)) {
      if (session.unmuted && session.user_id !== requesterId) await this.#deps.events.toUser('host_mute', session.user_id, { channel_id: channelId, session_id: session.id });
    }
  }

  async screenOff(requesterId: string, channelId: string, sessionId: unknown): Promise<void> {
    const call = await this.#hostedCall(requesterId, channelId);
    if (call.screen_sharing_session_id !== sessionId) return;
    const session = this.#sessionIn(call, sessionId);
    await this.#deps.events.toUser('host_screen_off', session.user_id, { channel_id: channelId, session_id: session.id });
  }

  async lowerHand(requesterId: string, channelId: string, sessionId: unknown): Promise<void> {
    const call = await this.#hostedCall(requesterId, channelId);
    const session = this.#sessionIn(call, sessionId);
    if (session.raised_hand === 0) return;
    await this.#deps.events.toUser('host_lower_hand', session.user_id, { call_id: call.id, channel_id: channelId, session_id: session.id, host_id: requesterId });
  }

  /** Tells the participants a session was removed; the session leaves by itself, or is made to after a few seconds. */
  async hostRemove(requesterId: string, channelId: string, sessionId: unknown): Promise<void> {
    const call = await this.#hostedCall(requesterId, channelId);
    const session = this.#sessionIn(call, sessionId);
    await this.#deps.events.toParticipants('host_removed', call, { call_id: call.id, channel_id: channelId, session_id: session.id, user_id: session.user_id });
    await this.#deps.deadlines.set(`remove:${session.id}`, { kind: 'remove', channel_id: channelId, session_id: session.id, due: Date.now() + HOST_REMOVE_WAIT_MS });
  }

  /** Asks every client to leave (`call_end`); the call is ended for them after a few seconds. */
  async hostEnd(requesterId: string, channelId: string): Promise<void> {
    const call = await this.#hostedCall(requesterId, channelId);
    await this.#deps.events.toChannel('call_end', channelId, { id: call.id });
    await this.#deps.deadlines.set(`end:${call.id}`, { kind: 'end', channel_id: channelId, call_id: call.id, due: Date.now() + HOST_END_WAIT_MS });
  }
}

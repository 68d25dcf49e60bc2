// The call UI, loaded only where the Calls plugin runs (calls-slots.tsx imports it lazily): the
// channel header's Start/Join call button, the `custom_calls` post, the call widget and the ringing
// of direct and group message calls, with Mattermost Calls' behaviour and wording.
import { useEffect, useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import type { ServerChannel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { useChat, useChatStore } from '../chat/chat-store.ts';
import { useChatSocket } from '../chat/chat-socket-context.ts';
import { ensureUsers } from '../chat/chat-loader.ts';
import { channelLabel } from '../chat/channel-names.ts';
import { dismissRinging, fetchClientConfig, type CallsConfig } from './calls-api.ts';
import { callsHeardStarting, currentCalls, loadChannelCall, onCallsEvent, participantsOf, useCalls, type ChannelCall } from './calls-state.ts';
import { joinCall, leaveCall, myConnection, useMyCall } from './my-call.ts';
import type { ConnectionState } from './call-connection.ts';
import { EndCallButton, ParticipantHostControls } from './host-controls.tsx';
import { ScreenShareView } from './screen-share-view.tsx';
import './calls.css';

const nameOf = (users: Record<string, UserProfile>, userId: string): string => (users[userId]?.username ? `@${users[userId].username}` : 'Someone');
const timeOf = (at: number): string => new Date(at).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });

/** "Lasted 1 hour 5 minutes", as Mattermost's call post words a call's length. */
function durationOf(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  return [hours > 0 ? part(hours, 'hour') : '', rest > 0 ? part(rest, 'minute') : ''].filter(Boolean).join(' ');
}

/** The users named, loaded into the chat's store when it does not know them yet. */
function useUsers(ids: readonly string[]): Record<string, UserProfile> {
  const store = useChatStore();
  const users = useChat((s) => s.users);
  const missing = ids.filter((id) => !users[id]).join(',');
  useEffect(() => {
    if (missing) ensureUsers(store, missing.split(',')).catch(() => undefined); // unknown names show as "Someone"
  }, [store, missing]);
  return users;
}

/** The channel's call, loaded when first shown. */
function useChannelCall(channelId: string): ChannelCall | null | undefined {
  const socket = useChatSocket();
  useEffect(() => loadChannelCall(socket, channelId), [socket, channelId]);
  return useCalls((s) => s.calls[channelId]);
}

/** The channel header's button: "Start call", or "Join call" when one is going on; hidden while the user is in it. */
export function CallButton({ channel }: { channel: ServerChannel }) {
  const call = useChannelCall(channel.id);
  const mine = useMyCall();
  if (channel.delete_at > 0 || call === undefined) return null;
  const here = mine?.channelId === channel.id && mine.phase !== 'failed';
  if (here && mine.phase === 'joined') return null;
  const label = here ? (call ? 'Joining call…' : 'Starting call…') : call ? 'Join call' : 'Start call';
  return (
    <button type="button" className="call-button" disabled={here} onClick={() => joinCall(channel.id)}>
      <span aria-hidden="true">📞 </span>
      {label}
    </button>
  );
}

/** The `custom_calls` post: when the call started, who is in it and a Join button; once over, when it ended and how long it lasted. */
export function CallPost({ post }: { post: Post }) {
  const props = (post.props ?? {}) as { start_at?: number; end_at?: number; title?: string; participants?: string[] };
  const live = useChannelCall(post.channel_id);
  const mine = useMyCall();
  const startAt = Number(props.start_at) || post.create_at;
  const endAt = Number(props.end_at) || 0;
  const call = !endAt && live && live.postId === post.id ? live : undefined;
  const ids = call ? [...new Set(participantsOf(call).map((p) => p.userId))] : Array.isArray(props.participants) ? props.participants : [];
  const users = useUsers(ids);
  const inThisCall = call !== undefined && mine?.channelId === post.channel_id && mine.phase !== 'failed';
  const ended = endAt > 0 || (live !== undefined && !call);
  return (
    <div className="call-post" role="group" aria-label={ended ? 'Call ended' : 'Call started'}>
      <p className="call-post-title">
        <strong>{ended ? 'Call ended' : 'Call started'}</strong>
        {props.title ? <span> · {props.title}</span> : null}
      </p>
      <p className="call-post-when">{endAt ? `Ended at ${timeOf(endAt)} · Lasted ${durationOf(endAt - startAt)}` : `Started at ${timeOf(startAt)}`}</p>
      {ids.length > 0 && (
        <p className="call-post-people">
          {call ? 'In the call: ' : 'Participants: '}
          {ids.map((id) => nameOf(users, id)).join(', ')}
        </p>
      )}
      {call && (inThisCall ? (
        <button type="button" className="call-leave" onClick={leaveCall}>
          Leave
        </button>
      ) : (
        <button type="button" className="call-join" onClick={() => joinCall(post.channel_id)}>
          Join call
        </button>
      ))}
    </div>
  );
}

/** Always mounted in the chat while the plugin runs: keeps the calls' state live, shows the widget and rings. */
export function CallsLayer() {
  const socket = useChatSocket();
  const store = useChatStore();
  const [config, setConfig] = useState<CallsConfig | null>(null);
  /** Calls that ring here when the plugin's configuration allows it: kept from their start even when it has not come yet (a call can start while the page loads). */
  const [ringing, setRinging] = useState<ChannelCall[]>([]);

  useEffect(() => {
    fetchClientConfig().then(setConfig, () => undefined); // without it nothing rings; calls still work
  }, []);

  useEffect(() => {
    // Mattermost rings the other members of a direct or group message, when ringing is on.
    const ringsHere = (call: ChannelCall | null | undefined): call is ChannelCall => {
      const type = call ? store.state.channels[call.channelId]?.type : undefined;
      return !!call && (type === 'D' || type === 'G') && call.ownerId !== store.state.me.id;
    };
    const stop = onCallsEvent(socket, (name, data) => {
      const mine = myConnection()?.state;
      const channelId = String(data.channelID ?? data.channel_id ?? '');
      const forMe = mine !== undefined && data.session_id === mine.sessionId;
      if (name === 'call_start') {
        const call = currentCalls().calls[channelId];
        if (ringsHere(call)) setRinging((calls) => [...calls.filter((c) => c.channelId !== channelId), call]);
      } else if (name === 'user_dismissed_notification' && data.userID === store.state.me.id) {
        // Ignored on another device of mine: the event names the call, not its channel.
        setRinging((calls) => calls.filter((c) => c.id !== data.callID));
      } else if (name === 'call_end') {
        setRinging((calls) => calls.filter((c) => c.channelId !== channelId));
        if (mine?.channelId === channelId) leaveCall();
      } else if (name === 'host_mute' && forMe) myConnection()?.setMuted(true);
      // As Mattermost's client does, the page lowers the hand itself: the server only asks it to.
      else if (name === 'host_lower_hand' && forMe) myConnection()?.setHandRaised(false);
      else if (name === 'host_screen_off' && forMe) myConnection()?.stopScreenShare();
      else if (name === 'host_removed' && forMe) myConnection()?.removedByHost();
      else if (name === 'user_left' && forMe) myConnection()?.sessionEnded();
    });
    // A call whose call_start the page's calls state heard before this layer came up (the page was
    // still loading it) rings too, as it would have on the event — unless I am in it already.
    const heard = callsHeardStarting().filter((call) => ringsHere(call) && !participantsOf(call).some((p) => p.userId === store.state.me.id));
    if (heard.length > 0) setRinging((calls) => [...calls.filter((c) => !heard.some((h) => h.channelId === c.channelId)), ...heard]);
    return stop;
  }, [socket, store]);

  const dismiss = (channelId: string) => setRinging((calls) => calls.filter((c) => c.channelId !== channelId));
  return (
    <>
      {config?.EnableRinging && ringing.length > 0 && (
        <div className="call-ringing">
          {ringing.map((call) => (
            <IncomingCall
              key={call.channelId}
              call={call}
              onJoin={() => {
                dismiss(call.channelId);
                joinCall(call.channelId);
              }}
              onIgnore={() => {
                dismiss(call.channelId);
                // The other devices stop too; here it has stopped already, whatever the answer.
                dismissRinging(call.channelId).catch(() => undefined);
              }}
            />
          ))}
        </div>
      )}
      <CallWidget allowScreenSharing={config?.AllowScreenSharing ?? false} />
    </>
  );
}

/** "@caller is inviting you to a call", with Join and Ignore. */
function IncomingCall({ call, onJoin, onIgnore }: { call: ChannelCall; onJoin: () => void; onIgnore: () => void }) {
  const users = useUsers([call.ownerId]);
  const caller = nameOf(users, call.ownerId);
  return (
    <section className="call-incoming" role="alertdialog" aria-label="Incoming call" aria-describedby={`call-incoming-${call.channelId}`}>
      <p id={`call-incoming-${call.channelId}`}>
        <strong>{caller}</strong> is inviting you to a call
      </p>
      <div className="call-incoming-actions">
        <button type="button" onClick={onIgnore}>
          Ignore
        </button>
        <button type="button" className="primary" onClick={onJoin}>
          Join
        </button>
      </div>
    </section>
  );
}

/** What the widget's status line says about the user's connection and who talks. */
function statusOf(phase: ConnectionState['phase'], speaker: string | undefined): string {
  if (phase === 'joining') return 'Connecting to the call…';
  if (phase === 'reconnecting') return 'Reconnecting…';
  if (phase === 'failed') return 'Not connected';
  return speaker ? `${speaker} is talking…` : 'No one is talking';
}

/**
 * The widget of the call the user is in: who is there and who talks, the controls, the host's
 * controls for the host or a system admin, and someone else's shared screen.
 */
function CallWidget({ allowScreenSharing }: { allowScreenSharing: boolean }) {
  const mine = useMyCall();
  const call = useCalls((s) => (mine ? s.calls[mine.channelId] : undefined));
  const channel = useChat((s) => (mine ? s.channels[mine.channelId] : undefined));
  const me = useChat((s) => s.me);
  const participants = call ? participantsOf(call) : [];
  const users = useUsers(participants.map((p) => p.userId));
  const [problem, setProblem] = useState('');
  /** The screen share (by the presenting session) the user minimized. */
  const [minimized, setMinimized] = useState('');
  if (!mine) return null;
  const connection = myConnection();
  const joined = mine.phase === 'joined';
  // Mute and the hand work while the call's socket comes back: the connection tells the server once it is.
  const inCall = joined || mine.phase === 'reconnecting';
  const where = channel ? channelLabel(channel, users, me.id) : 'this channel';
  const speaker = participants.find((p) => p.speaking && p.unmuted);
  const presenter = call?.screenSessionId ? participants.find((p) => p.sessionId === call.screenSessionId) : undefined;
  const watching = presenter && presenter.sessionId !== mine.sessionId && joined ? presenter : undefined;
  // Mattermost's rule, which the server applies too: the host or a system admin.
  const hosting = joined && !!call && (call.hostId === me.id || me.roles.split(' ').includes('system_admin'));
  const shareScreen = () => {
    setProblem('');
    if (mine.sharingScreen) connection?.stopScreenShare();
    else connection?.startScreenShare().catch((err: unknown) => setProblem(`Your screen could not be shared: ${String(err)}`));
  };
  return (
    <>
      {watching && minimized !== watching.sessionId && (
        <ScreenShareView stream={mine.remoteScreen} presenter={nameOf(users, watching.userId)} onMinimize={() => setMinimized(watching.sessionId)} />
      )}
      <section className="call-widget" aria-label={`Call in ${where}`}>
        <header>
          <h2>Call in {where}</h2>
          <p className="call-status" role="status">
            {statusOf(mine.phase, speaker && nameOf(users, speaker.userId))}
          </p>
        </header>
        {(mine.problem || problem) && (
          <p role="alert" className="error">
            {mine.problem || problem}
          </p>
        )}
        {presenter && (
          <p className="call-presenting">
            {presenter.sessionId === mine.sessionId ? "You're sharing your screen" : `${nameOf(users, presenter.userId)} is sharing their screen`}
            {watching && minimized === watching.sessionId && (
              <button type="button" className="call-show-screen" onClick={() => setMinimized('')}>
                Show screen
              </button>
            )}
          </p>
        )}
        <ul className="call-participants" aria-label="Participants">
          {participants.map((p) => (
            <li key={p.sessionId} className={p.speaking && p.unmuted ? 'speaking' : undefined}>
              <span className="call-participant-name">
                {nameOf(users, p.userId)}
                {p.sessionId === mine.sessionId ? ' (you)' : ''}
                {call?.hostId === p.userId ? ' (host)' : ''}
              </span>
              <span className="call-participant-state">
                {p.raisedHand > 0 && <span>✋ Hand raised</span>}
                {p.speaking && p.unmuted && <span>Talking</span>}
                <span>{p.unmuted ? 'Unmuted' : 'Muted'}</span>
              </span>
              {hosting && p.sessionId !== mine.sessionId && <ParticipantHostControls call={call} participant={p} name={nameOf(users, p.userId)} onProblem={setProblem} />}
            </li>
          ))}
        </ul>
        <div className="call-controls">
          <button type="button" aria-pressed={!mine.muted} disabled={!inCall} onClick={() => connection?.setMuted(!mine.muted)}>
            {mine.muted ? 'Unmute' : 'Mute'}
          </button>
          <button type="button" aria-pressed={mine.handRaised} disabled={!inCall} onClick={() => connection?.setHandRaised(!mine.handRaised)}>
            {mine.handRaised ? 'Lower hand' : 'Raise hand'}
          </button>
          {allowScreenSharing && (
            <button type="button" aria-pressed={mine.sharingScreen} disabled={!joined || (!!presenter && presenter.sessionId !== mine.sessionId)} onClick={shareScreen}>
              {mine.sharingScreen ? 'Stop presenting' : 'Start presenting'}
            </button>
          )}
          {hosting && <EndCallButton call={call} onProblem={setProblem} />}
          <button type="button" className="call-leave" onClick={leaveCall}>
            {mine.phase === 'failed' ? 'Close' : 'Leave call'}
          </button>
        </div>
      </section>
    </>
  );
}

// Mattermost Calls' host controls in the call widget, for the host or a system admin (the server
// checks the same rule and refuses anyone else): on another participant's row, mute them, lower their
// hand, stop their screen share, make them host or remove them; and end the call for everyone. Each
// calls the plugin's host route; what the server refused is reported to the widget in its words.
import { useState } from 'react';
import { hostControl, type HostControl } from './calls-api.ts';
import type { CallParticipant, ChannelCall } from './calls-state.ts';

/** Shows the widget's problem: a refused control (what was tried and the server's reason), '' to clear it. */
type ReportProblem = (problem: string) => void;

function useHostControl(channelId: string, onProblem: ReportProblem) {
  const [busy, setBusy] = useState(false);
  const run = (what: string, control: HostControl) => {
    setBusy(true);
    onProblem('');
    hostControl(channelId, control)
      .catch((err: unknown) => onProblem(`Could not ${what}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => setBusy(false));
  };
  return { busy, run };
}

/** The host's buttons on another participant's row; each names the participant for screen readers. */
export function ParticipantHostControls({ call, participant, name, onProblem }: { call: ChannelCall; participant: CallParticipant; name: string; onProblem: ReportProblem }) {
  const { busy, run } = useHostControl(call.channelId, onProblem);
  const session = { session_id: participant.sessionId };
  const button = (label: string, what: string, control: HostControl) => (
    <button type="button" className="call-host-control" disabled={busy} aria-label={`${label} ${name}`} onClick={() => run(what, control)}>
      {label}
    </button>
  );
  return (
    <span className="call-host-controls">
      {participant.unmuted && button('Mute', `mute ${name}`, { name: 'mute', body: session })}
      {participant.raisedHand > 0 && button('Lower hand', `lower the hand of ${name}`, { name: 'lower-hand', body: session })}
      {call.screenSessionId === participant.sessionId && button('Stop screen share', `stop the screen share of ${name}`, { name: 'screen-off', body: session })}
      {call.hostId !== participant.userId && button('Make host', `make ${name} host`, { name: 'make', body: { new_host_id: participant.userId } })}
      {button('Remove', `remove ${name} from the call`, { name: 'remove', body: session })}
    </span>
  );
}

/** "End call for everyone": the server asks every participant to leave (call_end). */
export function EndCallButton({ call, onProblem }: { call: ChannelCall; onProblem: ReportProblem }) {
  const { busy, run } = useHostControl(call.channelId, onProblem);
  return (
    <button type="button" className="danger" disabled={busy} onClick={() => run('end the call', { name: 'end' })}>
      End call for everyone
    </button>
  );
}

// A new public or private channel in the team (POST /channels); its URL name is made from the
// display name, as Mattermost's dialog does, and can be changed.
import { useState, type FormEvent } from 'react';
import type { Team } from '@mattermost/types/teams';
import { client, errorText } from '../client.ts';
import { navigate } from '../navigation.ts';
import { useChatStore } from './chat-store.ts';
import { ModalDialog } from '../modal-dialog.tsx';
import { channelPath } from './chat-paths.ts';

function urlName(displayName: string): string {
  return displayName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function CreateChannel({ team, onClose }: { team: Team; onClose: () => void }) {
  const store = useChatStore();
  const [displayName, setDisplayName] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [type, setType] = useState<'O' | 'P'>('O');
  const [purpose, setPurpose] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem('');
    try {
      const channel = await client.createChannel({ team_id: team.id, display_name: displayName.trim(), name: nameEdited ? name : urlName(displayName), type, purpose });
      const member = await client.getChannelMember(channel.id, store.state.me.id);
      store.addChannels([channel], [member]);
      onClose();
      navigate(channelPath(team.name, channel));
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog title="Create a channel" onClose={onClose}>
      <form className="stacked-form" onSubmit={submit}>
        <label htmlFor="new-channel-display-name">Name</label>
        <input id="new-channel-display-name" required maxLength={64} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <label htmlFor="new-channel-name">URL</label>
        <input
          id="new-channel-name"
          required
          maxLength={64}
          value={nameEdited ? name : urlName(displayName)}
          onChange={(e) => {
            setNameEdited(true);
            setName(e.target.value);
          }}
          aria-describedby="new-channel-name-help"
        />
        <p id="new-channel-name-help" className="help">
          /{team.name}/channels/{nameEdited ? name : urlName(displayName)}
        </p>
        <fieldset>
          <legend>Who can join</legend>
          <label className="choice">
            <input type="radio" name="channel-type" checked={type === 'O'} onChange={() => setType('O')} /> Public: anyone in the team
          </label>
          <label className="choice">
            <input type="radio" name="channel-type" checked={type === 'P'} onChange={() => setType('P')} /> Private: by invitation only
          </label>
        </fieldset>
        <label htmlFor="new-channel-purpose">Purpose (optional)</label>
        <input id="new-channel-purpose" maxLength={250} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        {problem && <p role="alert" className="error">{problem}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create channel'}
        </button>
      </form>
    </ModalDialog>
  );
}

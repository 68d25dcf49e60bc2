// "Add people to <channel>", as Mattermost's modal: search the team's people who are not in the
// channel (GET /users/autocomplete, its out_of_channel list), pick one or more, and add them with
// POST /channels/{id}/members.
import { useEffect, useState } from 'react';
import type { ServerChannel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../../client.ts';
import { ModalDialog } from '../../modal-dialog.tsx';

/** A pause in typing before the server is asked. */
const TYPING_PAUSE_MS = 200;

export function AddMembersDialog({ channel, label, onClose, onAdded }: { channel: ServerChannel; label: string; onClose: () => void; onAdded: () => void }) {
  const [term, setTerm] = useState('');
  const [candidates, setCandidates] = useState<UserProfile[]>([]);
  const [chosen, setChosen] = useState<UserProfile[]>([]);
  const [problem, setProblem] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      client.autocompleteUsers(term.trim(), channel.team_id, channel.id, { limit: 25 }).then(
        (found) => current && setCandidates((found.out_of_channel ?? []).filter((u) => u.delete_at === 0)),
        (err: unknown) => current && setProblem(errorText(err)),
      );
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [term, channel.team_id, channel.id]);

  const isChosen = (user: UserProfile) => chosen.some((u) => u.id === user.id);
  const toggle = (user: UserProfile) => setChosen(isChosen(user) ? chosen.filter((u) => u.id !== user.id) : [...chosen, user]);
  const add = async () => {
    setSaving(true);
    setProblem('');
    try {
      await client.addToChannels(chosen.map((u) => u.id), channel.id);
      onAdded();
      onClose();
    } catch (err) {
      setProblem(errorText(err));
      setSaving(false);
    }
  };

  return (
    <ModalDialog title={`Add people to ${label}`} onClose={onClose}>
      <label htmlFor="add-members-search">Search for people</label>
      <input id="add-members-search" type="search" autoFocus value={term} onChange={(event) => setTerm(event.target.value)} />
      {chosen.length > 0 && <p className="help">Adding {chosen.map((u) => `@${u.username}`).join(', ')}</p>}
      <p role="status" className="help">
        {candidates.length === 0 ? 'No people found who are not already in the channel' : ''}
      </p>
      <ul className="picker-list" aria-label="People not in the channel">
        {candidates.map((user) => (
          <li key={user.id}>
            <button type="button" className="quiet" aria-pressed={isChosen(user)} onClick={() => toggle(user)}>
              @{user.username}
              {(user.first_name || user.last_name) && <span className="help"> {`${user.first_name} ${user.last_name}`.trim()}</span>}
            </button>
          </li>
        ))}
      </ul>
      {problem && <p role="alert" className="error">{problem}</p>}
      <div className="dialog-buttons">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" disabled={chosen.length === 0 || saving} onClick={() => void add()}>
          {saving ? 'Adding…' : 'Add'}
        </button>
      </div>
    </ModalDialog>
  );
}

// Finding someone to message (GET /users/autocomplete as they type) and opening the direct
// message with them at /<team>/messages/@<username>, which creates it the first time.
import { useEffect, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../client.ts';
import { navigate } from '../navigation.ts';
import { useChatStore } from './chat-store.ts';
import { ModalDialog } from '../modal-dialog.tsx';

/** Waits for a pause in typing before asking the server. */
const SEARCH_DELAY_MS = 200;

export function NewDirectMessage({ team, onClose }: { team: Team; onClose: () => void }) {
  const store = useChatStore();
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<UserProfile[]>([]);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    const query = term.trim();
    if (query === '') {
      setFound([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      client.autocompleteUsers(query, '', '', { limit: 20 }).then(
        (result) => {
          if (!current) return;
          setProblem('');
          setFound(result.users.filter((u) => u.delete_at === 0));
        },
        (err: unknown) => current && setProblem(errorText(err)),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [term]);

  const open = (user: UserProfile) => {
    store.addUsers([user]);
    onClose();
    navigate(`/${team.name}/messages/@${encodeURIComponent(user.username)}`);
  };

  return (
    <ModalDialog title="New direct message" onClose={onClose}>
      <label htmlFor="dm-search">Find people by username or name</label>
      <input id="dm-search" autoFocus value={term} onChange={(e) => setTerm(e.target.value)} aria-describedby="dm-search-count" />
      <p id="dm-search-count" role="status" className="help">
        {term.trim() === '' ? '' : `${found.length} ${found.length === 1 ? 'person' : 'people'} found`}
      </p>
      {problem && <p role="alert" className="error">{problem}</p>}
      <ul className="picker-list">
        {found.map((user) => (
          <li key={user.id}>
            <button type="button" className="quiet" onClick={() => open(user)}>
              Message @{user.username}
              {(user.first_name || user.last_name) && <span className="help"> {`${user.first_name} ${user.last_name}`.trim()}</span>}
            </button>
          </li>
        ))}
      </ul>
    </ModalDialog>
  );
}

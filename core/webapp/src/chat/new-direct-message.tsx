// Finding people to message (GET /users/autocomplete as they type): "Message @name" opens the direct
// message with that person at /<team>/messages/@<username> (created the first time); "Add" collects up
// to seven people as chips, and "Go" opens the direct message with one or the group message with all
// (people/group-message.ts), as Mattermost's "Direct Messages" dialog does.
import { useEffect, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../client.ts';
import { navigate } from '../navigation.ts';
import { useChatStore } from './chat-store.ts';
import { ModalDialog } from '../modal-dialog.tsx';
import { MAX_OTHERS_IN_GROUP, conversationPath } from './people/group-message.ts';
import { UserAvatar } from './people/user-avatar.tsx';

/** Waits for a pause in typing before asking the server. */
const SEARCH_DELAY_MS = 200;

export function NewDirectMessage({ team, onClose }: { team: Team; onClose: () => void }) {
  const store = useChatStore();
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<UserProfile[]>([]);
  const [chosen, setChosen] = useState<UserProfile[]>([]);
  const [problem, setProblem] = useState('');
  const [opening, setOpening] = useState(false);
  const me = store.state.me.id;

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

  const open = (people: UserProfile[]) => {
    setOpening(true);
    conversationPath(store, team, people).then(
      (path) => {
        onClose();
        navigate(path);
      },
      (err: unknown) => {
        setOpening(false);
        setProblem(errorText(err));
      },
    );
  };
  const add = (user: UserProfile) => {
    setChosen([...chosen, user]);
    setTerm('');
    document.getElementById('dm-search')?.focus();
  };
  const remove = (user: UserProfile) => setChosen(chosen.filter((c) => c.id !== user.id));
  const room = MAX_OTHERS_IN_GROUP - chosen.length;
  const shown = found.filter((u) => u.id !== me && !chosen.some((c) => c.id === u.id));

  return (
    <ModalDialog title="New direct message" onClose={onClose}>
      {chosen.length > 0 && (
        <ul className="people-chips" aria-label="People in this conversation">
          {chosen.map((user) => (
            <li key={user.id}>
              @{user.username}
              <button type="button" className="quiet" aria-label={`Remove @${user.username}`} onClick={() => remove(user)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor="dm-search">Find people by username or name</label>
      <input id="dm-search" autoFocus value={term} onChange={(e) => setTerm(e.target.value)} aria-describedby="dm-search-count dm-room" />
      <p id="dm-room" className="help">
        {room > 0 ? `You can add ${room} more ${room === 1 ? 'person' : 'people'}.` : `A group message holds at most ${MAX_OTHERS_IN_GROUP} other people.`}
      </p>
      <p id="dm-search-count" role="status" className="help">
        {term.trim() === '' ? '' : `${shown.length} ${shown.length === 1 ? 'person' : 'people'} found`}
      </p>
      {problem && <p role="alert" className="error">{problem}</p>}
      <ul className="picker-list">
        {shown.map((user) => (
          <li key={user.id} className="people-row">
            <UserAvatar user={user} withStatus={false} />
            {chosen.length === 0 ? (
              <button type="button" className="quiet picker-main" disabled={opening} onClick={() => open([user])}>
                Message @{user.username}
                {(user.first_name || user.last_name) && <span className="help"> {`${user.first_name} ${user.last_name}`.trim()}</span>}
              </button>
            ) : (
              <span className="picker-main">
                @{user.username}
                {(user.first_name || user.last_name) && <span className="help"> {`${user.first_name} ${user.last_name}`.trim()}</span>}
              </span>
            )}
            <button type="button" className="quiet" disabled={room <= 0} aria-label={`Add @${user.username}`} onClick={() => add(user)}>
              Add
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" disabled={chosen.length === 0 || opening} onClick={() => open(chosen)}>
          Go
        </button>
      </div>
    </ModalDialog>
  );
}

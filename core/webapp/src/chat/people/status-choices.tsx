// My status in the user menu, as Mattermost's: Online, Away, Do not disturb (until a time chosen from
// a sub-list), Offline; the one in force is pressed. The server ends a timed do-not-disturb when its
// time comes and tells the page (status_change).
import { useState } from 'react';
import { errorText } from '../../client.ts';
import { useChat, useChatStore } from '../chat-store.ts';
import { DND_CHOICES, chooseStatus, dndEnd } from './dnd-expiry.ts';

const CHOICES: ReadonlyArray<{ status: string; label: string }> = [
  { status: 'online', label: 'Online' },
  { status: 'away', label: 'Away' },
  { status: 'offline', label: 'Offline' },
];

export function StatusChoices() {
  const store = useChatStore();
  const me = useChat((s) => s.me.id);
  const status = useChat((s) => s.statuses[s.me.id] ?? 'online');
  const [dndOpen, setDndOpen] = useState(false);
  const [chosenEnd, setChosenEnd] = useState(() => dndEnd(me));
  const [problem, setProblem] = useState('');
  const end = status === 'dnd' ? chosenEnd : 0;

  const choose = (next: string, until = 0) => {
    setDndOpen(false);
    chooseStatus(me, next, until).then(
      () => {
        setProblem('');
        store.update((s) => ({ statuses: { ...s.statuses, [me]: next } }));
        setChosenEnd(dndEnd(me));
      },
      (err: unknown) => setProblem(`Your status could not be changed: ${errorText(err)}`),
    );
  };
  const item = (choice: { status: string; label: string }) => (
    <li key={choice.status}>
      <button type="button" className="quiet" aria-pressed={status === choice.status} onClick={() => choose(choice.status)}>
        <span aria-hidden="true" className={`status-dot status-${choice.status}`} /> {choice.label}
      </button>
    </li>
  );
  return (
    <li>
      <ul className="status-choices" aria-label="Your status">
        {CHOICES.slice(0, 2).map(item)}
        <li>
          <button type="button" className="quiet" aria-expanded={dndOpen} aria-controls="dnd-choices" onClick={() => setDndOpen(!dndOpen)}>
            <span aria-hidden="true" className="status-dot status-dnd" /> Do not disturb{status === 'dnd' && <span className="visually-hidden"> (current)</span>}
            {status === 'dnd' && end > 0 && <span className="help"> Until {new Date(end).toLocaleString([], { weekday: 'short', hour: 'numeric', minute: '2-digit' })}</span>}
          </button>
          <ul id="dnd-choices" hidden={!dndOpen} aria-label="Clear after">
            {DND_CHOICES.map((choice) => (
              <li key={choice.label}>
                <button type="button" className="quiet" onClick={() => choose('dnd', choice.end(new Date()))}>
                  {choice.label}
                </button>
              </li>
            ))}
          </ul>
        </li>
        {CHOICES.slice(2).map(item)}
      </ul>
      {problem && <p role="alert" className="error">{problem}</p>}
    </li>
  );
}

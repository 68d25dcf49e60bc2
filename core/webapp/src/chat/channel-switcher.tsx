// Ctrl/Cmd+K: type part of a channel's or person's name, move with ↑/↓, Enter opens it. A combobox
// over my channels in the team and my direct messages, unread ones first.
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Team } from '@mattermost/types/teams';
import { navigate } from '../navigation.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { ModalDialog } from '../modal-dialog.tsx';
import { channelLabel, isDirect } from './channel-names.ts';
import { pathOfChannel } from './open-channel.ts';
import { channelUnread } from './unreads.ts';
import { useCollapsedThreads } from './threads/collapsed-threads.ts';

const SHOWN = 12;

export function ChannelSwitcher({ team, onClose }: { team: Team; onClose: () => void }) {
  const store = useChatStore();
  const channels = useChat((s) => s.channels);
  const members = useChat((s) => s.myMembers);
  const collapsedThreads = useCollapsedThreads();
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const [term, setTerm] = useState('');
  const [active, setActive] = useState(0);

  const matches = useMemo(() => {
    const wanted = term.trim().toLowerCase();
    return Object.values(channels)
      .filter((c) => members[c.id] && c.delete_at === 0 && (c.team_id === team.id || isDirect(c)))
      .map((c) => ({ channel: c, label: channelLabel(c, users, me), unread: channelUnread(c, members[c.id], collapsedThreads).unread }))
      .filter((m) => m.label.toLowerCase().includes(wanted) || m.channel.name.includes(wanted))
      .sort((a, b) => Number(b.unread) - Number(a.unread) || a.label.localeCompare(b.label))
      .slice(0, SHOWN);
  }, [channels, members, collapsedThreads, users, me, team.id, term]);

  const go = (index: number) => {
    const match = matches[index];
    if (!match) return;
    onClose();
    navigate(pathOfChannel(store, team.name, match.channel));
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (matches.length === 0 ? 0 : (current + step + matches.length) % matches.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(active);
    }
  };

  return (
    <ModalDialog title="Find a channel" onClose={onClose}>
      <label htmlFor="switcher-input">Channel or person</label>
      <input
        id="switcher-input"
        role="combobox"
        autoFocus
        aria-expanded="true"
        aria-controls="switcher-list"
        aria-activedescendant={matches[active] ? `switcher-${matches[active].channel.id}` : undefined}
        autoComplete="off"
        value={term}
        onChange={(e) => {
          setTerm(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
      />
      <ul id="switcher-list" role="listbox" aria-label="Matching channels" className="picker-list">
        {matches.map((match, index) => (
          <li
            key={match.channel.id}
            id={`switcher-${match.channel.id}`}
            role="option"
            aria-selected={index === active}
            className={`${index === active ? 'active' : ''}${match.unread ? ' unread' : ''}`}
            onClick={() => go(index)}
          >
            {isDirect(match.channel) ? '@' : '#'} {match.label}
          </li>
        ))}
      </ul>
      {matches.length === 0 && <p role="status">No channel matches “{term}”.</p>}
    </ModalDialog>
  );
}

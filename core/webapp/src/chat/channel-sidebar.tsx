// The channel column of a team: Favorites, Channels (public and private) and Direct Messages, each
// collapsible; unread channels in bold with a mention badge; and the ways to find, browse, create
// and message, with the user's own status and menu at the bottom.
import { useMemo, useState, type ReactNode } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel } from '@mattermost/types/channels';
import { useChat, useChatStore } from './chat-store.ts';
import { channelUnread } from './unreads.ts';
import { channelLabel, directPartnerId, isDirect } from './channel-names.ts';
import { pathOfChannel } from './open-channel.ts';
import { NavLink } from '../nav-link.tsx';
import { BrowseChannels } from './browse-channels.tsx';
import { CreateChannel } from './create-channel.tsx';
import { NewDirectMessage } from './new-direct-message.tsx';
import { UserMenu } from './user-menu.tsx';
import { FAVORITE_CHANNEL } from './favorites.ts';
import { ThreadsLink } from './threads/threads-link.tsx';

type Dialog = 'browse' | 'create' | 'direct' | null;

export function ChannelSidebar({ team, currentChannelId, onLogOut, onFindChannel }: { team: Team; currentChannelId?: string; onLogOut: () => void; onFindChannel: () => void }) {
  const channels = useChat((s) => s.channels);
  const members = useChat((s) => s.myMembers);
  const users = useChat((s) => s.users);
  const preferences = useChat((s) => s.preferences);
  const me = useChat((s) => s.me);
  const [dialog, setDialog] = useState<Dialog>(null);

  const groups = useMemo(() => {
    const favorites = new Set(preferences.filter((p) => p.category === FAVORITE_CHANNEL && p.value === 'true').map((p) => p.name));
    const mine = Object.values(channels).filter((c) => members[c.id] && c.delete_at === 0 && (c.team_id === team.id || isDirect(c)));
    const byName = (a: ServerChannel, b: ServerChannel) => channelLabel(a, users, me.id).localeCompare(channelLabel(b, users, me.id));
    const recent = (a: ServerChannel, b: ServerChannel) => b.last_post_at - a.last_post_at || byName(a, b);
    return [
      { id: 'favorites', title: 'Favorites', channels: mine.filter((c) => favorites.has(c.id)).sort(byName) },
      { id: 'channels', title: 'Channels', channels: mine.filter((c) => !favorites.has(c.id) && !isDirect(c)).sort(byName) },
      { id: 'direct', title: 'Direct Messages', channels: mine.filter((c) => !favorites.has(c.id) && isDirect(c)).sort(recent) },
    ].filter((group) => group.id !== 'favorites' || group.channels.length > 0);
  }, [channels, members, users, preferences, me, team.id]);

  return (
    <nav className="channel-sidebar" aria-label={`${team.display_name} channels`}>
      <h2 className="team-name">{team.display_name}</h2>
      <div className="sidebar-actions">
        <button type="button" className="quiet" onClick={onFindChannel} aria-keyshortcuts="Control+K Meta+K">
          Find channel <kbd>Ctrl K</kbd>
        </button>
        <button type="button" className="quiet" onClick={() => setDialog('browse')}>
          Browse channels
        </button>
        <button type="button" className="quiet" onClick={() => setDialog('create')}>
          Create channel
        </button>
        <button type="button" className="quiet" onClick={() => setDialog('direct')}>
          New direct message
        </button>
      </div>
      <ThreadsLink team={team} />
      {groups.map((group) => (
        <SidebarGroup key={group.id} id={group.id} title={group.title}>
          {group.channels.map((channel) => (
            <ChannelLink key={channel.id} team={team} channel={channel} current={channel.id === currentChannelId} />
          ))}
        </SidebarGroup>
      ))}
      <UserMenu onLogOut={onLogOut} />
      {dialog === 'browse' && <BrowseChannels team={team} onClose={() => setDialog(null)} />}
      {dialog === 'create' && <CreateChannel team={team} onClose={() => setDialog(null)} />}
      {dialog === 'direct' && <NewDirectMessage team={team} onClose={() => setDialog(null)} />}
    </nav>
  );
}

function SidebarGroup({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const [open, setOpen] = useState(true);
  const listId = `sidebar-group-${id}`;
  return (
    <section className="sidebar-group" aria-labelledby={`${listId}-heading`}>
      <h3 id={`${listId}-heading`}>
        <button type="button" className="group-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {title}
        </button>
      </h3>
      <ul id={listId} hidden={!open}>
        {children}
      </ul>
    </section>
  );
}

function ChannelLink({ team, channel, current }: { team: Team; channel: ServerChannel; current: boolean }) {
  const store = useChatStore();
  const member = useChat((s) => s.myMembers[channel.id]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const status = useChat((s) => (channel.type === 'D' ? s.statuses[directPartnerId(channel, me)] : undefined));
  const { unread, mentions } = channelUnread(channel, member);
  const label = channelLabel(channel, users, me);
  const described = [mentions > 0 ? `${mentions} mention${mentions === 1 ? '' : 's'}` : '', unread ? 'unread' : '', status ?? ''].filter(Boolean).join(', ');
  return (
    <li className={`channel-link${unread ? ' unread' : ''}`}>
      <NavLink to={pathOfChannel(store, team.name, channel)} current={current} label={described ? `${label} (${described})` : label}>
        <span aria-hidden="true" className={`channel-icon ${channel.type === 'D' ? `status-${status ?? 'offline'}` : ''}`}>
          {channel.type === 'O' ? '#' : channel.type === 'P' ? '🔒' : channel.type === 'G' ? '👥' : '●'}
        </span>
        <span className="channel-name">{label}</span>
        {mentions > 0 && (
          <span aria-hidden="true" className="mention-badge">
            {mentions}
          </span>
        )}
      </NavLink>
    </li>
  );
}

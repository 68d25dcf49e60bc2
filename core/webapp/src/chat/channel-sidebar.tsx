// The channel column of a team: the user's sidebar categories as the server keeps them (Favorites,
// custom ones, Channels, Direct Messages), each collapsible (remembered on the server; a collapsed
// category still shows its unread channels), with a menu per channel (favorite, move to another or a
// new category) and per custom category (rename, delete); unread channels in bold with a mention
// badge; and the ways to find, browse, create and message, with the user's own status and menu.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel } from '@mattermost/types/channels';
import type { ChannelCategory } from '@mattermost/types/channel_categories';
import { errorText } from '../client.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { channelUnread } from './unreads.ts';
import { useCollapsedThreads } from './threads/collapsed-threads.ts';
import { channelLabel, directPartnerId } from './channel-names.ts';
import { pathOfChannel } from './open-channel.ts';
import { NavLink } from '../nav-link.tsx';
import { BrowseChannels } from './browse-channels.tsx';
import { CreateChannel } from './create-channel.tsx';
import { NewDirectMessage } from './new-direct-message.tsx';
import { UserMenu } from './user-menu.tsx';
import { ThreadsLink } from './threads/threads-link.tsx';
import { toggleFavorite } from './favorites.ts';
import { categoryOf, createCategoryWith, deleteCategory, loadSidebarCategories, moveChannel, moveTargets, renameCategory, setCollapsed, sidebarSections, type SidebarSection } from './sidebar-categories.ts';
import { SidebarMenu } from './sidebar-menu.tsx';
import { CustomStatusEmoji } from './people/custom-status-emoji.tsx';
import { CategoryNameDialog, DeleteCategoryDialog } from './category-dialogs.tsx';
import './sidebar.css';

type Dialog =
  | { kind: 'browse' | 'create' | 'direct' }
  | { kind: 'new-category'; channelId: string; from: ChannelCategory | undefined }
  | { kind: 'rename-category' | 'delete-category'; category: ChannelCategory }
  | null;

/** When the server's categories cannot be read, the two that take every channel, so each channel stays reachable. */
function provisionalCategories(team: Team, me: string): ChannelCategory[] {
  const category = (type: 'channels' | 'direct_messages', display_name: string, sorting: ChannelCategory['sorting']) =>
    ({ id: `${type}_${me}_${team.id}`, user_id: me, team_id: team.id, type, display_name, sorting, channel_ids: [], muted: false, collapsed: false }) as ChannelCategory;
  return [category('channels', 'Channels', '' as ChannelCategory['sorting']), category('direct_messages', 'Direct Messages', 'recent' as ChannelCategory['sorting'])];
}

export function ChannelSidebar({ team, currentChannelId, onLogOut, onFindChannel }: { team: Team; currentChannelId?: string; onLogOut: () => void; onFindChannel: () => void }) {
  const store = useChatStore();
  const channels = useChat((s) => s.channels);
  const members = useChat((s) => s.myMembers);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me);
  const loaded = useChat((s) => s.sidebarCategories[team.id]);
  const connected = useChat((s) => s.connected);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    // Read again after a reconnect too: changes made meanwhile were not announced to this page.
    if (!connected) return;
    loadSidebarCategories(store, team.id).then(
      () => setProblem(''),
      (err: unknown) => setProblem(`Your sidebar categories could not be loaded: ${errorText(err)}`),
    );
  }, [store, team.id, connected]);

  // Drawn once they arrive (not before, or a collapsed category would show open for a moment).
  const categories = useMemo(() => loaded ?? (problem ? provisionalCategories(team, me.id) : []), [loaded, problem, team, me.id]);
  const sections = useMemo(() => sidebarSections({ channels, myMembers: members, users, me }, team.id, categories), [channels, members, users, me, team.id, categories]);

  const channelMenu = (channel: ServerChannel, label: string) => {
    const from = categoryOf(sections, channel.id);
    // A favorite is a channel in Favorites, as Mattermost reads it (the server keeps the preference in step).
    const favorite = from?.type === 'favorites';
    return (
      <SidebarMenu
        label={`Channel options for ${label}`}
        items={[
          { label: favorite ? 'Unfavorite' : 'Favorite', onSelect: () => toggleFavorite(store, channel.id) },
          {
            label: 'Move to…',
            items: [
              ...moveTargets(categories, channel, from).map((to) => ({ label: to.display_name, onSelect: () => moveChannel(store, team.id, channel.id, from, to) })),
              { label: 'New category…', onSelect: () => setDialog({ kind: 'new-category', channelId: channel.id, from }) },
            ],
          },
        ]}
      />
    );
  };
  const categoryMenu = (category: ChannelCategory) =>
    category.type === 'custom' && (
      <SidebarMenu
        label={`Category options for ${category.display_name}`}
        items={[
          { label: 'Rename category', onSelect: () => setDialog({ kind: 'rename-category', category }) },
          { label: 'Delete category', danger: true, onSelect: () => setDialog({ kind: 'delete-category', category }) },
        ]}
      />
    );

  const close = () => setDialog(null);
  return (
    <nav className="channel-sidebar" aria-label={`${team.display_name} channels`}>
      <h2 className="team-name">{team.display_name}</h2>
      <div className="sidebar-actions">
        <button type="button" className="quiet" onClick={onFindChannel} aria-keyshortcuts="Control+K Meta+K">
          Find channel <kbd>Ctrl K</kbd>
        </button>
        <button type="button" className="quiet" onClick={() => setDialog({ kind: 'browse' })}>
          Browse channels
        </button>
        <button type="button" className="quiet" onClick={() => setDialog({ kind: 'create' })}>
          Create channel
        </button>
        <button type="button" className="quiet" onClick={() => setDialog({ kind: 'direct' })}>
          New direct message
        </button>
      </div>
      {problem && (
        <p role="alert" className="error sidebar-problem">
          {problem}
        </p>
      )}
      {!loaded && !problem && (
        <p role="status" className="sidebar-loading">
          Loading channels…
        </p>
      )}
      <ThreadsLink team={team} />
      {sections.map((section) => (
        <SidebarGroup key={section.category.id} section={section} currentChannelId={currentChannelId} menu={loaded && categoryMenu(section.category)} onProblem={setProblem}>
          {(channel) => <ChannelLink key={channel.id} team={team} channel={channel} current={channel.id === currentChannelId} menu={loaded && ((label) => channelMenu(channel, label))} />}
        </SidebarGroup>
      ))}
      <UserMenu onLogOut={onLogOut} />
      {dialog?.kind === 'browse' && <BrowseChannels team={team} onClose={close} />}
      {dialog?.kind === 'create' && <CreateChannel team={team} onClose={close} />}
      {dialog?.kind === 'direct' && <NewDirectMessage team={team} onClose={close} />}
      {dialog?.kind === 'new-category' && (
        <CategoryNameDialog title="Create new category" action="Create" onSubmit={(name) => createCategoryWith(store, team.id, name, dialog.channelId, dialog.from)} onClose={close} />
      )}
      {dialog?.kind === 'rename-category' && (
        <CategoryNameDialog title="Rename category" action="Rename" initial={dialog.category.display_name} onSubmit={(name) => renameCategory(store, dialog.category, name)} onClose={close} />
      )}
      {dialog?.kind === 'delete-category' && <DeleteCategoryDialog name={dialog.category.display_name} onDelete={() => deleteCategory(store, dialog.category)} onClose={close} />}
    </nav>
  );
}

function SidebarGroup({
  section,
  currentChannelId,
  menu,
  onProblem,
  children,
}: {
  section: SidebarSection;
  currentChannelId?: string;
  menu: ReactNode;
  onProblem: (text: string) => void;
  children: (channel: ServerChannel) => ReactNode;
}) {
  const store = useChatStore();
  const members = useChat((s) => s.myMembers);
  const collapsedThreads = useCollapsedThreads();
  const { category } = section;
  const listId = `sidebar-group-${category.id}`;
  // Collapsed, a category still shows its unread channels and the one open, as Mattermost's does.
  const shown = category.collapsed ? section.channels.filter((c) => c.id === currentChannelId || channelUnread(c, members[c.id], collapsedThreads).unread) : section.channels;
  const toggle = () => setCollapsed(store, category, !category.collapsed).catch((err: unknown) => onProblem(`${category.display_name} could not be ${category.collapsed ? 'expanded' : 'collapsed'}: ${errorText(err)}`));
  return (
    <section className={`sidebar-group${category.collapsed ? ' collapsed' : ''}`} aria-labelledby={`${listId}-heading`}>
      <div className="group-head">
        <h3 id={`${listId}-heading`}>
          <button type="button" className="quiet group-toggle" aria-expanded={!category.collapsed} aria-controls={listId} onClick={toggle}>
            <span aria-hidden="true">{category.collapsed ? '▸' : '▾'}</span> {category.display_name}
          </button>
        </h3>
        {menu}
      </div>
      <ul id={listId}>{shown.map(children)}</ul>
    </section>
  );
}

function ChannelLink({ team, channel, current, menu }: { team: Team; channel: ServerChannel; current: boolean; menu: false | undefined | ((label: string) => ReactNode) }) {
  const store = useChatStore();
  const member = useChat((s) => s.myMembers[channel.id]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const status = useChat((s) => (channel.type === 'D' ? s.statuses[directPartnerId(channel, me)] : undefined));
  const { unread, mentions } = channelUnread(channel, member, useCollapsedThreads());
  const label = channelLabel(channel, users, me);
  const described = [mentions > 0 ? `${mentions} mention${mentions === 1 ? '' : 's'}` : '', unread ? 'unread' : '', status ?? ''].filter(Boolean).join(', ');
  return (
    <li className={`channel-link${unread ? ' unread' : ''}`}>
      <NavLink to={pathOfChannel(store, team.name, channel)} current={current} label={described ? `${label} (${described})` : label}>
        <span aria-hidden="true" className={`channel-icon ${channel.type === 'D' ? `status-${status ?? 'offline'}` : ''}`}>
          {channel.type === 'O' ? '#' : channel.type === 'P' ? '🔒' : channel.type === 'G' ? '👥' : '●'}
        </span>
        <span className="channel-name">{label}</span>
        {channel.type === 'D' && <CustomStatusEmoji userId={directPartnerId(channel, me)} />}
        {mentions > 0 && (
          <span aria-hidden="true" className="mention-badge">
            {mentions}
          </span>
        )}
      </NavLink>
      {menu && menu(label)}
    </li>
  );
}

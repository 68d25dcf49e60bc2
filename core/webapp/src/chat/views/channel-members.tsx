// "Members" in the right-hand panel, as Mattermost's channel members RHS: the channel's people with
// their status, channel admins first, a search among them, and (for those allowed) "Add" to bring
// people in and "Manage" to make or unmake channel admins and remove members. It follows the channel's
// user_added / user_removed events, so a join elsewhere shows here at once.
import { useMemo, useState } from 'react';
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../../client.ts';
import { useChat, useChatStore, type ChatStore } from '../chat-store.ts';
import { channelLabel } from '../channel-names.ts';
import { STATUS_NAMES } from '../user-menu.tsx';
import { ViewPanelFrame, ViewStatus } from './view-panel-frame.tsx';
import { useViewRefresh } from './use-view-refresh.ts';
import { changesMembers } from './view-events.ts';
import { canManageMembers, canManageRoles, useChannelPermissions } from './channel-permissions.ts';
import { AddMembersDialog } from './add-members-dialog.tsx';
import { GuestTag } from '../people/guest-tag.tsx';

/** Mattermost's RHS shows this many before asking to search. */
const MEMBERS_SHOWN = 200;

interface Member {
  user: UserProfile;
  admin: boolean;
}

export function ChannelMembers({ channelId, onClose }: { channelId: string; onClose: () => void }) {
  const channel = useChat((s) => s.channels[channelId]);
  if (!channel) return null;
  return <MembersOf channel={channel} onClose={onClose} />;
}

function MembersOf({ channel, onClose }: { channel: ServerChannel; onClose: () => void }) {
  const store = useChatStore();
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const permissions = useChannelPermissions(channel);
  const mayManageMembers = canManageMembers(channel, permissions);
  const mayManageRoles = canManageRoles(channel, permissions);
  const [search, setSearch] = useState('');
  const [managing, setManaging] = useState(false);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState('');
  const members = useViewRefresh(channel.id, () => loadMembers(store, channel.id), (live) => changesMembers(live, channel.id));

  const shown = useMemo(() => matching(members.data ?? [], search), [members.data, search]);
  const act = (work: Promise<unknown>) => {
    setProblem('');
    work.then(members.reload, (err: unknown) => setProblem(errorText(err)));
  };
  const label = channelLabel(channel, users, me);
  const sections = [
    { title: 'Channel admins', list: shown.filter((m) => m.admin) },
    { title: 'Members', list: shown.filter((m) => !m.admin) },
  ];
  return (
    <ViewPanelFrame title="Members" subtitle={label} className="channel-members" onClose={onClose}>
      <div className="view-toolbar">
        <input type="search" aria-label="Search members" placeholder="Search members" value={search} onChange={(event) => setSearch(event.target.value)} />
        {(mayManageMembers || mayManageRoles) && (
          <button type="button" className="quiet" aria-pressed={managing} onClick={() => setManaging(!managing)}>
            {managing ? 'Done' : 'Manage'}
          </button>
        )}
        {mayManageMembers && (
          <button type="button" onClick={() => setAdding(true)}>
            Add
          </button>
        )}
      </div>
      {problem && <p role="alert" className="error view-status">{problem}</p>}
      <ViewStatus loading={members.data === null} empty={shown.length === 0} problem={members.problem} emptyText={search ? `No results for “${search}”` : 'No members'} />
      <div className="view-scroll">
        {sections.map(
          (section) =>
            section.list.length > 0 && (
              <section key={section.title} aria-label={section.title}>
                <h3 className="view-section-title">{section.title}</h3>
                <ul className="view-list">
                  {section.list.map((member) => (
                    <MemberRow key={member.user.id} member={member} isMe={member.user.id === me} managing={managing} mayManageMembers={mayManageMembers} mayManageRoles={mayManageRoles} channelId={channel.id} act={act} />
                  ))}
                </ul>
              </section>
            ),
        )}
      </div>
      {adding && <AddMembersDialog channel={channel} label={label} onClose={() => setAdding(false)} onAdded={members.reload} />}
    </ViewPanelFrame>
  );
}

function MemberRow(props: { member: Member; isMe: boolean; managing: boolean; mayManageMembers: boolean; mayManageRoles: boolean; channelId: string; act: (work: Promise<unknown>) => void }) {
  const { member, isMe, managing, mayManageMembers, mayManageRoles, channelId, act } = props;
  const status = useChat((s) => s.statuses[member.user.id]) ?? 'offline';
  const { user } = member;
  const fullName = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return (
    <li className="view-item view-member" data-user-id={user.id}>
      <span aria-hidden="true" className={`status-dot status-${status}`} />
      <span className="view-member-name">
        <strong>@{user.username}</strong> <GuestTag user={user} />
        {isMe && ' (you)'} {fullName && <span className="post-note">{fullName}</span>}
        <span className="visually-hidden">, {STATUS_NAMES[status] ?? status}</span>
      </span>
      <span className="post-note">{member.admin ? 'Admin' : 'Member'}</span>
      {managing && (
        <span className="view-item-actions">
          {mayManageRoles && (
            <button type="button" className="quiet" onClick={() => act(client.updateChannelMemberSchemeRoles(channelId, user.id, true, !member.admin))}>
              {member.admin ? 'Make channel member' : 'Make channel admin'}
              <span className="visually-hidden"> @{user.username}</span>
            </button>
          )}
          {mayManageMembers && !isMe && (
            <button type="button" className="quiet danger" onClick={() => act(client.removeFromChannel(user.id, channelId))}>
              Remove from channel<span className="visually-hidden"> @{user.username}</span>
            </button>
          )}
        </span>
      )}
    </li>
  );
}

async function loadMembers(store: ChatStore, channelId: string): Promise<Member[]> {
  const [profiles, memberships] = await Promise.all([client.getProfilesInChannel(channelId, 0, MEMBERS_SHOWN), client.getChannelMembers(channelId, 0, MEMBERS_SHOWN)]);
  store.addUsers(profiles);
  const statuses = profiles.length > 0 ? await client.getStatusesByIds(profiles.map((p) => p.id)) : [];
  store.update((s) => ({ statuses: { ...s.statuses, ...Object.fromEntries(statuses.map((st) => [st.user_id, st.status])) } }));
  const byUser = new Map<string, ChannelMembership>(memberships.map((m) => [m.user_id, m]));
  return profiles
    .map((user) => ({ user, admin: byUser.get(user.id)?.scheme_admin === true }))
    .sort((a, b) => a.user.username.localeCompare(b.user.username));
}

/** Members whose username, full name or nickname contains the search, as Mattermost's search does. */
function matching(members: Member[], search: string): Member[] {
  const term = search.trim().toLowerCase().replace(/^@/, '');
  if (!term) return members;
  return members.filter(({ user }) => [user.username, user.first_name, user.last_name, user.nickname, `${user.first_name} ${user.last_name}`].some((text) => text?.toLowerCase().includes(term)));
}

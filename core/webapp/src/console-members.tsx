// The Members section of a team's or a channel's console page: who is in it, each one's role
// (Member or Team/Channel Admin) changed in place, Remove, and Add Members by username.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from './client.ts';
import { ActionStatus } from './action-status.tsx';
import { useReloadingAction } from './console-record.tsx';
import { NavLink } from './nav-link.tsx';
import { userPath } from './console-paths.ts';
import { Pager } from './paged-list.tsx';

export interface Membership {
  user_id: string;
  scheme_admin?: boolean;
}

export interface MembersSource {
  /** "team" or "channel", for the texts. */
  kind: string;
  /** "Team Admin" or "Channel Admin". */
  adminRole: string;
  list: (page: number) => Promise<Membership[]>;
  add: (userId: string) => Promise<unknown>;
  remove: (userId: string) => Promise<unknown>;
  setAdmin: (userId: string, admin: boolean) => Promise<unknown>;
  /** False while the team or channel is archived: members are shown but not changed. */
  editable: boolean;
}

interface Row {
  user: UserProfile;
  admin: boolean;
}

export function ConsoleMembers({ source }: { source: MembersSource }) {
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [username, setUsername] = useState('');
  const load = useCallback(async () => {
    try {
      const members = await source.list(page);
      const users = members.length === 0 ? [] : await client.getProfilesByIds(members.map((m) => m.user_id));
      const byId = new Map(users.map((u) => [u.id, u]));
      setRows(members.flatMap((m) => (byId.has(m.user_id) ? [{ user: byId.get(m.user_id)!, admin: m.scheme_admin === true }] : [])).sort((a, b) => a.user.username.localeCompare(b.user.username)));
      setLoadError('');
    } catch (err) {
      setLoadError(`The members could not be listed: ${errorText(err)}`);
    }
  }, [source, page]);
  useEffect(() => {
    void load();
  }, [load]);

  const action = useReloadingAction(load);
  const act = action.act;
  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = username.trim().replace(/^@/, '');
    if (!name) return;
    act(async () => {
      const user = await client.getUserByUsername(name);
      await source.add(user.id);
      setUsername('');
    }, `@${name} is added to the ${source.kind}.`);
  };

  return (
    <section className="settings-section" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {source.editable && (
        <form onSubmit={add} className="inline-form">
          <label htmlFor="add-member">Add Members</label>
          <input id="add-member" value={username} onChange={(e) => setUsername(e.target.value)} placeholder="username" autoComplete="off" />
          <button type="submit" aria-disabled={action.busy || undefined}>
            Add
          </button>
        </form>
      )}
      <ActionStatus outcome={action.outcome} id="members" />
      {rows === null ? (
        <p role="status">Loading…</p>
      ) : rows.length === 0 ? (
        <p>No members{page > 0 ? ' on this page' : ''}.</p>
      ) : (
        <table className="console-table">
          <caption className="visually-hidden">Members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ user, admin }) => (
              <tr key={user.id}>
                <th scope="row">
                  <NavLink to={userPath(user.id)}>@{user.username}</NavLink>
                </th>
                <td>{user.email}</td>
                <td>
                  <select
                    aria-label={`Role of @${user.username}`}
                    value={admin ? 'admin' : 'member'}
                    disabled={!source.editable}
                    onChange={(e) => act(() => source.setAdmin(user.id, e.target.value === 'admin'), `@${user.username} is now ${e.target.value === 'admin' ? `a ${source.adminRole}` : 'a Member'}.`)}
                  >
                    <option value="member">Member</option>
                    <option value="admin">{source.adminRole}</option>
                  </select>
                </td>
                <td>
                  {source.editable && (
                    <button type="button" aria-label={`Remove @${user.username}`} aria-disabled={action.busy || undefined} onClick={() => act(() => source.remove(user.id), `@${user.username} is removed from the ${source.kind}.`)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Members" page={page} setPage={setPage} rows={rows} />
    </section>
  );
}

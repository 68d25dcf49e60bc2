// User Management > Users: every account, searched by name or email and filtered by system role
// and status, a page at a time (GET /users with role/active/inactive, POST /users/search); each
// links to the user's own page, where an admin acts on it.
import { useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { userPath } from './console-paths.ts';
import { PagedRows, PER_PAGE, usePagedList } from './paged-list.tsx';
import { roleNames } from './user-roles.ts';

type RoleFilter = '' | 'system_admin' | 'system_user' | 'system_guest';
type StatusFilter = '' | 'active' | 'inactive';

export function UsersPage() {
  const [role, setRole] = useState<RoleFilter>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const list = usePagedList<UserProfile>((term, page) => load(term, page), `${role}/${status}`, 'users');

  async function load(term: string, page: number): Promise<UserProfile[]> {
    if (!term.trim()) {
      const options: Record<string, string | boolean> = {};
      if (role) options.role = role;
      if (status) options[status] = true;
      return client.getProfiles(page, PER_PAGE, options);
    }
    // A search answers its first matches only: ask for enough to reach this page.
    const found = await client.searchUsers(term.trim(), { allow_inactive: status !== 'active', role: role || undefined, limit: (page + 1) * PER_PAGE });
    return found.filter((u) => status !== 'inactive' || u.delete_at > 0).slice(page * PER_PAGE);
  }

  return (
    <>
      <PageHeading>Users</PageHeading>
      <form role="search" className="search filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="users-search">Search users</label>
          <input id="users-search" type="search" value={list.term} onChange={(e) => list.setTerm(e.target.value)} placeholder="Username, name or email" />
        </div>
        <div className="field">
          <label htmlFor="users-role">Role</label>
          <select id="users-role" value={role} onChange={(e) => (setRole(e.target.value as RoleFilter), list.setPage(0))}>
            <option value="">Any</option>
            <option value="system_admin">System Admin</option>
            <option value="system_user">Member</option>
            <option value="system_guest">Guest</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="users-status">Status</label>
          <select id="users-status" value={status} onChange={(e) => (setStatus(e.target.value as StatusFilter), list.setPage(0))}>
            <option value="">Any</option>
            <option value="active">Activated users</option>
            <option value="inactive">Deactivated users</option>
          </select>
        </div>
      </form>
      <PagedRows list={list} label="Users" empty={list.term ? `No user matches “${list.term}”.` : 'No users match these filters.'}>
        {(users) => (
          <table className="console-table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    <NavLink to={userPath(user.id)}>@{user.username}</NavLink>
                    {fullName(user) && <span className="subtitle"> {fullName(user)}</span>}
                  </th>
                  <td>{user.email}</td>
                  <td>{roleNames(user)}</td>
                  <td>{user.delete_at > 0 ? 'Deactivated' : 'Active'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedRows>
    </>
  );
}

export function fullName(user: UserProfile): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}

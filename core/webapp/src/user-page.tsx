// User Management > Users > one user: who they are and how they sign in, and what a system admin
// does to their account, with Mattermost's actions and words: Deactivate/Activate, Manage Roles,
// Reset Password, Remove MFA, Revoke Sessions, Promote to Member / Demote to Guest. Deactivating
// signs the user out everywhere at once (the server ends their sessions and closes their sockets).
import { useState, type FormEvent } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { PAGES } from './console-paths.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { ConfirmDialog, type Confirmation } from './confirm-dialog.tsx';
import { RecordNotFound, useConsoleRecord } from './console-record.tsx';
import { isGuest, isSystemAdmin, roleNames } from './user-roles.ts';
import { fullName } from './users-page.tsx';

const SIGN_IN_METHODS: Record<string, string> = { '': 'Email and password', email: 'Email and password', ldap: 'AD/LDAP', saml: 'SAML', gitlab: 'GitLab', google: 'Google', office365: 'Office 365', openid: 'OpenID Connect' };

export function UserPage({ userId }: { userId: string }) {
  const { record: user, loadError, reload, ...action } = useConsoleRecord(() => client.getUser(userId), 'user');
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);

  if (loadError) return <RecordNotFound title="User not found" error={loadError} back={PAGES.users} backLabel="Back to Users" />;
  if (!user) return <p role="status">Loading…</p>;

  const name = `@${user.username}`;
  const active = user.delete_at === 0;
  const act = action.act;
  const ask = (title: string, message: string, confirmLabel: string, run: () => void) => setConfirmation({ title, message, confirmLabel, run });

  return (
    <>
      <PageHeading>User Configuration: {name}</PageHeading>
      <NavLink to={PAGES.users}>Back to Users</NavLink>
      <dl className="details">
        <dt>Username</dt>
        <dd>{name}</dd>
        <dt>Name</dt>
        <dd>{fullName(user) || 'Not set'}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Sign-in method</dt>
        <dd>{SIGN_IN_METHODS[user.auth_service] ?? user.auth_service}</dd>
        <dt>Role</dt>
        <dd>{roleNames(user)}</dd>
        <dt>Multi-factor authentication</dt>
        <dd>{user.mfa_active ? 'Active' : 'Not set up'}</dd>
        <dt>Status</dt>
        <dd>{active ? 'Active' : 'Deactivated'}</dd>
      </dl>

      <section className="settings-section" aria-labelledby="user-actions">
        <h2 id="user-actions">Actions</h2>
        <div className="button-row">
          {active ? (
            <button
              type="button"
              className="danger"
              aria-disabled={action.busy || undefined}
              onClick={() =>
                ask(`Deactivate ${name}`, `Deactivating ${name} signs them out of every device at once, and they can no longer sign in or be reached in any team or channel. Their messages stay. Deactivate ${name}?`, 'Deactivate', () =>
                  act(() => client.updateUserActive(user.id, false), `${name} is deactivated and signed out everywhere.`),
                )
              }
            >
              Deactivate
            </button>
          ) : (
            <button type="button" aria-disabled={action.busy || undefined} onClick={() => act(() => client.updateUserActive(user.id, true), `${name} is active again and can sign in.`)}>
              Activate
            </button>
          )}
          <button
            type="button"
            aria-disabled={action.busy || undefined}
            onClick={() =>
              ask('Revoke Sessions', `This signs ${name} out of every device and closes their open connections. They can sign in again. Revoke all sessions of ${name}?`, 'Revoke Sessions', () =>
                act(() => client.revokeAllSessionsForUser(user.id), `Every session of ${name} is revoked.`),
              )
            }
          >
            Revoke Sessions
          </button>
          {user.mfa_active && (
            <button type="button" aria-disabled={action.busy || undefined} onClick={() => act(() => client.updateUserMfa(user.id, false, ''), `Multi-factor authentication is removed from ${name}: they sign in without a code until they set it up again.`)}>
              Remove MFA
            </button>
          )}
          {isGuest(user) ? (
            <button type="button" aria-disabled={action.busy || undefined} onClick={() => act(() => client.promoteGuestToUser(user.id), `${name} is now a member.`)}>
              Promote to Member
            </button>
          ) : (
            !isSystemAdmin(user) && (
              <button
                type="button"
                aria-disabled={action.busy || undefined}
                onClick={() =>
                  ask('Demote to Guest', `${name} will see only the channels they are in now, and the people in them. Demote ${name} to guest?`, 'Demote to Guest', () =>
                    act(() => client.demoteUserToGuest(user.id), `${name} is now a guest.`),
                  )
                }
              >
                Demote to Guest
              </button>
            )
          )}
        </div>
        <ActionStatus outcome={action.outcome} id="user-action" />
      </section>

      {!isGuest(user) && <ManageRoles user={user} onSaved={reload} />}
      {!user.auth_service && <ResetPassword user={user} />}
      {confirmation && <ConfirmDialog confirmation={confirmation} onClose={() => setConfirmation(null)} />}
    </>
  );
}

/** Manage Roles: Member or System Admin (PUT /users/{id}/roles). */
function ManageRoles({ user, onSaved }: { user: UserProfile; onSaved: () => Promise<unknown> }) {
  const [admin, setAdmin] = useState(isSystemAdmin(user));
  const save = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.busy) return;
    void save.run(async () => {
      await client.updateUserRoles(user.id, admin ? 'system_user system_admin' : 'system_user');
      await onSaved();
      return `@${user.username} is now ${admin ? 'a system admin' : 'a member'}.`;
    });
  };
  return (
    <section className="settings-section" aria-labelledby="manage-roles">
      <h2 id="manage-roles">Manage Roles</h2>
      <form onSubmit={submit} className="settings">
        <fieldset className="field">
          <legend>System role</legend>
          <label className="choice">
            <input type="radio" name="system-role" checked={!admin} onChange={() => setAdmin(false)} /> Member
          </label>
          <label className="choice">
            <input type="radio" name="system-role" checked={admin} onChange={() => setAdmin(true)} /> System Admin
          </label>
          <p className="help">A system admin can reach the System Console and change every setting, team, channel and account.</p>
        </fieldset>
        <button type="submit" aria-disabled={save.busy || undefined}>
          Save role
        </button>
        <ActionStatus outcome={save.outcome} id="manage-roles" />
      </form>
    </section>
  );
}

/**
 * Reset Password: the admin sets a new password (PUT /users/{id}/password, no current password
 * needed from an admin); the user's sessions end and they sign in with it. Or the admin has the
 * server mail the user a reset link (POST /users/password/reset/send), and never learns the password.
 */
function ResetPassword({ user }: { user: UserProfile }) {
  const [password, setPassword] = useState('');
  const save = useAction();
  const mail = useAction();
  const sendResetEmail = () => {
    if (mail.busy) return;
    void mail.run(async () => {
      await client.sendPasswordResetEmail(user.email);
      return `A password reset link was emailed to ${user.email}; it works once, for one hour.`;
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.busy) return;
    void save.run(async () => {
      await client.updateUserPassword(user.id, '', password);
      setPassword('');
      return `The password of @${user.username} is reset: give them the new one. Their sessions have ended.`;
    });
  };
  return (
    <section className="settings-section" aria-labelledby="reset-password">
      <h2 id="reset-password">Reset Password</h2>
      <form onSubmit={submit} className="settings">
        <div className="field">
          <label htmlFor="reset-password-new">New Password</label>
          <input id="reset-password-new" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required aria-describedby="reset-password-help" />
          <p className="help" id="reset-password-help">
            It must meet the rules of Authentication &gt; Password.
          </p>
        </div>
        <button type="submit" aria-disabled={save.busy || undefined}>
          Reset password
        </button>
        <ActionStatus outcome={save.outcome} id="reset-password" />
      </form>
      <button type="button" onClick={sendResetEmail} aria-disabled={mail.busy || undefined}>
        Send reset email
      </button>
      <ActionStatus outcome={mail.outcome} id="reset-password-email" />
    </section>
  );
}

// What a signed-in user who is not a system admin sees at /admin_console.
import type { UserProfile } from '@mattermost/types/users';
import { PageHeading } from './page-heading.tsx';

export function NotAdminPage({ user, onLogOut }: { user: UserProfile; onLogOut: () => void }) {
  return (
    <main className="login">
      <PageHeading>You need to be a system admin</PageHeading>
      <p>
        You are signed in as <strong>@{user.username}</strong>, who is not a system admin. The System Console is for system admins only: ask one of
        them to give you the role, or sign in with another account.
      </p>
      <button type="button" onClick={onLogOut}>
        Log out
      </button>
    </main>
  );
}

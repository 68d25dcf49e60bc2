// What a signed-in user without MFA sees where the server enforces it
// (ServiceSettings.EnforceMultifactorAuthentication): the server refuses them everything else, so
// the page sets MFA up, or signs out.
import type { UserProfile } from '@mattermost/types/users';
import { MfaSetup } from './mfa-setup.tsx';
import { PageHeading } from './page-heading.tsx';

export function MfaRequiredPage({ user, onActivated, onLogOut }: { user: UserProfile; onActivated: () => void; onLogOut: () => void }) {
  return (
    <main className="login">
      <PageHeading>Set up multi-factor authentication</PageHeading>
      <p>
        This server requires multi-factor authentication. Set it up for <strong>@{user.username}</strong> to go on.
      </p>
      <MfaSetup userId={user.id} onActivated={onActivated} />
      <button type="button" className="quiet" onClick={onLogOut}>
        Sign out
      </button>
    </main>
  );
}

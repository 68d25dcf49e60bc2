// Sign in with a username or email address and a password (POST /users/login, which sets the
// session cookies); the server's refusal is shown beside the form.
import { useState, type FormEvent } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { PageHeading } from './page-heading.tsx';
import { SsoButtons } from './sso-buttons.tsx';
import { safeReturnPath } from './navigation.ts';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (user: UserProfile) => void }) {
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const login = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let user: UserProfile | undefined;
    await login.run(async () => {
      user = await client.login(loginId.trim(), password);
      return 'Signed in.';
    });
    if (user) onLoggedIn(user);
  };

  return (
    <main className="login">
      <PageHeading>Sign in to Parley</PageHeading>
      <form onSubmit={submit} aria-describedby="login-error" noValidate>
        <label htmlFor="login-id">Username or email</label>
        <input id="login-id" name="username" autoComplete="username" required value={loginId} onChange={(e) => setLoginId(e.target.value)} />
        <label htmlFor="login-password">Password</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" disabled={login.busy}>
          {login.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ActionStatus outcome={login.outcome} id="login" />
      </form>
      <SsoButtons redirectTo={safeReturnPath(new URLSearchParams(window.location.search).get('redirect_to'))} />
    </main>
  );
}

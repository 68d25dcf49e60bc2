// Sign in with a username or email address and a password (POST /users/login, which sets the
// session cookies); the server's refusal is shown beside the form. When the account has MFA on, the
// server answers that a code is needed (mfa.validate_token.authenticate.app_error, as Mattermost's
// web app expects) and the form asks for the code from the authenticator app, then signs in again.
// With AD/LDAP on, the same form takes directory credentials and its label names the directory's
// login field (LdapSettings.LoginFieldName), as Mattermost's login page does. The label names only
// the login ids the server takes (EmailSettings.EnableSignInWithEmail / EnableSignInWithUsername);
// with both off and no AD/LDAP, the form hides behind a link for system admins, who still sign in
// with a password, and people use the sign-in buttons.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorId } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { SsoButtons } from './sso-buttons.tsx';
import { safeReturnPath } from './navigation.ts';
import { clientConfig } from './chat/client-config.ts';

const CODE_NEEDED = 'mfa.validate_token.authenticate.app_error';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (user: UserProfile) => void }) {
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');
  const codeInput = useRef<HTMLInputElement>(null);
  const login = useAction();
  const [loginLabel, setLoginLabel] = useState('Username or email');
  // The password form hides while password sign-in is off, until an admin asks for it.
  const [showForm, setShowForm] = useState(true);
  useEffect(() => {
    clientConfig().then(
      (config) => {
        const kinds = [
          config.EnableSignInWithUsername !== 'false' ? 'username' : '',
          config.EnableSignInWithEmail !== 'false' ? 'email' : '',
          config.EnableLdap === 'true' ? config.LdapLoginFieldName || 'AD/LDAP username' : '',
        ].filter(Boolean);
        if (kinds.length > 0) setLoginLabel(loginIdLabel(kinds));
        setShowForm(kinds.length > 0);
      },
      () => setShowForm(true),
    );
  }, []);
  // The code field takes the focus once it is on the page (after the commit that adds it).
  useEffect(() => {
    if (askCode) codeInput.current?.focus();
  }, [askCode]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let user: UserProfile | undefined;
    let codeNeeded = false;
    await login.run(async () => {
      try {
        user = await client.login(loginId.trim(), password, askCode ? code.trim() : '');
      } catch (err) {
        codeNeeded = !askCode && errorId(err) === CODE_NEEDED;
        if (!codeNeeded) throw err;
        return 'Enter the code from your authenticator app.';
      }
      return 'Signed in.';
    });
    if (user) onLoggedIn(user);
    else if (codeNeeded) setAskCode(true);
  };

  return (
    <main className="login">
      <PageHeading>Sign in to Parley</PageHeading>
      {new URLSearchParams(window.location.search).get('extra') === 'signin_change' && <p role="status">Your sign-in method was changed: sign in the new way.</p>}
      {!showForm && (
        <p>
          Sign in with one of the buttons below.{' '}
          <button type="button" className="quiet" onClick={() => setShowForm(true)}>
            System administrator sign-in
          </button>
        </p>
      )}
      {showForm && (
        <form onSubmit={submit} aria-describedby="login-error" noValidate>
          <label htmlFor="login-id">{loginLabel}</label>
          <input id="login-id" name="username" autoComplete="username" required value={loginId} onChange={(e) => setLoginId(e.target.value)} />
          <label htmlFor="login-password">Password</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          {askCode && (
            <>
              <label htmlFor="login-mfa-code">MFA code</label>
              <input
                id="login-mfa-code"
                ref={codeInput}
                name="token"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </>
          )}
          <button type="submit" disabled={login.busy}>
            {login.busy ? 'Signing in…' : 'Sign in'}
          </button>
          <ActionStatus outcome={login.outcome} id="login" />
          <NavLink to="/reset_password">Forgot your password?</NavLink>
        </form>
      )}
      <SsoButtons redirectTo={safeReturnPath(new URLSearchParams(window.location.search).get('redirect_to'))} />
    </main>
  );
}

/** The login field's label: the kinds of login id the server takes ("Username, email or AD/LDAP username"). */
function loginIdLabel(kinds: string[]): string {
  const text = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}` : kinds[0];
  return text.charAt(0).toUpperCase() + text.slice(1);
}

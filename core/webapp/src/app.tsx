// The app's top: who is signed in (GET /users/me with the session cookie), then the login page,
// a plugin's page (/plug/...), the System Console (/admin_console, loaded only when opened), or the
// chat, which answers every other address (`/`, /<team>/channels/<name>, ...).
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorStatus, errorText } from './client.ts';
import { navigate, safeReturnPath, usePath } from './navigation.ts';
import { LoginPage } from './login-page.tsx';
import { NotAdminPage } from './not-admin-page.tsx';
import { ErrorPage } from './error-page.tsx';
import { PasswordResetCompletePage, PasswordResetSendPage } from './password-reset-page.tsx';
import { ChatApp } from './chat/chat-app.tsx';
import { takeEarly } from './chat/take-early.ts';
import { EARLY_PATHS } from './startup/early-answers.ts';
import { clientConfig } from './chat/client-config.ts';
import type { FirstView } from './first-view.ts';

// Most people never open these: their code is fetched the first time they are, keeping the chat's first load small.
const SystemConsole = lazy(() => import('./system-console.tsx').then((m) => ({ default: m.SystemConsole })));
const MfaRequiredPage = lazy(() => import('./mfa-required-page.tsx').then((m) => ({ default: m.MfaRequiredPage })));
const PluginViewPage = lazy(() => import('./plugin-view-page.tsx').then((m) => ({ default: m.PluginViewPage })));

const CHAT_HOME = '/';

/** undefined while asking the server, null when nobody is signed in. */
type Me = UserProfile | null | undefined;

/** `firstView`: what main.tsx prepared before the first render (first-view.ts); the rest is asked here. */
export function App({ firstView = {} }: { firstView?: FirstView }) {
  const path = usePath();
  const [me, setMe] = useState<Me>(firstView.me);
  const [problem, setProblem] = useState('');
  /** Whether the server enforces MFA, asked only of people without it (undefined until known). */
  const [mfaEnforced, setMfaEnforced] = useState<boolean | undefined>(firstView.mfaEnforced);
  // The prepared chat serves the first ChatApp only: signing out and in again starts afresh.
  const preparedChat = useRef(firstView.chat);
  useEffect(() => {
    preparedChat.current = undefined;
  }, []);

  useEffect(() => {
    if (firstView.me !== undefined) return;
    takeEarly(EARLY_PATHS.me, () => client.getMe(), { final: true }).then(setMe, (err: unknown) => {
      if (errorStatus(err) === 401) setMe(null);
      else setProblem(`The server could not be reached: ${errorText(err)}`);
    });
    // Once per page: firstView is what main.tsx found before the first render.
  }, []);

  // Without MFA, everything but setting it up is refused where it is enforced: ask before the chat
  // starts (the chat reads the same config, fetched once per page).
  const withoutMfa = me ? !me.mfa_active && !me.is_bot : false;
  useEffect(() => {
    if (withoutMfa && mfaEnforced === undefined) clientConfig().then((config) => setMfaEnforced(config.EnforceMultifactorAuthentication === 'true'), () => setMfaEnforced(false));
  }, [withoutMfa]);

  const onLoginPage = path === '/login' || path.startsWith('/login/');
  // The error page speaks to whoever arrives, signed in or not (a refused sign-in lands there).
  const onErrorPage = path === '/error';
  // So do the password reset pages (the mailed link opens the second).
  const onResetPage = path === '/reset_password' || path === '/reset_password_complete';
  useEffect(() => {
    if (me === null && !onLoginPage && !onErrorPage && !onResetPage) navigate(path === CHAT_HOME ? '/login' : `/login?redirect_to=${encodeURIComponent(path)}`, { replace: true });
  }, [me, path, onLoginPage, onErrorPage, onResetPage]);

  const logOut = async () => {
    // A SAML session ends at the identity provider too: the server's /logout sends the browser there.
    if (me?.auth_service === 'saml') {
      window.location.assign('/logout');
      return;
    }
    await client.logout().catch(() => undefined); // the session is gone either way once the cookies are cleared
    setMe(null);
    navigate('/login');
  };

  if (path === '/reset_password') return <PasswordResetSendPage />;
  if (path === '/reset_password_complete') return <PasswordResetCompletePage />;
  if (onErrorPage) return <ErrorPage />;
  if (problem) return <p role="alert" className="error page-message">{problem}</p>;
  if (onLoginPage) {
    return (
      <LoginPage
        onLoggedIn={(user) => {
          setMe(user);
          navigate(safeReturnPath(new URLSearchParams(window.location.search).get('redirect_to')) ?? CHAT_HOME);
        }}
      />
    );
  }
  if (!me) return <p role="status" className="page-message">Loading…</p>;
  if (withoutMfa && mfaEnforced === undefined) return <p role="status" className="page-message">Loading…</p>;
  const loading = <p role="status" className="page-message">Loading…</p>;
  if (withoutMfa && mfaEnforced) {
    return (
      <Suspense fallback={loading}>
        <MfaRequiredPage user={me} onActivated={() => setMe({ ...me, mfa_active: true })} onLogOut={logOut} />
      </Suspense>
    );
  }
  // Plugin pages are for every signed-in user, not only system admins.
  if (path.startsWith('/plug/')) {
    return (
      <Suspense fallback={loading}>
        <PluginViewPage path={path} user={me} />
      </Suspense>
    );
  }
  if (path === '/admin_console' || path.startsWith('/admin_console/')) {
    if (!me.roles.split(' ').includes('system_admin')) return <NotAdminPage user={me} onLogOut={logOut} />;
    return (
      <Suspense fallback={loading}>
        <SystemConsole path={path} user={me} onLogOut={logOut} />
      </Suspense>
    );
  }
  return <ChatApp key={me.id} me={me} onLogOut={logOut} prepared={preparedChat.current} />;
}

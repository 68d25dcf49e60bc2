// The app's top: who is signed in (GET /users/me with the session cookie), then the login page,
// a plugin's page (/plug/...), the System Console, or the page telling a user that the console is
// for system admins.
import { useEffect, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorStatus, errorText } from './client.ts';
import { navigate, safeReturnPath, usePath } from './navigation.ts';
import { LoginPage } from './login-page.tsx';
import { NotAdminPage } from './not-admin-page.tsx';
import { SystemConsole } from './system-console.tsx';
import { PluginViewPage } from './plugin-view-page.tsx';

const CONSOLE_HOME = '/admin_console';

/** undefined while asking the server, null when nobody is signed in. */
type Me = UserProfile | null | undefined;

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me>(undefined);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    client.getMe().then(setMe, (err: unknown) => {
      if (errorStatus(err) === 401) setMe(null);
      else setProblem(`The server could not be reached: ${errorText(err)}`);
    });
  }, []);

  const onLoginPage = path === '/login' || path.startsWith('/login/');
  useEffect(() => {
    if (me === null && !onLoginPage) navigate(`/login?redirect_to=${encodeURIComponent(path)}`, { replace: true });
    if (me && path === '/') navigate(CONSOLE_HOME, { replace: true });
  }, [me, path, onLoginPage]);

  const logOut = async () => {
    await client.logout().catch(() => undefined); // the session is gone either way once the cookies are cleared
    setMe(null);
    navigate('/login');
  };

  if (problem) return <p role="alert" className="error page-message">{problem}</p>;
  if (onLoginPage) {
    return (
      <LoginPage
        onLoggedIn={(user) => {
          setMe(user);
          navigate(safeReturnPath(new URLSearchParams(window.location.search).get('redirect_to')) ?? CONSOLE_HOME);
        }}
      />
    );
  }
  if (!me) return <p role="status" className="page-message">Loading…</p>;
  // Plugin pages are for every signed-in user, not only system admins.
  if (path.startsWith('/plug/')) return <PluginViewPage path={path} user={me} />;
  if (!me.roles.split(' ').includes('system_admin')) return <NotAdminPage user={me} onLogOut={logOut} />;
  return <SystemConsole path={path} user={me} onLogOut={logOut} />;
}

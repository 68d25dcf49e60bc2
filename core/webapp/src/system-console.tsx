// The System Console: a header, the left navigation, and the page the path names.
import { Fragment, useEffect } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { navigate } from './navigation.ts';
import { NavLink } from './nav-link.tsx';
import { PageHeading } from './page-heading.tsx';
import { MarketplacePage } from './marketplace-page.tsx';
import { PluginManagementPage } from './plugin-management-page.tsx';
import { PluginSettingsPage } from './plugin-settings-page.tsx';
import { SiteConfigurationPage } from './site-configuration-page.tsx';
import { OpenIdConnectPage } from './openid-connect-page.tsx';
import { SamlPage } from './saml-page.tsx';
import { SignupPage } from './signup-page.tsx';
import { EmailAuthPage } from './email-auth-page.tsx';
import { PasswordPage } from './password-page.tsx';
import { MfaPage } from './mfa-page.tsx';
import { LdapPage } from './ldap-page.tsx';
import { GuestAccessPage } from './guest-access-page.tsx';
import { UsersPage } from './users-page.tsx';
import { UserPage } from './user-page.tsx';
import { TeamsPage } from './teams-page.tsx';
import { TeamPage } from './team-page.tsx';
import { ChannelsPage } from './channels-page.tsx';
import { ChannelPage } from './channel-page.tsx';
import { PAGES } from './console-paths.ts';

const PLUGIN_SETTINGS = /^\/admin_console\/plugins\/plugin_(.+)$/;
const USER_PAGE = /^\/admin_console\/user_management\/user\/([a-z0-9]{26})$/;
const TEAM_PAGE = /^\/admin_console\/user_management\/teams\/([a-z0-9]{26})$/;
const CHANNEL_PAGE = /^\/admin_console\/user_management\/channels\/([a-z0-9]{26})$/;

/** The left navigation: Mattermost's sections and page names. */
const NAVIGATION: Array<{ id: string; title: string; links: Array<[to: string, name: string]> }> = [
  {
    id: 'nav-users',
    title: 'User Management',
    links: [
      [PAGES.users, 'Users'],
      [PAGES.teams, 'Teams'],
      [PAGES.channels, 'Channels'],
    ],
  },
  {
    id: 'nav-plugins',
    title: 'Plugins',
    links: [
      [PAGES.marketplace, 'Marketplace'],
      [PAGES.pluginManagement, 'Plugin Management'],
    ],
  },
  { id: 'nav-site', title: 'Site', links: [[PAGES.siteConfiguration, 'Site Configuration']] },
  {
    id: 'nav-authentication',
    title: 'Authentication',
    links: [
      [PAGES.signup, 'Signup'],
      [PAGES.email, 'Email'],
      [PAGES.password, 'Password'],
      [PAGES.mfa, 'MFA'],
      [PAGES.ldap, 'AD/LDAP'],
      [PAGES.saml, 'SAML 2.0'],
      [PAGES.openIdConnect, 'OpenID Connect'],
      [PAGES.guestAccess, 'Guest Access'],
    ],
  },
];

export function SystemConsole({ path, user, onLogOut }: { path: string; user: UserProfile; onLogOut: () => void }) {
  const atHome = path === '/admin_console' || path === '/admin_console/';
  useEffect(() => {
    if (atHome) navigate(PAGES.marketplace, { replace: true });
  }, [atHome]);

  return (
    <div className="console">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="console-header">
        <span className="product">Parley System Console</span>
        <span className="who">Signed in as @{user.username}</span>
        <button type="button" onClick={onLogOut}>
          Log out
        </button>
      </header>
      <nav className="console-nav" aria-label="System Console">
        {NAVIGATION.map((section) => (
          <Fragment key={section.id}>
            <h2 id={section.id}>{section.title}</h2>
            <ul aria-labelledby={section.id}>
              {section.links.map(([to, name]) => (
                <li key={to}>
                  <NavLink to={to} current={path === to || path.startsWith(`${to}/`) || (to === PAGES.users && USER_PAGE.test(path))}>
                    {name}
                  </NavLink>
                </li>
              ))}
            </ul>
          </Fragment>
        ))}
      </nav>
      <main id="content" className="console-page" tabIndex={-1}>
        {page(path)}
      </main>
    </div>
  );
}

function page(path: string) {
  if (path === PAGES.marketplace) return <MarketplacePage />;
  if (path === PAGES.pluginManagement) return <PluginManagementPage />;
  if (path === PAGES.siteConfiguration) return <SiteConfigurationPage />;
  if (path === PAGES.openIdConnect) return <OpenIdConnectPage />;
  if (path === PAGES.saml) return <SamlPage />;
  if (path === PAGES.signup) return <SignupPage />;
  if (path === PAGES.email) return <EmailAuthPage />;
  if (path === PAGES.password) return <PasswordPage />;
  if (path === PAGES.mfa) return <MfaPage />;
  if (path === PAGES.ldap) return <LdapPage />;
  if (path === PAGES.guestAccess) return <GuestAccessPage />;
  if (path === PAGES.users) return <UsersPage />;
  if (path === PAGES.teams) return <TeamsPage />;
  if (path === PAGES.channels) return <ChannelsPage />;
  const user = USER_PAGE.exec(path);
  if (user) return <UserPage key={user[1]} userId={user[1]} />;
  const team = TEAM_PAGE.exec(path);
  if (team) return <TeamPage key={team[1]} teamId={team[1]} />;
  const channel = CHANNEL_PAGE.exec(path);
  if (channel) return <ChannelPage key={channel[1]} channelId={channel[1]} />;
  const settings = PLUGIN_SETTINGS.exec(path);
  if (settings) return <PluginSettingsPage key={settings[1]} pluginId={decodeURIComponent(settings[1])} />;
  if (path === '/admin_console' || path === '/admin_console/') return null;
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p>The System Console has no page at {path}. Choose one in the navigation.</p>
    </>
  );
}

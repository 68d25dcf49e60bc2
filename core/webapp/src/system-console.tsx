// The System Console: a header, the left navigation, and the page the path names.
import { useEffect } from 'react';
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
import { PAGES } from './console-paths.ts';

const PLUGIN_SETTINGS = /^\/admin_console\/plugins\/plugin_(.+)$/;

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
        <h2 id="nav-plugins">Plugins</h2>
        <ul aria-labelledby="nav-plugins">
          <li>
            <NavLink to={PAGES.marketplace}>Marketplace</NavLink>
          </li>
          <li>
            <NavLink to={PAGES.pluginManagement}>Plugin Management</NavLink>
          </li>
        </ul>
        <h2 id="nav-site">Site</h2>
        <ul aria-labelledby="nav-site">
          <li>
            <NavLink to={PAGES.siteConfiguration}>Site Configuration</NavLink>
          </li>
        </ul>
        <h2 id="nav-authentication">Authentication</h2>
        <ul aria-labelledby="nav-authentication">
          <li>
            <NavLink to={PAGES.openIdConnect}>OpenID Connect</NavLink>
          </li>
          <li>
            <NavLink to={PAGES.saml}>SAML 2.0</NavLink>
          </li>
        </ul>
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

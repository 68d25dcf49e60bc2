// A plugin's view on a page of its own, at Mattermost's address for plugin pages:
// /plug/<plugin_id>/<view_id> (optionally ?team_id=&channel_id= for the view's context). Any
// signed-in user may open it; the view gets only what the bridge gives (plugin-view-frame.tsx).
import { useEffect, useMemo, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import type { MediaPermission, UiContract, UiView } from '@parley/plugin-api';
import type { ViewContext } from '@parley/plugin-api/view';
import { client, errorText } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { PluginViewFrame } from './plugin-view-frame.tsx';

/** GET /api/v4/plugins/ui: the running plugins' UI contracts. */
interface PluginUi {
  plugin_id: string;
  ui: Omit<UiContract, 'views'> & { views: Array<UiView & { url: string }> };
  media: MediaPermission[];
}

/** The colours a view is told (Mattermost's default theme's keys and values). */
const THEME: Record<string, string> = {
  sidebarBg: '#1e325c',
  sidebarText: '#ffffff',
  centerChannelBg: '#ffffff',
  centerChannelColor: '#3f4350',
  buttonBg: '#1c58d9',
  buttonColor: '#ffffff',
  linkColor: '#386fe5',
  errorTextColor: '#d24b4e',
};

export function PluginViewPage({ path, user }: { path: string; user: UserProfile }) {
  const [, , pluginId = '', viewId = ''] = path.split('/').map(decodeURIComponent);
  const [contracts, setContracts] = useState<PluginUi[] | undefined>(undefined);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    fetch(`${client.getBaseRoute()}/plugins/ui`, { credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        setContracts((await response.json()) as PluginUi[]);
      })
      .catch((err: unknown) => setProblem(`The plugins' pages could not be listed: ${errorText(err)}`));
  }, []);

  const query = new URLSearchParams(window.location.search);
  const teamId = query.get('team_id') ?? '';
  const channelId = query.get('channel_id') ?? '';
  const context = useMemo<ViewContext>(
    () => ({ plugin_id: pluginId, view_id: viewId, user: { id: user.id, username: user.username, locale: user.locale }, team_id: teamId, channel_id: channelId, theme: THEME }),
    [pluginId, viewId, user, teamId, channelId],
  );

  if (problem) return <p role="alert" className="error page-message">{problem}</p>;
  if (!contracts) return <p role="status" className="page-message">Loading…</p>;
  const plugin = contracts.find((c) => c.plugin_id === pluginId);
  const view = plugin?.ui.views.find((v) => v.id === viewId);
  if (!plugin || !view) {
    return (
      <main className="page-message">
        <PageHeading>Page not found</PageHeading>
        <p>No running plugin has a view at this address.</p>
      </main>
    );
  }
  return (
    <main className="plugin-view-page">
      <PageHeading>{view.title}</PageHeading>
      <PluginViewFrame pluginId={pluginId} view={view} context={context} media={plugin.media} />
    </main>
  );
}

// A plugin's view on a page of its own, at Mattermost's address for plugin pages:
// /plug/<plugin_id>/<view_id> (optionally ?team_id=&channel_id= for the view's context), and any
// sub-path after it (/plug/<plugin_id>/<view_id>/runs/abc), handed to the view as `context.path` for
// its deep links. Any signed-in user may open it; the view gets only what the bridge gives
// (plugin-view-frame.tsx), whatever the sub-path says: the frame is always the view's own page.
import { useMemo } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import type { ViewContext } from '@parley/plugin-api/view';
import { PageHeading } from './page-heading.tsx';
import { PluginViewFrame } from './plugin-view-frame.tsx';
import { findView, usePluginUi } from './plugin-surfaces/plugin-ui-store.ts';
import { VIEW_THEME } from './plugin-surfaces/view-theme.ts';

export function PluginViewPage({ path, user }: { path: string; user: UserProfile }) {
  const [, , pluginSegment = '', viewSegment = '', ...rest] = path.split('/');
  const pluginId = decodeURIComponent(pluginSegment);
  const viewId = decodeURIComponent(viewSegment);
  const subPath = rest.length > 0 ? `/${rest.join('/')}` : '';
  const { plugins, failed } = usePluginUi();

  const query = new URLSearchParams(window.location.search);
  const teamId = query.get('team_id') ?? '';
  const channelId = query.get('channel_id') ?? '';
  const context = useMemo<ViewContext>(
    () => ({ plugin_id: pluginId, view_id: viewId, user: { id: user.id, username: user.username, locale: user.locale }, team_id: teamId, channel_id: channelId, theme: VIEW_THEME, path: subPath }),
    [pluginId, viewId, user, teamId, channelId, subPath],
  );

  if (failed && !plugins?.length) return <p role="alert" className="error page-message">The plugins' pages could not be listed: {failed}</p>;
  if (!plugins) return <p role="status" className="page-message">Loading…</p>;
  const found = findView(plugins, pluginId, viewId);
  if (!found) {
    return (
      <main className="page-message">
        <PageHeading>Page not found</PageHeading>
        <p>No running plugin has a view at this address.</p>
      </main>
    );
  }
  return (
    <main className="plugin-view-page">
      <PageHeading>{found.view.title}</PageHeading>
      {/* A new sub-path loads the view again: it reads its context once, when it connects. */}
      <PluginViewFrame key={subPath} pluginId={pluginId} view={found.view} context={context} media={found.media} />
    </main>
  );
}

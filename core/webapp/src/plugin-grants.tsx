// What an installed plugin may do, from its manifest, for the admin deciding to enable it: the API
// groups and hosts it was granted, the core paths it serves, what it shows in the web client and the
// media its views may use.
import type { PluginManifest } from '@mattermost/types/plugins';
import type { Manifest, UiContract } from '@parley/plugin-api';

const PLACEMENTS: Record<string, string> = { rhs: 'right-hand sidebar', modal: 'dialog window', page: 'full page' };
/** Grants that act with a user's authority, spelt out for the admin. */
const USER_AUTHORITY: Record<string, string> = { 'commands.execute': 'commands.execute (runs slash commands as users)' };
const MEDIA: Record<string, string> = { microphone: 'microphone', camera: 'camera', 'display-capture': 'screen sharing' };

/** Parley's fields of a manifest (Mattermost's PluginManifest type does not know them). */
type Granted = Pick<Manifest, 'permissions' | 'ui'>;

export function PluginGrants({ manifest, domId }: { manifest: PluginManifest | undefined; domId: string }) {
  const { permissions, ui } = (manifest ?? {}) as Partial<Granted>;
  const api = permissions?.api ?? [];
  const hosts = permissions?.http_hosts ?? [];
  const routes = permissions?.core_routes ?? [];
  const media = permissions?.media ?? [];
  const surfaces = describeSurfaces(ui);
  return (
    <dl className="plugin-grants" aria-label="What it may do" id={`${domId}-grants`}>
      <dt>API access</dt>
      <dd>{api.length > 0 ? api.map((p) => USER_AUTHORITY[p] ?? p).join(', ') : 'none'}</dd>
      {hosts.length > 0 && (
        <>
          <dt>Outbound HTTP to</dt>
          <dd>{hosts.join(', ')}</dd>
        </>
      )}
      {routes.length > 0 && (
        <>
          <dt>Serves core paths</dt>
          <dd>{routes.join(', ')}</dd>
        </>
      )}
      <dt>In the web client</dt>
      <dd>{surfaces.length > 0 ? surfaces.join('; ') : 'nothing'}</dd>
      {media.length > 0 && (
        <>
          <dt>Media its views may ask for</dt>
          <dd>{media.map((m) => MEDIA[m] ?? m).join(', ')}</dd>
        </>
      )}
    </dl>
  );
}

function describeSurfaces(ui: UiContract | undefined): string[] {
  if (!ui) return [];
  const count = (items: unknown[] | undefined, one: string, many: string) => (items && items.length > 0 ? [`${items.length} ${items.length === 1 ? one : many}`] : []);
  return [
    ...count(ui.channel_header_buttons, 'channel header button', 'channel header buttons'),
    ...count(ui.post_menu_actions, 'post menu action', 'post menu actions'),
    ...count(ui.app_bar_items, 'app bar item', 'app bar items'),
    ...count(ui.slash_command_hooks, 'slash command hook', 'slash command hooks'),
    ...count(ui.post_types, 'custom post type', 'custom post types'),
    ...(ui.views ?? []).map((view) => `view "${view.title}" (${PLACEMENTS[view.placement] ?? view.placement}, sandboxed)`),
  ];
}

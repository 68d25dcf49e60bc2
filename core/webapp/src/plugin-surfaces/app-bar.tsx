// The app bar: one icon per plugin item (ui.app_bar_items), at the edge of the client.
import { publicFileUrl, usePluginUi } from './plugin-ui-store.ts';
import { SurfaceButton } from './surface-button.tsx';
import type { SurfacePlace } from './surface-action.ts';
import './plugin-surfaces.css';

export function AppBar({ place }: { place: SurfacePlace }) {
  const { plugins = [] } = usePluginUi();
  const items = plugins.flatMap((plugin) => (plugin.ui.app_bar_items ?? []).map((surface) => ({ plugin, surface })));
  if (items.length === 0) return null;
  return (
    <nav className="surface-app-bar" aria-label="Apps">
      {items.map(({ plugin, surface }) => (
        <SurfaceButton key={`${plugin.plugin_id}/${surface.id}`} pluginId={plugin.plugin_id} surfaceId={surface.id} action={surface.action} place={place} className="surface-app-bar-item" label={surface.label}>
          {surface.icon ? <img src={publicFileUrl(plugin.plugin_id, surface.icon)} alt="" width={24} height={24} /> : <span aria-hidden="true">{surface.label.slice(0, 1).toUpperCase()}</span>}
        </SurfaceButton>
      ))}
    </nav>
  );
}

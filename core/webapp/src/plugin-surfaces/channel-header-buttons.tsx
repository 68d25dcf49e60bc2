// The channel header's plugin buttons (ui.channel_header_buttons of every running plugin).
import { publicFileUrl, usePluginUi } from './plugin-ui-store.ts';
import { SurfaceButton } from './surface-button.tsx';
import type { SurfacePlace } from './surface-action.ts';
import './plugin-surfaces.css';

export function ChannelHeaderButtons({ place }: { place: SurfacePlace }) {
  const { plugins = [] } = usePluginUi();
  const buttons = plugins.flatMap((plugin) => (plugin.ui.channel_header_buttons ?? []).map((surface) => ({ plugin, surface })));
  if (buttons.length === 0) return null;
  return (
    <div className="surface-header-buttons" role="group" aria-label="Plugin actions">
      {buttons.map(({ plugin, surface }) => (
        <SurfaceButton key={`${plugin.plugin_id}/${surface.id}`} pluginId={plugin.plugin_id} surfaceId={surface.id} action={surface.action} place={place} className="surface-header-button" label={surface.label}>
          {surface.icon ? <img src={publicFileUrl(plugin.plugin_id, surface.icon)} alt="" width={16} height={16} /> : null}
          <span className={surface.icon ? 'surface-label-beside-icon' : undefined}>{surface.label}</span>
        </SurfaceButton>
      ))}
    </div>
  );
}

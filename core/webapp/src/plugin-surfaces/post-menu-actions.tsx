// A post menu's plugin items (ui.post_menu_actions of every running plugin), as menu items.
import { usePluginUi } from './plugin-ui-store.ts';
import { SurfaceButton } from './surface-button.tsx';
import type { SurfacePlace } from './surface-action.ts';

export function PostMenuActions({ place, onDone }: { place: SurfacePlace; onDone: () => void }) {
  const { plugins = [] } = usePluginUi();
  return (
    <>
      {plugins.flatMap((plugin) =>
        (plugin.ui.post_menu_actions ?? []).map((surface) => (
          <SurfaceButton key={`${plugin.plugin_id}/${surface.id}`} role="menuitem" pluginId={plugin.plugin_id} surfaceId={surface.id} action={surface.action} place={place} onDone={onDone}>
            {surface.label}
          </SurfaceButton>
        )),
      )}
    </>
  );
}

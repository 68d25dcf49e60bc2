// What plugin surfaces do in the chat (plugin-surfaces/surface-action.ts's SurfaceHost): a view opens
// where its manifest places it — the right-hand panel (or a modal drawn from it), or its own page —
// and a dialog opens as the screen's interactive dialog.
import { useMemo, type ReactNode } from 'react';
import type { Dialog } from '@mattermost/types/integrations';
import { navigate } from '../navigation.ts';
import { SurfaceHostContext, type SurfaceHost } from '../plugin-surfaces/surface-action.ts';
import { currentPluginUi } from '../plugin-surfaces/plugin-ui-store.ts';
import { pluginPageUrl, viewPlacement } from '../plugin-surfaces/plugin-view-host.tsx';
import { useChatStore } from './chat-store.ts';

export function ChatSurfaceHost({ children }: { children: ReactNode }) {
  const store = useChatStore();
  const host = useMemo<SurfaceHost>(
    () => ({
      openView: (pluginId, viewId, place) => {
        const view = { pluginId, viewId, place };
        if (viewPlacement(currentPluginUi(), view) === 'page') navigate(pluginPageUrl(view));
        else store.update(() => ({ rhs: { kind: 'plugin', view } }));
      },
      openDialog: (request) => store.update(() => ({ dialog: { url: request.url, dialog: request.dialog as unknown as Dialog, triggerId: request.triggerId, teamId: request.place.teamId, channelId: request.place.channelId } })),
    }),
    [store],
  );
  return <SurfaceHostContext.Provider value={host}>{children}</SurfaceHostContext.Provider>;
}

// What plugin surfaces do in the chat (plugin-surfaces/surface-action.ts's SurfaceHost): a view opens
// where its manifest places it — the right-hand panel, a modal, or its own page — and a dialog opens
// as the screen's interactive dialog. Only one plugin view is open beside the channel at a time.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Dialog } from '@mattermost/types/integrations';
import { navigate } from '../navigation.ts';
import { SurfaceHostContext, type SurfaceHost } from '../plugin-surfaces/surface-action.ts';
import { currentPluginUi } from '../plugin-surfaces/plugin-ui-store.ts';
import { PluginViewHost, pluginPageUrl, viewPlacement, type OpenView } from '../plugin-surfaces/plugin-view-host.tsx';
import { useChat, useChatStore } from './chat-store.ts';

const OpenViewContext = createContext<{ view: OpenView | null; close: () => void }>({ view: null, close: () => undefined });

export function ChatSurfaceHost({ children }: { children: ReactNode }) {
  const store = useChatStore();
  const [view, setView] = useState<OpenView | null>(null);
  const host = useMemo<SurfaceHost>(
    () => ({
      openView: (pluginId, viewId, place) => {
        const open = { pluginId, viewId, place };
        if (viewPlacement(currentPluginUi(), open) === 'page') navigate(pluginPageUrl(open));
        else setView(open);
      },
      openDialog: (request) => store.update(() => ({ dialog: { url: request.url, dialog: request.dialog as unknown as Dialog, triggerId: request.triggerId } })),
    }),
    [store],
  );
  const opened = useMemo(() => ({ view, close: () => setView(null) }), [view]);
  return (
    <SurfaceHostContext.Provider value={host}>
      <OpenViewContext.Provider value={opened}>{children}</OpenViewContext.Provider>
    </SurfaceHostContext.Provider>
  );
}

/** The plugin view opened beside the channel (or as a modal), if any. */
export function OpenPluginView() {
  const { view, close } = useContext(OpenViewContext);
  const me = useChat((s) => s.me);
  if (!view) return null;
  return <PluginViewHost key={`${view.pluginId}/${view.viewId}`} open={view} user={me} onClose={close} />;
}

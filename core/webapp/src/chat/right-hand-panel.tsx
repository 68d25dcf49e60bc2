// The right-hand panel beside the channel: one panel at a time, chosen in the store (`rhs`) by
// whatever opens it, and closed by its close button or by opening another.
import { useCallback } from 'react';
import { PluginViewHost, type OpenView } from '../plugin-surfaces/plugin-view-host.tsx';
import { useChat, useChatStore } from './chat-store.ts';
import { ThreadPanel } from './threads/thread-panel.tsx';
import { SearchResults } from './search-results.tsx';
import { ViewPanelHost } from './views/view-panel-host.tsx';
import type { ViewPanel } from './views/view-panels.ts';

/** What the right-hand panel shows. */
export type RhsPanel = { kind: 'plugin'; view: OpenView } | { kind: 'thread'; rootId: string; teamId: string } | { kind: 'search'; teamId: string; terms: string } | ViewPanel;

export function RightHandPanel() {
  const store = useChatStore();
  const rhs = useChat((s) => s.rhs);
  const me = useChat((s) => s.me);
  const teams = useChat((s) => s.teams);
  const close = useCallback(() => store.update((s) => (s.rhs === rhs ? { rhs: null } : {})), [store, rhs]);
  if (!rhs) return null;
  switch (rhs.kind) {
    case 'plugin':
      return <PluginViewHost key={`${rhs.view.pluginId}/${rhs.view.viewId}`} open={rhs.view} user={me} onClose={close} />;
    case 'thread':
      return <ThreadPanel key={rhs.rootId} rootId={rhs.rootId} teamId={rhs.teamId} onClose={close} />;
    case 'search':
      return teams[rhs.teamId] ? <SearchResults key={`${rhs.teamId}/${rhs.terms}`} team={teams[rhs.teamId]} terms={rhs.terms} onClose={close} /> : null;
    default:
      return <ViewPanelHost panel={rhs} onClose={close} />;
  }
}

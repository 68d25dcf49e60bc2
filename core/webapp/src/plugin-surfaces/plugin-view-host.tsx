// A plugin's view opened from a surface, where its manifest places it: the right-hand panel, a modal
// dialog, or a page of its own (/plug/<plugin_id>/<view_id>, plugin-view-page.tsx).
import { useContext, useEffect, useMemo } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import type { ViewContext } from '@parley/plugin-api/view';
import { PluginViewFrame } from '../plugin-view-frame.tsx';
import { ModalDialog } from '../modal-dialog.tsx';
import { ChatSocketContext } from '../chat/chat-socket-context.ts';
import { findView, usePluginUi } from './plugin-ui-store.ts';
import type { SurfacePlace } from './surface-action.ts';
import { VIEW_THEME } from './view-theme.ts';
import './plugin-surfaces.css';

/** A view a surface asked for. */
export interface OpenView {
  pluginId: string;
  viewId: string;
  place: SurfacePlace;
}

/** Where an open view goes: 'page' views are navigated to instead (pluginPageUrl). */
export function viewPlacement(plugins: Parameters<typeof findView>[0], open: OpenView): 'rhs' | 'modal' | 'page' | undefined {
  return findView(plugins, open.pluginId, open.viewId)?.view.placement;
}

/** The address of a view's own page, with where it was opened as its context. */
export function pluginPageUrl(open: OpenView): string {
  const query = new URLSearchParams({ team_id: open.place.teamId, channel_id: open.place.channelId });
  return `/plug/${encodeURIComponent(open.pluginId)}/${encodeURIComponent(open.viewId)}?${query}`;
}

export function PluginViewHost({ open, user, onClose }: { open: OpenView; user: UserProfile; onClose: () => void }) {
  const { plugins = [] } = usePluginUi();
  const found = findView(plugins, open.pluginId, open.viewId);
  // Inside the chat, the view's events come over the chat's own socket.
  const events = useContext(ChatSocketContext) ?? undefined;
  const context = useMemo<ViewContext>(
    () => ({ plugin_id: open.pluginId, view_id: open.viewId, user: { id: user.id, username: user.username, locale: user.locale }, team_id: open.place.teamId, channel_id: open.place.channelId, theme: VIEW_THEME, path: '' }),
    [open, user],
  );
  // A view whose plugin stopped goes with it.
  const gone = !found;
  useEffect(() => {
    if (gone) onClose();
  }, [gone, onClose]);
  if (!found) return null;
  const frame = <PluginViewFrame pluginId={open.pluginId} view={found.view} context={context} media={found.media} events={events} />;
  if (found.view.placement === 'modal') {
    return (
      <ModalDialog title={found.view.title} onClose={onClose}>
        <div className="surface-modal-body">{frame}</div>
      </ModalDialog>
    );
  }
  return (
    <aside className="surface-rhs rhs" aria-label={found.view.title}>
      <header>
        <h2>{found.view.title}</h2>
        <button type="button" className="surface-close" aria-label={`Close ${found.view.title}`} onClick={onClose}>
          ×
        </button>
      </header>
      {frame}
    </aside>
  );
}

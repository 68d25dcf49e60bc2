// What using a plugin's surface does (plugin-api's UiAction): ask the server to call the plugin's
// route, open one of its views, or open its dialog. The client shell says where the surface was used
// and how views and dialogs are shown (SurfaceHost); plugins never run code in this page.
import { createContext, useContext } from 'react';
import type { Dialog, UiAction } from '@parley/plugin-api';
import { client, csrfToken } from '../client.ts';
import { navigate, safeReturnPath } from '../navigation.ts';

/** Where a surface was used. */
export interface SurfacePlace {
  teamId: string;
  channelId: string;
  /** The post of a post menu action or custom post; '' elsewhere. */
  postId: string;
}

/** An interactive dialog to show, and where its submission goes. */
export interface DialogRequest {
  url: string;
  dialog: Dialog;
  /** The trigger id the dialog was opened with ('' when the client opened it itself). */
  triggerId: string;
  place: SurfacePlace;
}

/** What the client shell provides to surfaces. */
export interface SurfaceHost {
  openView(pluginId: string, viewId: string, place: SurfacePlace): void;
  openDialog(request: DialogRequest): void;
}

export const SurfaceHostContext = createContext<SurfaceHost | null>(null);

export function useSurfaceHost(): SurfaceHost {
  const host = useContext(SurfaceHostContext);
  if (!host) throw new Error('plugin surfaces are drawn inside a SurfaceHostContext provider');
  return host;
}

/** The server's answer to a route action (Mattermost's PostActionResponse). */
interface RouteAnswer {
  trigger_id?: string;
  goto_location?: string;
}

/** Carries out a surface's action; a failed route call rejects with the server's message. */
export async function runSurfaceAction(pluginId: string, surfaceId: string, action: UiAction, place: SurfacePlace, host: SurfaceHost): Promise<void> {
  if (action.type === 'view') return host.openView(pluginId, action.view, place);
  if (action.type === 'dialog') return host.openDialog({ url: `/plugins/${pluginId}${action.path}`, dialog: action.dialog, triggerId: '', place });
  const response = await fetch(`${client.getBaseRoute()}/plugins/${encodeURIComponent(pluginId)}/ui/${encodeURIComponent(surfaceId)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': csrfToken() },
    body: JSON.stringify({ team_id: place.teamId, channel_id: place.channelId, post_id: place.postId }),
  });
  const answer = (await response.json().catch(() => ({}))) as RouteAnswer & { message?: string };
  if (!response.ok) throw new Error(answer.message ?? `The plugin could not be reached (${response.status}).`);
  if (answer.goto_location) goTo(answer.goto_location);
}

/** Mattermost's goto_location: a page of this client, or another site in a new tab. */
export function goTo(location: string): void {
  const inside = safeReturnPath(location) ?? sameOriginPath(location);
  if (inside) navigate(inside);
  else if (/^https?:\/\//i.test(location)) window.open(location, '_blank', 'noopener,noreferrer');
}

function sameOriginPath(location: string): string | undefined {
  try {
    const url = new URL(location);
    return url.origin === window.location.origin ? url.pathname + url.search + url.hash : undefined;
  } catch {
    return undefined;
  }
}

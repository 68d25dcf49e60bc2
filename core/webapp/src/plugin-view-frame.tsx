// The client's side of a plugin view (plugin-api's view bridge): the view's page in an iframe
// sandboxed without allow-same-origin (an opaque origin: no cookies, no storage, no requests of its
// own — the server's CSP for plugin files says the same), and the bridge answering it. The view asks;
// this component makes requests to the view's OWN plugin's routes as the signed-in user (cookie and
// CSRF header stay here), passes the plugin's own WebSocket events in, and navigates for it.
import { useEffect, useRef } from 'react';
import type { MediaPermission, UiView } from '@parley/plugin-api';
import { isEnvelope, VIEW_BRIDGE, VIEW_BRIDGE_VERSION, type HostMessage, type ViewContext, type ViewMessage } from '@parley/plugin-api/view';
import { navigate, safeReturnPath } from './navigation.ts';
import { csrfToken } from './client.ts';
import { openServerEvents, type ServerEvents } from './server-events.ts';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Headers a view may set on its requests; the rest (cookies, authorization, CSRF) are the client's. */
const VIEW_HEADERS = new Set(['accept', 'content-type']);
const MAX_BODY_CHARS = 1024 * 1024;
/** How long a view's context waits for the client's WebSocket. */
const SOCKET_WAIT_MS = 3000;

export interface PluginViewFrameProps {
  pluginId: string;
  view: UiView & { url: string };
  context: ViewContext;
  media: readonly MediaPermission[];
  /** The page's WebSocket events (the chat's socket); without them the frame opens a socket of its own. */
  events?: ServerEvents;
}

export function PluginViewFrame({ pluginId, view, context, media, events }: PluginViewFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    const target = frame.current?.contentWindow;
    if (!target) return undefined;
    const post = (message: HostMessage) => target.postMessage({ ...message, bridge: VIEW_BRIDGE, version: VIEW_BRIDGE_VERSION }, '*');

    // The plugin's own events, and no one else's, named without their prefix. The view gets its
    // context once the socket is registered (its hello), so an event the plugin sends after the
    // view connected is never lost; a socket that cannot connect delays the view by a few seconds at most.
    const prefix = `custom_${pluginId}_`;
    const own = events ? undefined : openServerEvents();
    const source = events ?? own!;
    const connected = Promise.race([source.registered, new Promise<void>((resolve) => setTimeout(resolve, SOCKET_WAIT_MS))]);
    const unsubscribe = source.subscribe((msg) => {
      if (msg.event.startsWith(prefix)) post({ type: 'event', event: msg.event.slice(prefix.length), data: msg.data as Record<string, unknown> });
    });

    const onMessage = (event: MessageEvent) => {
      if (event.source !== target || !isEnvelope(event.data)) return;
      const message = event.data as unknown as ViewMessage;
      if (message.type === 'ready') void connected.then(() => post({ type: 'context', context }));
      else if (message.type === 'request') void answer(message, pluginId, post);
      else if (message.type === 'navigate') {
        const path = safeReturnPath(message.path);
        if (path) navigate(path);
      } else if (message.type === 'close') window.history.back();
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
      unsubscribe();
      own?.close();
    };
  }, [pluginId, context, events]);

  return (
    <iframe
      ref={frame}
      className="plugin-view"
      title={view.title}
      src={view.url}
      sandbox="allow-scripts allow-forms allow-popups allow-modals"
      // Only the media the plugin's manifest declares (the admin saw them when enabling it).
      allow={media.map((feature) => `${feature} ${new URL(view.url, window.location.href).origin}`).join('; ')}
      referrerPolicy="no-referrer"
    />
  );
}

/** Makes a view's request to its own plugin's routes, or refuses it. */
async function answer(request: Extract<ViewMessage, { type: 'request' }>, pluginId: string, post: (message: HostMessage) => void): Promise<void> {
  const refuse = (message: string) => post({ type: 'failure', id: request.id, message });
  const method = String(request.method).toUpperCase();
  if (!METHODS.has(method)) return refuse(`method ${method} is not allowed`);
  const path = ownPath(request.path);
  if (!path) return refuse('a view may only call its own plugin\'s routes: a path starting with "/", without ".." or "//"');
  if (request.body !== undefined && (typeof request.body !== 'string' || request.body.length > MAX_BODY_CHARS)) return refuse('the body must be text of at most 1 MB');
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
  for (const [name, value] of Object.entries(request.headers ?? {})) if (VIEW_HEADERS.has(name.toLowerCase()) && typeof value === 'string') headers[name] = value;
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  try {
    const response = await fetch(`/plugins/${encodeURIComponent(pluginId)}${path}`, { method, headers, body: method === 'GET' ? undefined : request.body, credentials: 'same-origin', redirect: 'error' });
    const answered: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answered[name] = value;
    });
    post({ type: 'response', id: request.id, status: response.status, headers: answered, body: await response.text() });
  } catch (err) {
    refuse(`the request failed: ${String(err)}`);
  }
}

/** `path` when it stays inside the plugin's routes (after the browser resolves it), else undefined. */
function ownPath(path: unknown): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return undefined;
  const base = 'http://view.invalid/plugin';
  const resolved = new URL(`${base}${path}`);
  if (resolved.origin !== 'http://view.invalid' || !resolved.pathname.startsWith('/plugin/')) return undefined;
  if (/%2e|%2f|%5c/i.test(path) || path.includes('\\')) return undefined;
  return resolved.pathname.slice('/plugin'.length) + resolved.search;
}

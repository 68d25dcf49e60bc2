// The view bridge (version 1): how a plugin's view — a page of its bundle's `public/`, shown by the
// web client in a sandboxed iframe with an opaque origin and no network of its own — talks to the
// client around it. Only postMessage crosses, in both directions, and only these messages:
//
//   view → client   ready                         the view is listening; the client answers `context`
//                   request {id, method, path,    a request to the view's OWN plugin's routes
//                            headers?, body?}     (/plugins/<its id><path>), made by the client as the
//                                                 user: the view never holds the session
//                   navigate {path}               open a path of the web client
//                   close                         close the view (modal, sidebar)
//   client → view   context {context}             who and where (user, team, channel, theme)
//                   response {id, status,         the answer to `request`
//                             headers, body}
//                   failure {id, message}         a request the client refused (another plugin's
//                                                 path, a method not allowed, too large)
//                   event {event, data}           the plugin's own WebSocket events (custom_<id>_*,
//                                                 named without the prefix)
//
// Every message carries `bridge: 'parley.view'` and `version: 1`; each side drops anything else,
// and anything not from the window it expects (the client: its iframe; the view: its parent).
// Views import connectView from `@parley/plugin-api/view` and bundle it with their own code.

/** @since 0.1.0 */
export const VIEW_BRIDGE = 'parley.view';
/** @since 0.1.0 */
export const VIEW_BRIDGE_VERSION = 1;

/** Who and where, as the client tells its view. @since 0.1.0 */
export interface ViewContext {
  plugin_id: string;
  view_id: string;
  user: { id: string; username: string; locale: string };
  team_id: string;
  channel_id: string;
  /** The client's theme colours (Mattermost's theme keys: sidebarBg, centerChannelBg, ...). @since 0.1.0 */
  theme: Record<string, string>;
  /**
   * For a view on its own page, the rest of the page's address after the view id, as the browser
   * has it (percent-encoded): `/runs/abc` for `/plug/<plugin>/<view>/runs/abc`; '' without one and
   * in the sidebar or a modal. Only data for the view to read (the frame stays the view's own
   * page): it lets a view have deep links, and `navigate` to one of its own sub-paths opens the
   * view again with the new path. @since 0.1.0
   */
  path?: string;
}

/** A message from a view to the client. @since 0.1.0 */
export type ViewMessage =
  | { type: 'ready' }
  | { type: 'request'; id: number; method: string; path: string; headers?: Record<string, string>; body?: string }
  | { type: 'navigate'; path: string }
  | { type: 'close' };

/** A message from the client to a view. @since 0.1.0 */
export type HostMessage =
  | { type: 'context'; context: ViewContext }
  | { type: 'response'; id: number; status: number; headers: Record<string, string>; body: string }
  | { type: 'failure'; id: number; message: string }
  | { type: 'event'; event: string; data: Record<string, unknown> };

/** A message as it crosses: the type's fields plus the bridge's name and version. @since 0.1.0 */
export type Envelope<M> = M & { bridge: typeof VIEW_BRIDGE; version: typeof VIEW_BRIDGE_VERSION };

/** True for a message of this bridge and version. @since 0.1.0 */
export function isEnvelope(value: unknown): value is Envelope<{ type: string }> {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return message.bridge === VIEW_BRIDGE && message.version === VIEW_BRIDGE_VERSION && typeof message.type === 'string';
}

/** The answer to a view's request. @since 0.1.0 */
export interface ViewResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
}

/** The view's side of the bridge, once connected. @since 0.1.0 */
export interface ViewBridge {
  context: ViewContext;
  /** A request to the view's own plugin's route `path` (starting with "/"), made by the client as the user. */
  fetch(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<ViewResponse>;
  /** Calls `handler` with each of the plugin's own WebSocket events; returns a function that stops it. */
  onEvent(handler: (event: string, data: Record<string, unknown>) => void): () => void;
  navigate(path: string): void;
  close(): void;
}

/**
 * Connects a view to the client that shows it: announces it is ready and resolves with the context
 * the client answers with (rejects after `timeoutMs`, default 5000, when nobody answers).
 * @since 0.1.0
 */
export function connectView(options: { timeoutMs?: number; window?: Window } = {}): Promise<ViewBridge> {
  const view = options.window ?? window;
  const parent = view.parent;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (response: ViewResponse) => void; reject: (error: Error) => void }>();
  const handlers = new Set<(event: string, data: Record<string, unknown>) => void>();
  const send = (message: ViewMessage) => parent.postMessage({ ...message, bridge: VIEW_BRIDGE, version: VIEW_BRIDGE_VERSION }, '*');

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the client did not answer the view bridge')), options.timeoutMs ?? 5000);
    view.addEventListener('message', (event: MessageEvent) => {
      if (event.source !== parent || !isEnvelope(event.data)) return;
      const message = event.data as unknown as Envelope<HostMessage>;
      switch (message.type) {
        case 'context':
          clearTimeout(timer);
          resolve(bridge(message.context));
          return;
        case 'response': {
          const { status, headers, body } = message;
          waiting.get(message.id)?.resolve({ status, headers, body, json: <T>() => JSON.parse(body) as T });
          waiting.delete(message.id);
          return;
        }
        case 'failure':
          waiting.get(message.id)?.reject(new Error(message.message));
          waiting.delete(message.id);
          return;
        case 'event':
          for (const handler of handlers) handler(message.event, message.data);
          return;
      }
    });
    send({ type: 'ready' });
  });

  function bridge(context: ViewContext): ViewBridge {
    return {
      context,
      fetch: (path, init = {}) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { resolve, reject });
          send({ type: 'request', id, method: init.method ?? 'GET', path, headers: init.headers, body: init.body });
        }),
      onEvent: (handler) => {
        handlers.add(handler);
        return () => handlers.delete(handler);
      },
      navigate: (path) => send({ type: 'navigate', path }),
      close: () => send({ type: 'close' }),
    };
  }
}

// The paths the plugin owns (manifest core_routes `/hooks` and `/api/v4/hooks`), matched to their
// handlers. `/hooks/commands/...` belongs to the slash-commands plugin and never reaches here.
import { HttpError } from '@parley/plugin-api';
import { postIncomingWebhook } from './incoming-endpoint.ts';
import { createIncomingHook, deleteIncomingHook, getIncomingHook, listIncomingHooks, updateIncomingHook } from './incoming-routes.ts';
import { createOutgoingHook, deleteOutgoingHook, getOutgoingHook, listOutgoingHooks, regenOutgoingHookToken, updateOutgoingHook } from './outgoing-routes.ts';
import type { RouteHandler } from './route-scope.ts';

interface Route {
  pattern: RegExp;
  /** Names of the pattern's groups, in order. */
  params: string[];
  methods: Record<string, RouteHandler>;
}

const ROUTES: Route[] = [
  { pattern: /^\/hooks\/([A-Za-z0-9]+)$/, params: ['id'], methods: { POST: postIncomingWebhook } },
  { pattern: /^\/api\/v4\/hooks\/incoming$/, params: [], methods: { POST: createIncomingHook, GET: listIncomingHooks } },
  { pattern: /^\/api\/v4\/hooks\/incoming\/([^/]+)$/, params: ['hook_id'], methods: { GET: getIncomingHook, PUT: updateIncomingHook, DELETE: deleteIncomingHook } },
  { pattern: /^\/api\/v4\/hooks\/outgoing$/, params: [], methods: { POST: createOutgoingHook, GET: listOutgoingHooks } },
  { pattern: /^\/api\/v4\/hooks\/outgoing\/([^/]+)$/, params: ['hook_id'], methods: { GET: getOutgoingHook, PUT: updateOutgoingHook, DELETE: deleteOutgoingHook } },
  { pattern: /^\/api\/v4\/hooks\/outgoing\/([^/]+)\/regen_token$/, params: ['hook_id'], methods: { POST: regenOutgoingHookToken } },
];

export interface MatchedRoute {
  handler: RouteHandler;
  params: Record<string, string>;
}

/** The handler of a request; 404 for an unknown path and 405 for a method the path does not serve, as Mattermost's router. */
export function matchRoute(method: string, path: string): MatchedRoute {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  for (const route of ROUTES) {
    const match = route.pattern.exec(trimmed);
    if (!match) continue;
    const handler = route.methods[method.toUpperCase()];
    if (!handler) throw new HttpError(405, 'api.context.405.app_error', `${method} is not allowed on ${path}.`);
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => {
      params[name] = match[i + 1];
    });
    return { handler, params };
  }
  throw new HttpError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.', `There is no API route for ${path}.`);
}


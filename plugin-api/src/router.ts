// A small router for serveHttp: routes by method and path pattern, path parameters, Mattermost's
// 404 and 405 answers, and the one error convention — a handler throws an HttpError and the router
// answers with it as Mattermost's AppError JSON. Optional: a plugin may still write serveHttp by hand.
import { errorResponse, HttpError, isHttpError } from './http.ts';
import type { HookContext, HttpRequest, HttpResponse } from './types.ts';

/**
 * The request a route handler receives: the serveHttp request plus the values of the pattern's
 * parameters, decoded (`{hook_id}` in the pattern → `params.hook_id`).
 * @since 0.1.0
 */
export interface RoutedRequest extends HttpRequest {
  params: Record<string, string>;
}

/**
 * Answers one route: the same context and answer as the serveHttp hook. Throw an HttpError to
 * answer with an error; anything else thrown becomes the server's 500 (logged, named after the plugin).
 * @since 0.1.0
 */
export type RouteHandler = (ctx: HookContext, request: RoutedRequest) => Promise<HttpResponse> | HttpResponse;

/**
 * A path pattern. A string matches the whole path, where `{name}` stands for one non-empty segment
 * (`/api/v4/hooks/incoming/{hook_id}`); a RegExp is tested against the path and its named groups
 * become the parameters (`/^\/hooks\/(?<id>[A-Za-z0-9]+)$/`). A trailing slash on the request path is
 * ignored either way.
 * @since 0.1.0
 */
export type RoutePattern = string | RegExp;

/**
 * Routes requests to handlers; build it with {@link createRouter}, then hand `router.serve` to the
 * plugin as its serveHttp hook.
 * @since 0.1.0
 */
export interface Router {
  /** Adds a route for `GET` requests. @since 0.1.0 */
  get(pattern: RoutePattern, handler: RouteHandler): Router;
  /** Adds a route for `POST` requests. @since 0.1.0 */
  post(pattern: RoutePattern, handler: RouteHandler): Router;
  /** Adds a route for `PUT` requests. @since 0.1.0 */
  put(pattern: RoutePattern, handler: RouteHandler): Router;
  /** Adds a route for `PATCH` requests. @since 0.1.0 */
  patch(pattern: RoutePattern, handler: RouteHandler): Router;
  /** Adds a route for `DELETE` requests. @since 0.1.0 */
  delete(pattern: RoutePattern, handler: RouteHandler): Router;
  /** Adds a route for any method name (compared without regard to case). @since 0.1.0 */
  route(method: string, pattern: RoutePattern, handler: RouteHandler): Router;
  /**
   * The serveHttp hook: the first route (in the order added) whose pattern and method match answers.
   * A path no route matches answers 404 `api.context.404.app_error`; a path matched only for other
   * methods answers 405 `api.context.405.app_error` with an `Allow` header; a parameter that is not
   * valid percent-encoding answers 400 `api.context.invalid_url_param.app_error`. An HttpError
   * thrown by a handler becomes its answer (`errorResponse` with the context's request id); any
   * other error is left to the server. A plain function: pass it as it is, `serveHttp: router.serve`.
   * @since 0.1.0
   */
  readonly serve: (ctx: HookContext, request: HttpRequest) => Promise<HttpResponse>;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Names of a string pattern's parameters, in order; empty for a RegExp (its named groups are used). */
  names: string[];
  handler: RouteHandler;
}

/**
 * A new router with no routes. Routes are tried in the order they are added.
 * @example
 * const router = createRouter()
 *   .get('/greetings', async () => jsonResponse(200, { count: await counter() }))
 *   .delete('/greetings/{id}', async (_ctx, request) => { await forget(request.params.id); return statusOk(); });
 * return { serveHttp: router.serve };
 * @since 0.1.0
 */
export function createRouter(): Router {
  const routes: Route[] = [];
  const router: Router = {
    get: (pattern, handler) => router.route('GET', pattern, handler),
    post: (pattern, handler) => router.route('POST', pattern, handler),
    put: (pattern, handler) => router.route('PUT', pattern, handler),
    patch: (pattern, handler) => router.route('PATCH', pattern, handler),
    delete: (pattern, handler) => router.route('DELETE', pattern, handler),
    route(method, pattern, handler) {
      if (typeof handler !== 'function') throw new TypeError(`the handler of ${method} ${String(pattern)} must be a function`);
      routes.push({ method: method.toUpperCase(), handler, ...compile(pattern) });
      return router;
    },
    serve: async (ctx, request) => {
      try {
        return await dispatch(routes, ctx, request);
      } catch (err) {
        if (isHttpError(err)) return errorResponse(err, ctx.request_id ?? '');
        throw err;
      }
    },
  };
  return router;
}

async function dispatch(routes: Route[], ctx: HookContext, request: HttpRequest): Promise<HttpResponse> {
  const path = request.path.length > 1 && request.path.endsWith('/') ? request.path.slice(0, -1) : request.path;
  const method = request.method.toUpperCase();
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      if (!allowed.includes(route.method)) allowed.push(route.method);
      continue;
    }
    return route.handler(ctx, { ...request, params: paramsOf(route, match) });
  }
  if (allowed.length === 0) throw new HttpError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.', `There is no route for ${path}.`);
  const refusal = errorResponse(new HttpError(405, 'api.context.405.app_error', `${method} is not allowed on ${path}.`), ctx.request_id ?? '');
  return { ...refusal, headers: { ...refusal.headers, Allow: allowed.join(', ') } };
}

function compile(pattern: RoutePattern): Pick<Route, 'pattern' | 'names'> {
  // Without g and y, exec keeps no state between requests.
  if (pattern instanceof RegExp) return { pattern: new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')), names: [] };
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) throw new TypeError(`a route pattern must be a RegExp or a path starting with "/", not ${String(pattern)}`);
  const names: string[] = [];
  const source = pattern
    .split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)
    .map((part) => {
      if (!part.startsWith('{')) return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      names.push(part.slice(1, -1));
      return '([^/]+)';
    })
    .join('');
  const trimmed = source.length > 2 && source.endsWith('\\/') ? source.slice(0, -2) : source;
  return { pattern: new RegExp(`^${trimmed}$`), names };
}

function paramsOf(route: Route, match: RegExpExecArray): Record<string, string> {
  const raw: Record<string, string> = route.names.length > 0 ? Object.fromEntries(route.names.map((name, i) => [name, match[i + 1]])) : { ...match.groups };
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw new HttpError(400, 'api.context.invalid_url_param.app_error', `Invalid or missing ${name} parameter in request URL.`);
    }
  }
  return params;
}

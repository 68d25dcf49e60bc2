// Core paths a trusted plugin serves (see plugins/runtime/core-route-owners.ts): incoming webhooks at
// /hooks/{id}, the webhook and slash-command management API, delayed command responses. The
// plugin's serveHttp gets the full path. A core route always wins over a claim, so the core keeps
// POST /api/v4/commands/execute even though the slash-commands plugin owns /api/v4/commands.
// While the owner starts or restarts, requests wait for it (bounded by its activation budget); when it
// is installed but not coming, its paths answer 503 naming it.
import type Koa from 'koa';
import type { Next } from 'koa';
import { AppError } from '../../errors/app-error.ts';
import type { ParleyContext, ParleyState } from '../context.ts';
import { pluginForwarder, type PluginRequestDeps } from '../plugin-request.ts';

export interface OwnedRoutesDeps extends PluginRequestDeps {
  /** True when one of the core's own routes answers this path (with any method). */
  servedByCore(path: string, method: string): boolean;
}

/** A koa middleware: mount it before authentication and body parsing (the plugin reads the raw body). */
export function ownedRoutes(deps: OwnedRoutesDeps): Koa.Middleware<ParleyState> {
  const forward = pluginForwarder(deps);
  return async function serveOwnedRoute(ctx, next: Next): Promise<void> {
    await deps.runtime.installedKnown;
    const owner = deps.runtime.routeOwners.ownerOf(ctx.path);
    if (!owner || deps.servedByCore(ctx.path, ctx.method)) return next();
    // A start or restart under way is waited for: a webhook sent while the server starts is delivered, not refused.
    const plugin = await deps.runtime.active.whenRunning(owner.pluginId);
    if (!plugin || !plugin.process.hooks.has('serveHttp')) {
      throw new AppError(
        'api.plugin.route_owner_not_running.app_error',
        503,
        `${owner.prefix} is served by the plugin ${owner.pluginId}, which is not running. A system admin can enable it in the System Console (Plugins) or with POST /api/v4/plugins/${owner.pluginId}/enable.`,
        { details: `plugin_id=${owner.pluginId}` },
      );
    }
    await forward.toPlugin(ctx as unknown as ParleyContext, owner.pluginId, ctx.path);
  };
}

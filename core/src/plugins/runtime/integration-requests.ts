// Sends what a user did with an interactive message or dialog to its integration, as Mattermost's
// DoActionRequest: a JSON POST to the integration's URL.
//   - `/plugins/<id>/<path>` (or that path under the server's own SiteURL) is delivered in-process to
//     the plugin's serveHttp, with the clicking user in `Mattermost-User-Id` — no session token is
//     handed to the plugin;
//   - any other URL goes out through the server's egress rule (outbound-http.ts: http or https only,
//     internal addresses refused unless AllowedUntrustedInternalConnections lists them), within
//     ServiceSettings.OutgoingIntegrationRequestsTimeout.
// Anything but a 200 answer is a failure of the integration, reported to the user as Mattermost does
// (400, api.post.do_action.action_integration.app_error).
import type { ConfigService } from '../../config/config-service.ts';
import type { HookContext } from '../../app/plugin-hooks.ts';
import { AppError } from '../../errors/app-error.ts';
import { outboundRequest, readBody } from '../../egress/outbound-http.ts';
import type { ActivePlugins } from './active-plugins.ts';
import type { HookDispatcher } from './hook-dispatcher.ts';
import { parsePluginPath } from './plugin-paths.ts';

export interface IntegrationRequestDeps {
  config: ConfigService;
  active: ActivePlugins;
  dispatcher: HookDispatcher;
}

/** The error id of every failed integration request (Mattermost's). */
export const INTEGRATION_FAILED = 'api.post.do_action.action_integration.app_error';
/** An answer bigger than this is not an interactive-message answer. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export class IntegrationRequests {
  #deps: IntegrationRequestDeps;

  constructor(deps: IntegrationRequestDeps) {
    this.#deps = deps;
  }

  /** POSTs `body` as JSON to `url` for `userId`; resolves with the answer's text (possibly empty). */
  async post(url: string, body: Record<string, unknown>, userId: string, ctx: HookContext): Promise<string> {
    const json = JSON.stringify(body);
    const pluginPath = this.#pluginPath(url);
    if (pluginPath !== undefined) return this.#toPlugin(pluginPath, json, userId, ctx);
    return this.#outbound(url, json);
  }

  /** The `/plugins/...` path `url` names on this server, or undefined for an external URL. */
  #pluginPath(url: string): string | undefined {
    if (url.startsWith('/plugins/') || url.startsWith('plugins/')) return url.startsWith('/') ? url : `/${url}`;
    const siteUrl = URL.parse(this.#deps.config.get().ServiceSettings.SiteURL);
    const target = URL.parse(url);
    if (!siteUrl || !target || target.origin !== siteUrl.origin) return undefined;
    const base = siteUrl.pathname.replace(/\/+$/, '');
    const path = target.pathname.startsWith(`${base}/plugins/`) ? target.pathname.slice(base.length) : undefined;
    return path === undefined ? undefined : path + target.search;
  }

  async #toPlugin(path: string, json: string, userId: string, ctx: HookContext): Promise<string> {
    const target = parsePluginPath(path);
    if (!target) throw AppError.badRequest(INTEGRATION_FAILED, 'The integration URL is not a valid plugin path.', `url=${path.slice(0, 300)}`);
    const { pluginId, rest, query } = target;
    const plugin = await this.#deps.active.whenRunning(pluginId);
    if (!plugin || !plugin.process.hooks.has('serveHttp')) {
      throw AppError.badRequest(INTEGRATION_FAILED, `The integration's plugin ${pluginId} is not running or does not answer HTTP requests.`, `plugin_id=${pluginId}`);
    }
    const response = await this.#deps.dispatcher.serveHttp(pluginId, ctx, {
      method: 'POST',
      path: rest,
      query: Object.fromEntries(new URLSearchParams(query)),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'mattermost-user-id': userId },
      user_id: userId,
      body: json,
    });
    const status = response.status ?? 200;
    if (status !== 200) throw AppError.badRequest(INTEGRATION_FAILED, `The integration answered with status ${String(status)}.`, `plugin_id=${pluginId}`);
    return typeof response.body === 'string' ? response.body : '';
  }

  async #outbound(raw: string, json: string): Promise<string> {
    const url = URL.parse(raw);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw AppError.badRequest(INTEGRATION_FAILED, 'The integration URL must be an http or https URL, or a plugin path (/plugins/<id>/...).', `url=${raw.slice(0, 300)}`);
    }
    const settings = this.#deps.config.get().ServiceSettings;
    const response = await outboundRequest(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: json,
        timeoutMs: settings.OutgoingIntegrationRequestsTimeout * 1000,
        maxResponseBytes: MAX_ANSWER_BYTES,
        errorId: () => INTEGRATION_FAILED,
      },
      { allowedInternal: settings.AllowedUntrustedInternalConnections, allowHttp: true },
    );
    if (response.status !== 200) {
      response.body.destroy();
      throw AppError.badRequest(INTEGRATION_FAILED, `The integration at ${url.host} answered with status ${response.status}.`);
    }
    return (await readBody(response)).toString('utf8');
  }
}

// /api/v0/playbooks: Mattermost Playbooks' REST routes for playbooks (server/api/playbooks.go).
// Each route reads the request, calls the service as the request's user, and renders the answer.
import { HttpError, jsonResponse, type HookContext, type HttpRequest, type HttpResponse, type PluginAPI, type RoutedRequest, type Router } from '@parley/plugin-api';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import { decodeImport, exportPlaybook } from '../playbooks/playbook-export.ts';
import { decodePlaybookPatch } from '../playbooks/playbook-patch.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { RunFollowers } from '../runs/run-followers.ts';
import { decodePlaybook, toWire } from '../playbooks/playbook.ts';
import { parseListOptions } from './list-options.ts';
import { playbooksErrorResponse } from './playbooks-error.ts';

const BASE = '/api/v0/playbooks';

export function addPlaybookRoutes(router: Router, api: PluginAPI, playbooks: PlaybookService, followers: RunFollowers): void {
  const caller = (request: HttpRequest) => new PlaybookAccess(api, request.user_id);
  const created = async (id: string, withLocation: boolean): Promise<HttpResponse> => {
    const answer = jsonResponse(201, { id });
    if (!withLocation) return answer;
    return { ...answer, headers: { ...answer.headers, Location: `${await siteUrl(api)}/plugins/playbooks${BASE}/${id}` } };
  };

  router
    .get(BASE, authenticated(async (request) => {
      const page = await playbooks.list(caller(request), parseListOptions(request.query));
      return jsonResponse(200, { ...page, items: page.items.map(toWire) });
    }))
    .post(BASE, authenticated(async (request) => created(await playbooks.create(caller(request), decodePlaybook(request.body)), true)))
    .post(`${BASE}/import`, authenticated(async (request) => created(await playbooks.import(caller(request), decodeImport(request.body), request.query.team_id ?? ''), true)))
    .get(`${BASE}/{id}`, authenticated(async (request) => jsonResponse(200, toWire(await playbooks.get(caller(request), request.params.id!)))))
    .put(`${BASE}/{id}`, authenticated(async (request) => {
      const input = decodePlaybook(request.body);
      await playbooks.update(caller(request), request.params.id!, input, new Set(Object.keys(JSON.parse(request.body) as object)));
      return { status: 200 };
    }))
    .patch(`${BASE}/{id}`, authenticated(async (request) => {
      await playbooks.patch(caller(request), request.params.id!, decodePlaybookPatch(request.body));
      return { status: 204 };
    }))
    .delete(`${BASE}/{id}`, authenticated(async (request) => {
      await playbooks.archive(caller(request), request.params.id!);
      return { status: 204 };
    }))
    .put(`${BASE}/{id}/restore`, authenticated(async (request) => {
      await playbooks.restore(caller(request), request.params.id!);
      return { status: 204 };
    }))
    .post(`${BASE}/{id}/duplicate`, authenticated(async (request) => created(await playbooks.duplicate(caller(request), request.params.id!), false)))
    .get(`${BASE}/{id}/export`, authenticated(async (request) => {
      const playbook = await playbooks.export(caller(request), request.params.id!);
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(exportPlaybook(playbook), null, 4) };
    }))
    .get(`${BASE}/{id}/autofollows`, authenticated(async (request) => jsonResponse(200, await followers.autoFollowsOf(caller(request), request.params.id!))))
    .put(`${BASE}/{id}/autofollows/{user_id}`, authenticated(async (request) => {
      await followers.setAutoFollow(caller(request), request.params.id!, request.params.user_id!, true);
      return { status: 200 };
    }))
    .delete(`${BASE}/{id}/autofollows/{user_id}`, authenticated(async (request) => {
      await followers.setAutoFollow(caller(request), request.params.id!, request.params.user_id!, false);
      return { status: 200 };
    }));
}

/** Every route is for signed-in users (Mattermost's MattermostAuthorizationRequired), and answers errors in Playbooks' shape. */
export function authenticated(handler: (request: RoutedRequest) => Promise<HttpResponse>) {
  return async (ctx: HookContext, request: RoutedRequest): Promise<HttpResponse> => {
    try {
      if (request.user_id === '') throw new HttpError(401, 'api.context.session_expired.app_error', 'Not authorized', 'Sign in, or send a session or access token.');
      return await handler(request);
    } catch (err) {
      if (err instanceof HttpError) return playbooksErrorResponse(err, ctx.request_id ?? '');
      throw err;
    }
  };
}

export async function siteUrl(api: PluginAPI): Promise<string> {
  const config = await api.config.getServerConfig();
  const url = config.ServiceSettings?.SiteURL;
  return typeof url === 'string' ? url.replace(/\/+$/, '') : '';
}

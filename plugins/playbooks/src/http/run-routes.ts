// /api/v0/runs: Mattermost Playbooks' REST routes for runs (server/api/playbook_runs.go). Each route
// reads the request, calls the service as the request's user, and renders the answer.
import { jsonResponse, type PluginAPI, type RoutedRequest, type Router } from '@parley/plugin-api';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import { decodeItemObject, parseBody } from '../playbooks/playbook.ts';
import type { RunCreateInput, RunService } from '../runs/run-service.ts';
import { RUN_STATUSES } from '../runs/run.ts';
import { RUN_SORT_COLUMNS, type RunSort } from '../store/run-store.ts';
import { authenticated, siteUrl } from './playbook-routes.ts';
import { badRequest } from './playbooks-error.ts';
import { count } from './list-options.ts';

const BASE = '/api/v0/runs';
const RUN = `${BASE}/{id}`;
const ITEM = `${RUN}/checklists/{checklist}/item/{item}`;
const OK = () => jsonResponse(200, { status: 'OK' });

export function addRunRoutes(router: Router, api: PluginAPI, runs: RunService): void {
  const caller = (request: RoutedRequest) => new PlaybookAccess(api, request.user_id);
  const index = (request: RoutedRequest, name: 'checklist' | 'item') => {
    const value = request.params[name]!;
    if (!/^\d+$/.test(value)) throw badRequest('playbooks.run.bad_index', `${name} must be a number counted from 0`);
    return Number(value);
  };

  router
    .get(BASE, authenticated(async (request) => jsonResponse(200, await runs.list(caller(request), parseRunListOptions(request)))))
    .post(BASE, authenticated(async (request) => {
      const run = await runs.create(caller(request), decodeCreate(request.body));
      const answer = jsonResponse(201, run);
      return { ...answer, headers: { ...answer.headers, Location: `${await siteUrl(api)}/plugins/playbooks${BASE}/${String(run.id)}` } };
    }))
    .get(`${BASE}/channel/{channel_id}`, authenticated(async (request) => jsonResponse(200, await runs.getByChannel(caller(request), request.params.channel_id!))))
    .get(RUN, authenticated(async (request) => jsonResponse(200, await runs.get(caller(request), request.params.id!))))
    .patch(RUN, authenticated(async (request) => {
      const body = bodyObject(request.body);
      return jsonResponse(200, await runs.update(caller(request), request.params.id!, { name: optionalString(body, 'name'), summary: optionalString(body, 'summary') }));
    }))
    .put(`${RUN}/finish`, authenticated(async (request) => {
      await runs.finish(caller(request), request.params.id!);
      return OK();
    }))
    .put(`${RUN}/restore`, authenticated(async (request) => {
      await runs.restore(caller(request), request.params.id!);
      return OK();
    }))
    .post(`${RUN}/owner`, authenticated(async (request) => {
      await runs.changeOwner(caller(request), request.params.id!, optionalString(bodyObject(request.body), 'owner_id') ?? '');
      return OK();
    }))
    .post(`${RUN}/status`, authenticated(async (request) => {
      const body = bodyObject(request.body);
      const reminder = body.reminder ?? 0;
      if (!Number.isSafeInteger(reminder)) throw badRequest('playbooks.run.decode', 'unable to decode body into StatusUpdateOptions: reminder must be a number of seconds');
      await runs.updateStatus(caller(request), request.params.id!, optionalString(body, 'message') ?? '', reminder as number);
      return OK();
    }))
    .put(`${ITEM}/state`, authenticated(async (request) => {
      await runs.setItemState(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), optionalString(bodyObject(request.body), 'new_state') ?? '');
      return OK();
    }))
    .put(`${ITEM}/assignee`, authenticated(async (request) => {
      await runs.setItemAssignee(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), optionalString(bodyObject(request.body), 'assignee_id') ?? '');
      return OK();
    }))
    .put(`${ITEM}/skip`, authenticated(async (request) => {
      await runs.setItemState(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), 'skipped');
      return OK();
    }))
    .put(`${ITEM}/restore`, authenticated(async (request) => {
      await runs.setItemState(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), '');
      return OK();
    }))
    .put(ITEM, authenticated(async (request) => {
      const body = bodyObject(request.body);
      const edit = { title: optionalString(body, 'title') ?? '', command: optionalString(body, 'command') ?? '', description: optionalString(body, 'description') ?? '' };
      await runs.editItem(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), edit);
      return OK();
    }))
    .post(`${RUN}/checklists/{checklist}/add`, authenticated(async (request) => {
      await runs.addItem(caller(request), request.params.id!, index(request, 'checklist'), decodeItemObject(bodyObject(request.body), 'item'));
      return OK();
    }))
    .post(`${RUN}/checklists/move-item`, authenticated(async (request) => {
      const body = bodyObject(request.body);
      const position = (name: string) => {
        const value = body[name] ?? 0;
        if (!Number.isSafeInteger(value) || (value as number) < 0) throw badRequest('playbooks.run.decode', `failed to unmarshal edit params: ${name} must be a position counted from 0`);
        return value as number;
      };
      await runs.moveItem(caller(request), request.params.id!, { source_checklist_idx: position('source_checklist_idx'), source_item_idx: position('source_item_idx'), dest_checklist_idx: position('dest_checklist_idx'), dest_item_idx: position('dest_item_idx') });
      return OK();
    }))
    .delete(`${RUN}/timeline/{event_id}`, authenticated(async (request) => {
      await runs.deleteTimelineEvent(caller(request), request.params.id!, request.params.event_id!);
      return { status: 204 };
    }));
}

type Json = Record<string, unknown>;

function bodyObject(body: string): Json {
  const value = parseBody(body === '' ? '{}' : body, 'the request');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('playbooks.run.decode', 'unable to decode payload: the body must be a JSON object');
  return value as Json;
}

function optionalString(json: Json, name: string): string | undefined {
  const value = json[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest('playbooks.run.decode', `unable to decode payload: ${name} must be a string`);
  return value;
}

/** Mattermost's PlaybookRunCreateOptions (`summary` is what its client calls `description`). */
function decodeCreate(body: string): RunCreateInput {
  const json = bodyObject(body);
  const publicRun = json.create_public_run;
  if (publicRun !== undefined && publicRun !== null && typeof publicRun !== 'boolean') throw badRequest('playbooks.run.decode', 'unable to decode playbook run create options: create_public_run must be a boolean');
  return {
    name: optionalString(json, 'name') ?? '',
    description: optionalString(json, 'description') ?? optionalString(json, 'summary') ?? '',
    owner_user_id: optionalString(json, 'owner_user_id') ?? '',
    team_id: optionalString(json, 'team_id') ?? '',
    playbook_id: optionalString(json, 'playbook_id') ?? '',
    channel_id: optionalString(json, 'channel_id') ?? '',
    post_id: optionalString(json, 'post_id') ?? '',
    create_public_run: typeof publicRun === 'boolean' ? publicRun : null,
  };
}

/** GET /runs's query, as Mattermost's parsePlaybookRunsFilterOptions reads it. */
function parseRunListOptions(request: RoutedRequest) {
  const query = request.query;
  const sort = (query.sort ?? '') || 'create_at';
  if (!(sort in RUN_SORT_COLUMNS)) throw badRequest('playbooks.run.list.invalid_param', `bad parameter 'sort' (${sort}): it should be one of ${Object.keys(RUN_SORT_COLUMNS).join(', ')}`);
  const direction = (query.direction ?? '').toLowerCase() || 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw badRequest('playbooks.run.list.invalid_param', `bad parameter 'direction' (${direction}): it should be asc or desc`);
  // The plugin API hands over one value per query parameter: `statuses=InProgress,Finished` asks for both.
  const statuses = (query.statuses ?? '').split(',').filter((status) => status !== '');
  const bad = statuses.find((status) => !RUN_STATUSES.includes(status));
  if (bad !== undefined) throw badRequest('playbooks.run.list.invalid_param', `bad parameter 'statuses' (${bad}): it should be InProgress or Finished`);
  const me = (value: string | undefined) => (value === 'me' ? request.user_id : value ?? '');
  return {
    teamId: query.team_id ?? '',
    ownerId: me(query.owner_user_id),
    participantId: me(query.participant_id),
    playbookId: query.playbook_id ?? '',
    statuses,
    since: count(query.since, 'since', 0),
    searchTerm: query.search_term ?? '',
    sort: sort as RunSort,
    direction: direction as 'asc' | 'desc',
    page: count(query.page, 'page', 0),
    perPage: count(query.per_page, 'per_page', 1000) || 1000,
  };
}

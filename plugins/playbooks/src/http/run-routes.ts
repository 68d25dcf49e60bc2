// /api/v0/runs: Mattermost Playbooks' REST routes for runs (server/api/playbook_runs.go). Each route
// reads the request, calls the service as the request's user, and renders the answer.
import { jsonResponse, type PluginAPI, type RoutedRequest, type Router } from '@parley/plugin-api';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import { decodeChecklistObject, decodeItemObject, parseBody } from '../playbooks/playbook.ts';
import type { RunChecklists } from '../runs/run-checklists.ts';
import { NO_RETROSPECTIVE_PATH, type RetrospectiveUpdate, type RunRetrospective } from '../runs/run-retrospective.ts';
import type { RunCreateInput, RunService } from '../runs/run-service.ts';
import { RUN_STATUSES } from '../runs/run.ts';
import { RUN_SORT_COLUMNS, type RunSort } from '../store/run-store.ts';
import { authenticated, siteUrl } from './playbook-routes.ts';
import { badRequest } from './playbooks-error.ts';
import { count } from './list-options.ts';

const BASE = '/api/v0/runs';
const RUN = `${BASE}/{id}`;
const CHECKLIST = `${RUN}/checklists/{checklist}`;
const OK = () => jsonResponse(200, { status: 'OK' });
const EMPTY_OK = () => jsonResponse(200, {});
const SUCCESS = () => jsonResponse(200, { success: true });

export function addRunRoutes(router: Router, api: PluginAPI, runs: RunService, checklists: RunChecklists, retrospective: RunRetrospective): void {
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
    .get(`${BASE}/owners`, authenticated(async (request) => jsonResponse(200, await runs.owners(caller(request), request.query.team_id ?? ''))))
    // The channels of the runs GET /runs would list, in its order (what the web app's sidebar reads).
    .get(`${BASE}/channels`, authenticated(async (request) => jsonResponse(200, (await runs.list(caller(request), parseRunListOptions(request))).items.map((run) => run.channel_id))))
    .get(`${BASE}/channel/{channel_id}`, authenticated(async (request) => jsonResponse(200, await runs.getByChannel(caller(request), request.params.channel_id!))))
    .get(`${BASE}/channel/{channel_id}/runs`, authenticated(async (request) => jsonResponse(200, await runs.inProgressInChannel(caller(request), request.params.channel_id!))))
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
      return EMPTY_OK();
    }))
    .post(`${RUN}/status`, authenticated(async (request) => {
      const body = bodyObject(request.body);
      const reminder = body.reminder ?? 0;
      if (!Number.isSafeInteger(reminder)) throw badRequest('playbooks.run.decode', 'unable to decode body into StatusUpdateOptions: reminder must be a number of seconds');
      await runs.updateStatus(caller(request), request.params.id!, optionalString(body, 'message') ?? '', reminder as number);
      return OK();
    }))
    .get(`${RUN}/metadata`, authenticated(async (request) => jsonResponse(200, await runs.metadata(caller(request), request.params.id!))))
    .get(`${RUN}/status-updates`, authenticated(async (request) => jsonResponse(200, await runs.statusUpdates(caller(request), request.params.id!))))
    .post(`${RUN}/reminder`, authenticated(async (request) => {
      const seconds = bodyObject(request.body).new_reminder_seconds ?? 0;
      if (!Number.isSafeInteger(seconds)) throw badRequest('playbooks.run.decode', 'unable to decode payload: new_reminder_seconds must be a whole number of seconds');
      await runs.snoozeReminder(caller(request), request.params.id!, seconds as number);
      return { status: 204 };
    }))
    .put(`${RUN}/status-update-enabled`, authenticated(async (request) => {
      await runs.toggleStatusUpdates(caller(request), request.params.id!, requiredBoolean(bodyObject(request.body), 'status_enabled'));
      return SUCCESS();
    }))
    .put(`${RUN}/retrospective-enabled`, authenticated(async (request) => {
      await runs.toggleRetrospective(caller(request), request.params.id!, requiredBoolean(bodyObject(request.body), 'retrospective_enabled'));
      return SUCCESS();
    }))
    .post(`${RUN}/request-update`, authenticated(async (request) => {
      await runs.requestUpdate(caller(request), request.params.id!);
      return { status: 200 };
    }))
    .post(`${RUN}/request-join-channel`, authenticated(async (request) => {
      await runs.requestJoinChannel(caller(request), request.params.id!);
      return { status: 200 };
    }))
    .get(`${RUN}/followers`, authenticated(async (request) => jsonResponse(200, await runs.followersOf(caller(request), request.params.id!))))
    .put(`${RUN}/followers`, authenticated(async (request) => {
      await runs.follow(caller(request), request.params.id!, true);
      return { status: 200 };
    }))
    .delete(`${RUN}/followers`, authenticated(async (request) => {
      await runs.follow(caller(request), request.params.id!, false);
      return { status: 200 };
    }))
    .post(`${RUN}/participants`, authenticated(async (request) => {
      const body = bodyObject(request.body);
      const force = body.force_add_to_channel ?? false;
      if (typeof force !== 'boolean') throw badRequest('playbooks.run.decode', 'unable to decode payload: force_add_to_channel must be a boolean');
      await runs.addParticipants(caller(request), request.params.id!, stringList(body, 'user_ids'), force);
      return OK();
    }))
    .delete(`${RUN}/participants`, authenticated(async (request) => {
      await runs.removeParticipants(caller(request), request.params.id!, stringList(bodyObject(request.body), 'user_ids'));
      return OK();
    }))
    .post(`${RUN}/retrospective`, authenticated(async (request) => {
      await retrospective.update(caller(request), request.params.id!, decodeRetrospective(request.body));
      return { status: 200 };
    }))
    .post(`${RUN}/retrospective/publish`, authenticated(async (request) => {
      await retrospective.publish(caller(request), request.params.id!, decodeRetrospective(request.body));
      return { status: 200 };
    }))
    .post(NO_RETROSPECTIVE_PATH, authenticated(async (request) => {
      // The reminder's button: the clicking user comes as the request's user, the body is the click.
      await retrospective.cancel(caller(request), request.params.id!);
      return EMPTY_OK();
    }))
    .post(`${RUN}/checklists`, authenticated(async (request) => {
      await checklists.add(caller(request), request.params.id!, decodeChecklistObject(bodyObject(request.body), 'checklist'));
      return { status: 201 };
    }))
    .post(`${RUN}/checklists/move`, authenticated(async (request) => {
      const body = bodyObject(request.body);
      await checklists.move(caller(request), request.params.id!, position(body, 'source_checklist_idx'), position(body, 'dest_checklist_idx'));
      return { status: 200 };
    }))
    .delete(CHECKLIST, authenticated(async (request) => {
      await checklists.remove(caller(request), request.params.id!, index(request, 'checklist'));
      // Mattermost answers a removed checklist with 201.
      return { status: 201 };
    }))
    .put(`${CHECKLIST}/rename`, authenticated(async (request) => {
      const body = bodyObject(request.body);
      // Mattermost's Go client sends {"Title": ...} (an untagged field), which Go's case-blind decoding reads as title.
      await checklists.rename(caller(request), request.params.id!, index(request, 'checklist'), optionalString(body, 'title') ?? optionalString(body, 'Title') ?? '');
      return { status: 200 };
    }))
    .post(`${CHECKLIST}/duplicate`, authenticated(async (request) => {
      await checklists.duplicate(caller(request), request.params.id!, index(request, 'checklist'));
      return { status: 201 };
    }))
    .put(`${CHECKLIST}/skip`, authenticated(async (request) => {
      await checklists.setSkipped(caller(request), request.params.id!, index(request, 'checklist'), true);
      return { status: 204 };
    }))
    .put(`${CHECKLIST}/restore`, authenticated(async (request) => {
      await checklists.setSkipped(caller(request), request.params.id!, index(request, 'checklist'), false);
      return { status: 204 };
    }));
  // Mattermost serves every item route under both `item/{item}` and `items/{item}`.
  for (const ITEM of [`${CHECKLIST}/item/{item}`, `${CHECKLIST}/items/{item}`]) addItemRoutes(ITEM);

  function addItemRoutes(ITEM: string): void {
    router
      .delete(ITEM, authenticated(async (request) => {
        await checklists.removeItem(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'));
        return { status: 204 };
      }))
      .post(`${ITEM}/duplicate`, authenticated(async (request) => {
        await checklists.duplicateItem(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'));
        return { status: 201 };
      }))
      .put(`${ITEM}/duedate`, authenticated(async (request) => {
        const dueDate = bodyObject(request.body).due_date ?? 0;
        if (!Number.isSafeInteger(dueDate)) throw badRequest('playbooks.run.decode', 'failed to unmarshal: due_date must be a time in epoch milliseconds');
        await checklists.setDueDate(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), dueDate as number);
        return EMPTY_OK();
      }))
      .post(`${ITEM}/run`, authenticated(async (request) => jsonResponse(200, await runs.runItemCommand(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item')))))
      .put(`${ITEM}/command`, authenticated(async (request) => {
        await checklists.setCommand(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), optionalString(bodyObject(request.body), 'command') ?? '');
        return EMPTY_OK();
      }))
      .put(`${ITEM}/state`, authenticated(async (request) => {
        await runs.setItemState(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), optionalString(bodyObject(request.body), 'new_state') ?? '');
        return EMPTY_OK();
      }))
      .put(`${ITEM}/assignee`, authenticated(async (request) => {
        await runs.setItemAssignee(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), optionalString(bodyObject(request.body), 'assignee_id') ?? '');
        return EMPTY_OK();
      }))
      .put(`${ITEM}/skip`, authenticated(async (request) => {
        await runs.setItemState(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), 'skipped');
        return { status: 204 };
      }))
      .put(`${ITEM}/restore`, authenticated(async (request) => {
        await runs.setItemState(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), '');
        return { status: 204 };
      }))
      .put(ITEM, authenticated(async (request) => {
        const body = bodyObject(request.body);
        const edit = { title: optionalString(body, 'title') ?? '', command: optionalString(body, 'command') ?? '', description: optionalString(body, 'description') ?? '' };
        await runs.editItem(caller(request), request.params.id!, index(request, 'checklist'), index(request, 'item'), edit);
        return { status: 200 };
      }));
  }

  router
    .post(`${CHECKLIST}/add`, authenticated(async (request) => {
      await runs.addItem(caller(request), request.params.id!, index(request, 'checklist'), decodeItemObject(bodyObject(request.body), 'item'));
      return { status: 201 };
    }))
    .post(`${RUN}/checklists/move-item`, authenticated(async (request) => {
      const body = bodyObject(request.body);
      const at = (name: string) => position(body, name);
      await runs.moveItem(caller(request), request.params.id!, { source_checklist_idx: at('source_checklist_idx'), source_item_idx: at('source_item_idx'), dest_checklist_idx: at('dest_checklist_idx'), dest_item_idx: at('dest_item_idx') });
      return { status: 200 };
    }))
    .delete(`${RUN}/timeline/{event_id}`, authenticated(async (request) => {
      await runs.deleteTimelineEvent(caller(request), request.params.id!, request.params.event_id!);
      return { status: 204 };
    }));
}

type Json = Record<string, unknown>;

function position(body: Json, name: string): number {
  const value = body[name] ?? 0;
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw badRequest('playbooks.run.decode', `failed to unmarshal edit params: ${name} must be a position counted from 0`);
  return value as number;
}

/** A boolean the body must carry (Mattermost's toggles answer 400 without it). */
function requiredBoolean(json: Json, name: string): boolean {
  const value = json[name];
  if (typeof value !== 'boolean') throw badRequest('playbooks.run.decode', `unable to decode payload: ${name} is required and must be a boolean`);
  return value;
}

function stringList(json: Json, name: string): string[] {
  const value = json[name];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) throw badRequest('playbooks.run.decode', `unable to decode payload: ${name} must be an array of user ids`);
  return value as string[];
}

/** Mattermost's RetrospectiveUpdate: `{retrospective, metrics: [{metric_config_id, value}]}`. */
function decodeRetrospective(body: string): RetrospectiveUpdate {
  const json = bodyObject(body);
  const metrics = json.metrics ?? [];
  if (!Array.isArray(metrics)) throw badRequest('playbooks.run.decode', 'unable to decode payload: metrics must be an array');
  return {
    retrospective: optionalString(json, 'retrospective') ?? '',
    metrics: metrics.map((metric, i) => {
      if (typeof metric !== 'object' || metric === null || Array.isArray(metric)) throw badRequest('playbooks.run.decode', `unable to decode payload: metrics[${i}] must be an object`);
      const value = (metric as Json).value ?? null;
      if (value !== null && !Number.isSafeInteger(value)) throw badRequest('playbooks.run.decode', `unable to decode payload: metrics[${i}].value must be a whole number or null`);
      return { metric_config_id: optionalString(metric as Json, 'metric_config_id') ?? '', value: value as number | null };
    }),
  };
}

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
    participantOrFollowerId: me(query.participant_or_follower_id),
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

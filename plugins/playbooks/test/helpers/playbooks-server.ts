// A real Parley server with the prepackaged plugins, Playbooks among them (enabled at first start),
// and a small client for its REST API: HTTP with a user's session token, as Mattermost's Playbooks
// web app calls /plugins/playbooks/api/v0/.... Runs suites get their people made for them (runCast).
import { expect } from 'chai';
import type { Team } from '@mattermost/types/teams';
import { createTeamWith } from '../../../../test/helpers/chat-fixtures.ts';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../../../../test/helpers/fixtures.ts';
import { eventually } from '../../../../test/helpers/ws-client.ts';

export async function startServerWithPlaybooks(config?: NonNullable<Parameters<typeof startTestServer>[0]>['config']): Promise<{ ts: TestServer; admin: LoggedIn }> {
  const ts = await startTestServer({ prepackaged: true, config });
  await ts.pluginsStarted;
  const admin = await createAdmin(ts);
  await eventually(async () => expect((await admin.client.getPluginStatuses()).find((s) => s.plugin_id === 'playbooks')?.state).to.equal(2), 20_000);
  return { ts, admin };
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** Calls the Playbooks API as `who` (no one: without a token). */
export async function playbooksApi(ts: TestServer, who: LoggedIn | null, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (who) headers.Authorization = `Bearer ${who.client.getToken()}`;
  const response = await fetch(`${ts.url}/plugins/playbooks/api/v0${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
}

/** A playbook body as Mattermost's web app sends it when creating one. */
export function playbookBody(teamId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Incident response',
    description: 'What we do when production is down.',
    team_id: teamId,
    public: true,
    reminder_timer_default_seconds: 86400,
    checklists: [
      { title: 'Triage', items: [{ title: 'Page the on-call', command: '/echo paged', due_date: 600000 }, { title: 'Open a bridge', description: 'Zoom or Parley call' }] },
      { title: 'Resolve', items: [{ title: 'Write the timeline' }] },
    ],
    metrics: [{ title: 'Time to resolve', description: 'From page to fix', type: 'metric_duration', target: 3600000 }],
    ...fields,
  };
}

/** The people of a runs suite: an owner, a teammate and a bystander on one team, an outsider on another, and the plugin's bot. */
export interface RunCast {
  ts: TestServer;
  admin: LoggedIn;
  owner: LoggedIn;
  teammate: LoggedIn;
  bystander: LoggedIn;
  outsider: LoggedIn;
  team: Team;
  botId: string;
}

/** A server and its cast for the suite this is called in: made in its `before` hook, closed in its `after` hook. */
export function runCast(config?: Parameters<typeof startServerWithPlaybooks>[0]): RunCast {
  const cast = {} as RunCast;
  before(async function () {
    // A server with every prepackaged plugin takes longer than mocha's default on a busy machine.
    this.timeout(60_000);
    const { ts, admin } = await startServerWithPlaybooks(config);
    const [owner, teammate, bystander, outsider] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    const team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id, bystander.user.id]);
    await createTeamWith(admin.client, [outsider.user.id]);
    Object.assign(cast, { ts, admin, owner, teammate, bystander, outsider, team, botId: (await admin.client.getUserByUsername('playbooks')).id });
  });
  after(() => cast.ts?.close());
  return cast;
}

/** A playbook of the cast's team, made by its owner. */
export async function newPlaybook(cast: RunCast, fields: Record<string, unknown> = {}): Promise<string> {
  const playbook = await playbooksApi(cast.ts, cast.owner, 'POST', '/playbooks', playbookBody(cast.team.id, fields));
  expect(playbook.status, JSON.stringify(playbook.body)).to.equal(201);
  return playbook.body.id as string;
}

/** A run of the playbook, "Checkout errors" unless `runFields` say otherwise, started and owned by the cast's owner. */
export async function startRun(cast: RunCast, playbookId: string, runFields: Record<string, unknown> = {}): Promise<{ id: string; channel_id: string; playbook_id: string }> {
  const run = await playbooksApi(cast.ts, cast.owner, 'POST', '/runs', { name: 'Checkout errors', owner_user_id: cast.owner.user.id, team_id: cast.team.id, playbook_id: playbookId, ...runFields });
  expect(run.status, JSON.stringify(run.body)).to.equal(201);
  return run.body;
}

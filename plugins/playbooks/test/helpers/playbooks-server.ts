// A real Parley server with the prepackaged plugins, Playbooks among them (enabled at first start),
// and a small client for its REST API: HTTP with a user's session token, as Mattermost's Playbooks
// web app calls /plugins/playbooks/api/v0/....
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.ts';
import { createAdmin, type LoggedIn } from '../../../../test/helpers/fixtures.ts';
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

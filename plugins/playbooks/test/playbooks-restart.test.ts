// The plugin's schema across a server restart (the same database and data directory): the migrations already applied are not run again,
// and the playbooks, their members and metrics, and the runs with their timelines, are all still there; a run's reminder
// that fell due meanwhile is sent once it is back.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { dropDatabase, freshDatabase } from '../../../test/helpers/database.ts';
import { createAdmin, createUser, login } from '../../../test/helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi } from './helpers/playbooks-server.ts';

describe('playbooks plugin: a server restart', () => {
  let databaseUrl: string;
  let dataDir: string;
  let ts: TestServer | undefined;

  before(async () => {
    databaseUrl = await freshDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-playbooks-restart-'));
  });

  after(async () => {
    await ts?.close();
    await dropDatabase(databaseUrl);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every playbook with its members, metrics and checklists', async function () {
    this.timeout(60_000);
    ts = await startTestServer({ prepackaged: true, databaseUrl, dataDir });
    const admin = await createAdmin(ts);
    const team = await createTeamWith(admin.client, []);
    const created = await playbooksApi(ts, admin, 'POST', '/playbooks', playbookBody(team.id, { public: false }));
    expect(created.status).to.equal(201);
    const before = (await playbooksApi(ts, admin, 'GET', `/playbooks/${created.body.id}`)).body;
    // Test servers do not write config.json: the plugins' states are carried over by hand.
    const pluginStates = ts.config.get().PluginSettings.PluginStates;
    await ts.close();

    ts = await startTestServer({ prepackaged: true, databaseUrl, dataDir, config: { PluginSettings: { PluginStates: pluginStates } } });
    const again = await login(ts, admin.user.username);
    await eventually(async () => expect((await again.client.getPluginStatuses()).find((s) => s.plugin_id === 'playbooks')?.state).to.equal(2), 20_000);
    expect((await playbooksApi(ts, again, 'GET', `/playbooks/${created.body.id}`)).body).to.deep.equal(before);
    expect((await playbooksApi(ts, again, 'GET', `/playbooks?team_id=${team.id}`)).body.total_count).to.equal(1);
  });

  /** Closes the server, waits `ms` and starts it again on the same database and data directory; the user signed in again. */
  async function restartAfter(ms: number, database: string, dir: string, username: string) {
    // Test servers do not write config.json: the plugins' states are carried over by hand.
    const pluginStates = ts!.config.get().PluginSettings.PluginStates;
    await ts!.close();
    await new Promise((resolve) => setTimeout(resolve, ms));
    ts = await startTestServer({ prepackaged: true, databaseUrl: database, dataDir: dir, config: { PluginSettings: { PluginStates: pluginStates } } });
    const again = await login(ts, username);
    await eventually(async () => expect((await again.client.getPluginStatuses()).find((s) => s.plugin_id === 'playbooks')?.state).to.equal(2), 20_000);
    return again;
  }

  it('keeps runs with their timelines, and sends a reminder that fell due while the server was down', async function () {
    this.timeout(60_000);
    await ts?.close();
    const runsDatabase = await freshDatabase();
    const runsDataDir = await mkdtemp(path.join(tmpdir(), 'parley-playbook-runs-restart-'));
    try {
      ts = await startTestServer({ prepackaged: true, databaseUrl: runsDatabase, dataDir: runsDataDir });
      const admin = await createAdmin(ts);
      const team = await createTeamWith(admin.client, []);
      await eventually(async () => expect((await admin.client.getPluginStatuses()).find((s) => s.plugin_id === 'playbooks')?.state).to.equal(2), 20_000);
      const playbook = await playbooksApi(ts, admin, 'POST', '/playbooks', playbookBody(team.id));
      const run = (await playbooksApi(ts, admin, 'POST', '/runs', { name: 'Overnight', owner_user_id: admin.user.id, team_id: team.id, playbook_id: playbook.body.id })).body;
      await playbooksApi(ts, admin, 'PUT', `/runs/${run.id}/checklists/0/item/0/state`, { new_state: 'closed' });
      await playbooksApi(ts, admin, 'POST', `/runs/${run.id}/status`, { message: 'Watching it.', reminder: 2 });
      const before = (await playbooksApi(ts, admin, 'GET', `/runs/${run.id}`)).body;
      const again = await restartAfter(2500, runsDatabase, runsDataDir, admin.user.username);
      expect((await playbooksApi(ts, again, 'GET', `/runs/${run.id}`)).body).to.deep.equal(before);
      await eventually(async () => {
        const posts = Object.values((await again.client.getPosts(run.channel_id)).posts);
        expect(posts.filter((post) => post.message.includes('a status update for **Overnight** is due'))).to.have.length(1);
      }, 15_000);
    } finally {
      await ts?.close();
      ts = undefined;
      await dropDatabase(runsDatabase);
      await rm(runsDataDir, { recursive: true, force: true });
    }
  });

  it('keeps a finished run\'s reshaped checklists, participants and retrospective draft, and its retrospective reminders still come', async function () {
    this.timeout(90_000);
    await ts?.close();
    const database = await freshDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-playbook-retro-restart-'));
    try {
      ts = await startTestServer({ prepackaged: true, databaseUrl: database, dataDir: dir });
      const admin = await createAdmin(ts);
      const helper = await createUser(ts, admin.client);
      const team = await createTeamWith(admin.client, [helper.user.id]);
      await eventually(async () => expect((await admin.client.getPluginStatuses()).find((s) => s.plugin_id === 'playbooks')?.state).to.equal(2), 20_000);
      const playbook = await playbooksApi(ts, admin, 'POST', '/playbooks', playbookBody(team.id, { retrospective_enabled: true, retrospective_reminder_interval_seconds: 2 }));
      const metricId = (await playbooksApi(ts, admin, 'GET', `/playbooks/${playbook.body.id}`)).body.metrics[0].id;
      const run = (await playbooksApi(ts, admin, 'POST', '/runs', { name: 'Long night', owner_user_id: admin.user.id, team_id: team.id, playbook_id: playbook.body.id })).body;
      await playbooksApi(ts, admin, 'POST', `/runs/${run.id}/checklists`, { title: 'Aftercare', items: [{ title: 'Thank the team' }] });
      await playbooksApi(ts, admin, 'POST', `/runs/${run.id}/participants`, { user_ids: [helper.user.id] });
      await playbooksApi(ts, admin, 'POST', `/runs/${run.id}/retrospective`, { retrospective: 'So far: a slow failover.', metrics: [{ metric_config_id: metricId, value: 5_400_000 }] });
      expect((await playbooksApi(ts, admin, 'PUT', `/runs/${run.id}/finish`)).status).to.equal(200);
      const before = (await playbooksApi(ts, admin, 'GET', `/runs/${run.id}`)).body;
      expect(before.checklists).to.have.length(3);

      const again = await restartAfter(2500, database, dir, admin.user.username);
      expect((await playbooksApi(ts, again, 'GET', `/runs/${run.id}`)).body).to.deep.equal(before);
      await eventually(async () => {
        const posts = Object.values((await again.client.getPosts(run.channel_id)).posts);
        expect(posts.filter((post) => post.type === ('custom_retro_rem' as never))).to.have.length.at.least(1);
      }, 15_000);
    } finally {
      await ts?.close();
      ts = undefined;
      await dropDatabase(database);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

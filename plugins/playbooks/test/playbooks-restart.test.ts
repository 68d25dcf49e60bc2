// The plugin's schema across a server restart (the same database and data directory): the migrations already applied are not run again,
// and the playbooks, their members and metrics are all still there.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { dropDatabase, freshDatabase } from '../../../test/helpers/database.ts';
import { createAdmin, login } from '../../../test/helpers/fixtures.ts';
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
});

// The moments a plugin is not running although it should be — the server starting, the plugin's
// process restarting after a crash — must not lose what clients send to the paths it serves:
// requests wait for it (bounded by its activation budget) instead of being refused.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, login, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';

const WEBHOOKS = 'parley.webhooks';
/** What the first server saved in config.json (the test servers keep their configuration in memory). */
const ENABLED = { PluginSettings: { PluginStates: { [WEBHOOKS]: { Enable: true } } } };

describe('plugin paths while their plugin starts', function () {
  this.timeout(60_000);
  let first: TestServer;
  let admin: LoggedIn;
  let team: Team;
  let townSquare: Channel;
  let hookId: string;
  let databaseUrl: string;
  let dataDir: string;

  before(async () => {
    databaseUrl = await freshDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-startup-window-'));
    first = await startTestServer({ prepackaged: true, databaseUrl, dataDir });
    admin = await createAdmin(first);
    team = await createTeamWith(admin.client, []);
    townSquare = await admin.client.getChannelByName(team.id, 'town-square');
    hookId = (await admin.client.createIncomingWebhook({ channel_id: townSquare.id, display_name: 'CI' })).id;
    await first.close();
  });
  after(async () => {
    await dropDatabase(databaseUrl);
    await rm(dataDir, { recursive: true, force: true });
  });

  const send = (ts: TestServer, text: string) =>
    fetch(`${ts.url}/hooks/${hookId}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) }).then(async (r) => ({
      status: r.status,
      body: await r.text(),
    }));
  const messages = async (ts: TestServer) => {
    const client = (await login(ts, admin.user.username)).client;
    const list = await client.getPosts(townSquare.id, 0, 200);
    return Object.values(list.posts).map((p) => p.message);
  };

  it('delivers every webhook sent in the first second after a restart, before its plugin runs', async () => {
    const ts = await startTestServer({ prepackaged: true, databaseUrl, dataDir, config: ENABLED, listenFirst: true });
    try {
      const sent: Array<Promise<{ status: number; body: string }>> = [];
      for (let i = 0; i < 10; i++) {
        sent.push(send(ts, `restart ${i}`));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const answers = await Promise.all(sent);
      expect(answers).to.deep.equal(Array.from({ length: 10 }, () => ({ status: 200, body: 'ok' })));
      await ts.pluginsStarted;
      expect(await messages(ts)).to.include.members(Array.from({ length: 10 }, (_, i) => `restart ${i}`));
    } finally {
      await ts.close();
    }
  });

  it('holds webhooks sent while the plugin restarts after a crash, then delivers them', async () => {
    const ts = await startTestServer({ prepackaged: true, databaseUrl, dataDir, config: ENABLED, pluginTimings: { restartDelaysMs: [500] } });
    try {
      const pid = ts.server.plugins.supervisor.get(WEBHOOKS)?.process.pid;
      expect(pid).to.be.a('number');
      process.kill(pid!, 'SIGKILL');
      // Until the supervisor notices the exit, the dying process may take a request; from then on they wait.
      while (ts.server.plugins.supervisor.get(WEBHOOKS)) await new Promise((resolve) => setTimeout(resolve, 5));
      const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => send(ts, `crash ${i}`)));
      expect(answers).to.deep.equal(Array.from({ length: 5 }, () => ({ status: 200, body: 'ok' })));
      expect(await messages(ts)).to.include.members([0, 1, 2, 3, 4].map((i) => `crash ${i}`));
    } finally {
      await ts.close();
    }
  });

  it('reports the node not ready while a plugin restarts, and ready once it runs', async () => {
    const ts = await startTestServer({ prepackaged: true, databaseUrl, dataDir, config: ENABLED, pluginTimings: { restartDelaysMs: [3000] } });
    const ping = async (query = '') => {
      const response = await fetch(`${ts.url}/api/v4/system/ping${query}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      const ready = await ping('?get_server_status=true');
      expect(ready.status).to.equal(200);
      expect(ready.body).to.include({ status: 'OK', plugins_status: 'OK' });
      process.kill(ts.server.plugins.supervisor.get(WEBHOOKS)!.process.pid!, 'SIGKILL');
      while (ts.server.plugins.supervisor.get(WEBHOOKS)) await new Promise((resolve) => setTimeout(resolve, 5));
      const starting = await ping('?get_server_status=true');
      expect(starting.status).to.equal(503);
      expect(starting.body).to.include({ status: 'STARTING', plugins_status: 'STARTING', database_status: 'OK' });
      expect((await ping()).status).to.equal(503);
      expect((await ping('?get_server_status=true&use_rest_semantics=true')).status).to.equal(200);
      await ts.server.plugins.supervisor.whenRunning(WEBHOOKS);
      expect((await ping()).status).to.equal(200);
    } finally {
      await ts.close();
    }
  });

  it('answers 503 at once for a disabled plugin\'s paths, without waiting', async () => {
    const ts = await startTestServer({ prepackaged: true, databaseUrl, dataDir, config: ENABLED });
    try {
      const client = (await login(ts, admin.user.username)).client;
      await client.disablePlugin(WEBHOOKS);
      const answer = await send(ts, 'nobody home');
      expect(answer.status).to.equal(503);
      expect(JSON.parse(answer.body).id).to.equal('api.plugin.route_owner_not_running.app_error');
      await client.enablePlugin(WEBHOOKS);
    } finally {
      await ts.close();
    }
  });
});

// The plugin health check (PluginSettings.EnableHealthCheck) against real plugin host processes:
// a host frozen with SIGSTOP stops answering pings and is restarted like a crashed one; three
// times within the window and it stays stopped as FailedToStayRunning.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { PluginStatus } from '@mattermost/types/plugins';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { eventually } from '../helpers/ws-client.ts';

const RUNNING = 2;
const FAILED_TO_STAY_RUNNING = 4;
const HEALTH_CHECK_INTERVAL_MS = 200;
const PLUGIN = `export default () => ({
  serveHttp(ctx, request) {
    // ?busyMs=N: a synchronous hook that holds the isolate for N ms, well within its deadline.
    const until = Date.now() + Number(request.query.busyMs ?? 0);
    while (Date.now() < until) {}
    return { body: 'alive' };
  },
});
`;

describe('plugin health check', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let admin: Client4;
  /** Processes this suite froze: thawed (or already gone) after each test, so none outlives it. */
  const frozen = new Set<number>();

  before(async () => {
    ts = await startTestServer({
      config: { PluginSettings: { EnableUploads: true, HookTimeoutMs: 3000 } },
      pluginTimings: { restartDelaysMs: [20], healthCheckIntervalMs: HEALTH_CHECK_INTERVAL_MS, healthCheckTimeoutMs: 200 },
    });
    admin = (await createAdmin(ts)).client;
  });
  afterEach(() => {
    for (const pid of frozen) {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already ended by the supervisor.
      }
    }
    frozen.clear();
    ts.config.patch({ PluginSettings: { EnableHealthCheck: true } });
  });
  after(async () => {
    await ts.close();
  });

  async function install(id: string): Promise<void> {
    const bundle = pluginBundle({ id, server: PLUGIN });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, false);
    await admin.enablePlugin(id);
  }

  function pidOf(id: string): number | undefined {
    return ts.server.plugins.supervisor.get(id)?.process.pid;
  }

  function freeze(pid: number): void {
    frozen.add(pid);
    process.kill(pid, 'SIGSTOP');
  }

  async function status(id: string): Promise<PluginStatus & { error: string }> {
    return (await admin.getPluginStatuses()).find((s) => s.plugin_id === id) as PluginStatus & { error: string };
  }

  async function answer(id: string, query = ''): Promise<string> {
    return (await fetch(`${ts.url}/plugins/${id}/${query}`)).text();
  }

  it('restarts a plugin whose host process stops answering, and the plugin works again', async () => {
    const id = 'com.example.frozen-once';
    await install(id);
    const pid = pidOf(id)!;
    freeze(pid);
    await eventually(() => expect(pidOf(id)).to.be.a('number').and.not.equal(pid), 5000);
    expect(await status(id)).to.include({ state: RUNNING });
    expect(await answer(id)).to.equal('alive');
  });

  it('stops a plugin that stops answering three times within the window as FailedToStayRunning, saying why', async () => {
    const id = 'com.example.frozen-thrice';
    await install(id);
    for (let failure = 0; failure < 3; failure++) {
      let pid = 0;
      await eventually(() => {
        pid = pidOf(id) ?? 0;
        expect(pid).to.be.above(0);
        expect(frozen.has(pid), 'the frozen process was replaced').to.equal(false);
      }, 5000);
      freeze(pid);
    }
    await eventually(async () => expect(await status(id)).to.include({ state: FAILED_TO_STAY_RUNNING }), 5000);
    expect((await status(id)).error).to.match(/failed 3 times within 60 minutes.*stopped answering health checks/);
  });

  it('does not fail a plugin whose isolate is busy in a hook within its deadline', async () => {
    const id = 'com.example.busy';
    await install(id);
    const pid = pidOf(id);
    // Several health checks (with 200 ms ping deadlines) fall within this one hook call.
    expect(await answer(id, `?busyMs=${HEALTH_CHECK_INTERVAL_MS * 8}`)).to.equal('alive');
    expect(pidOf(id)).to.equal(pid);
    expect(await status(id)).to.include({ state: RUNNING, error: '' });
  });

  it('pings nothing when PluginSettings.EnableHealthCheck is off', async () => {
    const id = 'com.example.unchecked';
    await install(id);
    ts.config.patch({ PluginSettings: { EnableHealthCheck: false } });
    const pid = pidOf(id)!;
    freeze(pid);
    // Long enough for several checks to have failed it, had any run.
    await new Promise((resolve) => setTimeout(resolve, HEALTH_CHECK_INTERVAL_MS * 8));
    expect(pidOf(id)).to.equal(pid);
    expect(await status(id)).to.include({ state: RUNNING });
    process.kill(pid, 'SIGCONT');
    frozen.delete(pid);
    expect(await answer(id)).to.equal('alive');
  });
});

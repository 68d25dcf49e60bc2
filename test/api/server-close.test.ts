// ParleyServer.close() against whatever may still be going on when it is called: requests and
// refused WebSocket upgrades from clients that do not hang up, plugins starting, restarting or
// crashing, an observer of the plugins that throws. close() must resolve, and leave no listening
// server and no plugin host behind: either would keep the process (and a test run) alive.
import { expect } from 'chai';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle, type PluginSpec } from '../helpers/plugin-bundles.ts';
import { eventually } from '../helpers/ws-client.ts';

const STARTING = 1;
/** Holds the isolate for a while in its factory, so the plugin is still starting when the server closes. */
const SLOW_START = 'export default () => { const until = Date.now() + 1500; while (Date.now() < until) {} return {}; };';
const HANGS_IN_SERVE_HTTP = 'export default () => ({ serveHttp() { for (;;) {} } });';

describe('server close', function () {
  this.timeout(20_000);
  /** Servers a test has not closed itself (it failed first): closed after it, so none outlives the suite. */
  const open = new Set<TestServer>();

  afterEach(async () => {
    for (const ts of open) await close(ts);
  });

  async function start(options: TestServerOptions = {}): Promise<TestServer> {
    const ts = await startTestServer(options);
    open.add(ts);
    return ts;
  }

  function close(ts: TestServer): Promise<void> {
    open.delete(ts);
    return ts.close();
  }

  /** Child processes of this process that have not ended: the plugin hosts, and the run's PostgreSQL. */
  const liveChildren = () => process.getActiveResourcesInfo().filter((type) => type === 'ProcessWrap').length;

  async function install(admin: Client4, spec: PluginSpec): Promise<void> {
    const bundle = pluginBundle(spec);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${spec.id}.tar.gz`) as never, false);
  }

  it('resolves when a keep-alive connection was still sending its request', async () => {
    const ts = await start();
    const agent = new http.Agent({ keepAlive: true });
    const request = http.request(`${ts.url}/api/v4/users/login`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': 2 } });
    // Answered, or cut by the close: either way its connection must not stay open for keepAliveTimeout.
    const settled = new Promise<void>((resolve) => {
      request.on('response', (res) => res.resume().on('end', resolve).on('error', resolve));
      request.on('error', () => resolve());
    });
    const received = once(ts.server.http, 'request');
    request.flushHeaders();
    await received;
    const closed = close(ts);
    await eventually(() => expect(ts.server.http.listening).to.equal(false));
    request.end('{}');
    await closed;
    await settled;
    agent.destroy();
  });

  it('resolves when a client never finished sending its request headers', async () => {
    const ts = await start();
    const socket = net.connect(Number(new URL(ts.url).port), '127.0.0.1');
    socket.on('error', () => {});
    await once(socket, 'connect');
    socket.write('GET /api/v4/system/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await eventually(async () => expect(await connections(ts)).to.equal(1));
    await close(ts);
    socket.destroy();
  });

  it('resolves when the client of a refused WebSocket upgrade keeps its side open', async () => {
    const ts = await start();
    const socket = net.connect({ port: Number(new URL(ts.url).port), host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    await once(socket, 'connect');
    socket.write(
      'GET /api/v4/not-the-websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await once(socket, 'end');
    expect(answer).to.match(/^HTTP\/1\.1 404 /);
    await close(ts);
    socket.destroy();
  });

  it('stops the plugins and the HTTP server when an observer of the plugins throws', async () => {
    const ts = await start({ config: { PluginSettings: { EnableUploads: true } } });
    const admin = (await createAdmin(ts)).client;
    const id = 'com.example.observed';
    await install(admin, { id });
    await admin.enablePlugin(id);
    const pid = ts.server.plugins.supervisor.get(id)?.process.pid;
    expect(pid).to.be.a('number');
    ts.server.plugins.supervisor.observe({
      changed() {
        throw new Error('an observer failed');
      },
    });
    await close(ts);
    expect(ts.server.http.listening).to.equal(false);
    await eventually(() => expect(() => process.kill(pid!, 0)).to.throw(/ESRCH/));
  });

  it('leaves no plugin host running when it closes while plugins start, wait to restart and crash', async function () {
    // Three plugins installed and started one after the other: seconds each on a busy machine.
    this.timeout(60_000);
    const children = liveChildren();
    const ts = await start({
      config: { PluginSettings: { EnableUploads: true, HookTimeoutMs: 300 } },
      pluginTimings: { restartDelaysMs: [60_000] },
    });
    const admin = (await createAdmin(ts)).client;
    const restarting = 'com.example.restarting';
    const crashing = 'com.example.crashing';
    const starting = 'com.example.starting';
    for (const id of [restarting, crashing]) {
      await install(admin, { id, server: HANGS_IN_SERVE_HTTP });
      await admin.enablePlugin(id);
    }
    await install(admin, { id: starting, server: SLOW_START });
    const supervisor = ts.server.plugins.supervisor;
    await (await fetch(`${ts.url}/plugins/${restarting}/`)).arrayBuffer();
    await eventually(() => expect(supervisor.state(restarting).error).to.match(/restarting in 60000 ms/));
    // Neither request is awaited: the server closes while they are in flight.
    const requests = [fetch(`${ts.url}/plugins/${crashing}/`), admin.enablePlugin(starting)].map((p) => Promise.resolve(p).catch(() => {}));
    await eventually(() => expect(supervisor.state(starting).state).to.equal(STARTING));
    await close(ts);
    await Promise.all(requests);
    expect(ts.server.http.listening).to.equal(false);
    await eventually(() => expect(liveChildren()).to.equal(children));
  });
});

function connections(ts: TestServer): Promise<number> {
  return new Promise((resolve, reject) => ts.server.http.getConnections((err, count) => (err ? reject(err) : resolve(count))));
}

// api.media (permission "media") through real plugins in the sandbox: the grant, the arguments, one
// plugin's calls kept from another's, and the supervision of the media process (and of the link to a
// standalone media service). No peer connects
// here, so no packet is sent: the media itself is tested in a loopback-only network namespace
// (plugins/calls/test/calls-media.test.ts).
import { expect } from 'chai';
import { deflateSync } from 'node:zlib';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { eventually } from '../helpers/ws-client.ts';
import { startMediaServerProcess } from '../helpers/media-server-process.ts';

const A = 'com.example.media';
const B = 'com.example.media-other';
const NONE = 'com.example.no-media';
/** Holds the "media" grant but never configures the service. */
const IDLE = 'com.example.media-unused';
const CONFIG = { udpAddress: '127.0.0.1', udpPort: 0, enableTcp: false, iceHostOverride: '', iceServers: [] };
const SERVICE_KEY = 'the-key-of-this-test-client';

// Each plugin answers api.media calls at /<method>, and at /heard the media events its hooks were handed.
const SERVER = `
const heard = [];
export default (api) => ({
  onMediaSignal(event) { heard.push({ hook: 'onMediaSignal', ...event }); },
  onMediaVoiceActivity(event) { heard.push({ hook: 'onMediaVoiceActivity', ...event }); },
  onMediaServiceRestarted() { heard.push({ hook: 'onMediaServiceRestarted' }); },
  async serveHttp(ctx, request) {
    if (request.path === '/heard') return { body: JSON.stringify({ result: heard }) };
    const args = JSON.parse(request.body || '[]');
    try {
      return { body: JSON.stringify({ result: (await api.media[request.path.slice(1)](...args)) ?? null }) };
    } catch (err) {
      return { body: JSON.stringify({ error: err.id }) };
    }
  },
});`;

describe('plugin media service (api.media)', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: Client4;

  const call = async (pluginId: string, method: string, ...args: unknown[]): Promise<{ result?: any; error?: string }> => {
    const response = await fetch(`${ts.url}/plugins/${pluginId}/${method}`, { method: 'POST', body: JSON.stringify(args) });
    return (await response.json()) as { result?: unknown; error?: string };
  };
  const ok = async (pluginId: string, method: string, ...args: unknown[]): Promise<any> => {
    const answer = await call(pluginId, method, ...args);
    expect(answer.error, `${pluginId} ${method}`).to.equal(undefined);
    return answer.result;
  };
  const refusal = async (pluginId: string, method: string, ...args: unknown[]) => (await call(pluginId, method, ...args)).error;
  const install = async (id: string, api: string[]) => {
    const bundle = pluginBundle({ id, server: SERVER, manifest: { permissions: { api } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, true);
    await admin.enablePlugin(id);
  };

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    await install(A, ['media']);
    await install(B, ['media']);
    await install(NONE, ['kv']);
    await install(IDLE, ['media']);
  });
  after(async () => {
    await ts?.close();
  });

  it('refuses every media method to a plugin whose manifest does not ask for "media"', async () => {
    for (const [method, args] of [['configure', [CONFIG]], ['status', []], ['createCall', ['x']], ['signal', ['x', 's', { candidateJson: '{}' }]]] as const) {
      expect(await refusal(NONE, method, ...args), method).to.equal('plugin.api.permission_denied');
    }
  });

  it('refuses calls before the plugin configured the service, and a configuration out of bounds', async () => {
    expect(await refusal(A, 'createCall', 'early')).to.equal('plugin.media.not_configured');
    expect(await refusal(A, 'configure', { ...CONFIG, udpPort: 10 })).to.equal('plugin.api.invalid_arguments');
    expect(await refusal(A, 'configure', { ...CONFIG, iceServers: [{ urls: ['http://stun.example.com'] }] })).to.equal('plugin.api.invalid_arguments');
    expect(await refusal(A, 'configure', { ...CONFIG, iceHostOverride: 'a b' })).to.equal('plugin.api.invalid_arguments');
    expect(await refusal(A, 'configure', 'everything')).to.equal('plugin.api.invalid_arguments');
    for (const serviceUrl of ['ftp://id:key@host', 'http://host:8045', 'http://id@host', 'not a url', 'http://id:key@host/?q=1']) {
      expect(await refusal(A, 'configure', { ...CONFIG, serviceUrl }), serviceUrl).to.equal('plugin.media.service_url.invalid');
    }
    expect(await refusal(A, 'configure', { ...CONFIG, serviceUrl: 7 })).to.equal('plugin.api.invalid_arguments');
    expect((await ts.server.plugins.media.status()).state).to.equal('stopped');
  });

  it('starts the service on configure and reports its process, memory and CPU', async () => {
    await ok(A, 'configure', CONFIG);
    const status = await ok(A, 'status');
    expect(status.state).to.equal('running');
    expect(status.pid).to.be.a('number').and.not.equal(process.pid);
    expect(status.rss_bytes).to.be.greaterThan(10 * 1024 * 1024);
    expect(status.cpu_percent).to.be.a('number');
    expect(status.restarts).to.equal(0);
  });

  it('checks ids and signals before they reach the service', async () => {
    await ok(A, 'configure', CONFIG);
    expect(await refusal(A, 'createCall', 'a b')).to.equal('plugin.api.invalid_arguments');
    expect(await refusal(A, 'createCall', 'x'.repeat(65))).to.equal('plugin.api.invalid_arguments');
    await ok(A, 'createCall', 'checks');
    await ok(A, 'addParticipant', 'checks', 's1');
    expect(await refusal(A, 'signal', 'checks', 's1', { sdpZlibBase64: 'eJw=', candidateJson: '{}' })).to.equal('plugin.api.invalid_arguments');
    expect(await refusal(A, 'signal', 'checks', 's1', { sdpZlibBase64: 'x'.repeat(100_000) })).to.equal('plugin.api.invalid_arguments');
    expect(await refusal(A, 'setMuted', 'checks', 's1', 'yes')).to.equal('plugin.api.invalid_arguments');
    // Well-formed but garbage: not zlib, zlib of no JSON, a zlib bomb, a candidate that is no candidate.
    const deflated = async (text: string) => deflateSync(text).toString('base64');
    expect(await refusal(A, 'signal', 'checks', 's1', { sdpZlibBase64: Buffer.from('not zlib').toString('base64') })).to.equal('plugin.media.signal.invalid');
    expect(await refusal(A, 'signal', 'checks', 's1', { sdpZlibBase64: await deflated('{"type":"offer","sdp":"hello"}') })).to.equal('plugin.media.signal.invalid');
    expect(await refusal(A, 'signal', 'checks', 's1', { sdpZlibBase64: await deflated(' '.repeat(10_000_000)) })).to.equal('plugin.media.signal.invalid');
    expect(await refusal(A, 'signal', 'checks', 's1', { candidateJson: '[1,2]' })).to.equal('plugin.media.signal.invalid');
    expect(await refusal(A, 'signal', 'checks', 'nobody', { candidateJson: '{"candidate":""}' })).to.equal('plugin.media.participant.not_found');
    expect((await ok(A, 'status')).state).to.equal('running');
  });

  it('hands the media events of a call only to a plugin that configured the service, never to one without the "media" grant', async () => {
    await ok(A, 'configure', CONFIG);
    await ok(A, 'createCall', 'heard');
    const media = ts.server.plugins.media;
    // Whatever the media process sends, an event naming a plugin without the grant reaches no hook of it.
    await media.received({ kind: 'voice', call: `${NONE} heard`, session: 's1', speaking: true });
    await media.received({ kind: 'signal', call: `${NONE} heard`, session: 's1', data: '{"type":"candidate","candidate":{}}' });
    await media.received({ kind: 'voice', call: `${A} heard`, session: 's1', speaking: true });
    expect(await ok(NONE, 'heard')).to.deep.equal([]);
    expect(await ok(A, 'heard')).to.deep.include({ hook: 'onMediaVoiceActivity', call_id: 'heard', session_id: 's1', speaking: true });
    await ok(A, 'endCall', 'heard');
  });

  it("keeps one plugin's calls from another plugin that names them", async () => {
    await ok(A, 'configure', CONFIG);
    await ok(B, 'configure', CONFIG);
    await ok(A, 'createCall', 'shared-name');
    await ok(A, 'addParticipant', 'shared-name', 'alice');
    expect(await refusal(B, 'removeParticipant', 'shared-name', 'alice')).to.equal('plugin.media.call.not_found');
    expect(await refusal(B, 'setMuted', 'shared-name', 'alice', true)).to.equal('plugin.media.call.not_found');
    expect(await refusal(B, 'signal', 'shared-name', 'alice', { candidateJson: '{"candidate":""}' })).to.equal('plugin.media.call.not_found');
    expect(await refusal(B, 'endCall', 'shared-name')).to.equal('plugin.media.call.not_found');
    // B's call of the same name is B's own; A's is untouched (alice is still in it).
    await ok(B, 'createCall', 'shared-name');
    await ok(B, 'endCall', 'shared-name');
    expect(await refusal(A, 'addParticipant', 'shared-name', 'alice')).to.equal('plugin.media.participant.exists');
    await ok(A, 'endCall', 'shared-name');
  });

  it('restarts a media process that died, and its calls are gone; once it runs again the plugins using it are told (onMediaServiceRestarted), to make them again', async () => {
    await ok(A, 'configure', CONFIG);
    await ok(A, 'createCall', 'before-crash');
    const { pid } = await ok(A, 'status');
    process.kill(pid, 'SIGKILL');
    await eventually(async () => {
      const status = await ok(A, 'status');
      expect(status.state).to.equal('running');
      expect(status.pid).to.not.equal(pid);
      expect(status.restarts).to.be.greaterThan(0);
      expect(status.last_exit).to.equal('signal SIGKILL');
    }, 15_000, 100);
    expect(await refusal(A, 'addParticipant', 'before-crash', 'bob')).to.equal('plugin.media.call.not_found');
    await eventually(async () => expect(await ok(A, 'heard')).to.deep.include({ hook: 'onMediaServiceRestarted' }), 5000, 50);
    // Neither the plugin without the grant nor the one with it that never configured the service is told.
    expect(await ok(NONE, 'heard')).to.deep.equal([]);
    expect(await ok(IDLE, 'heard')).to.deep.equal([]);
    // Told in time to make its calls again: the restarted service takes them.
    await ok(A, 'createCall', 'before-crash');
    await ok(A, 'endCall', 'before-crash');
  });

  it('tells of a restart (onMediaServiceRestarted) only the plugins that configured the service: never one without the "media" grant, nor one with the grant that did not configure it', async () => {
    await ok(A, 'configure', CONFIG);
    // The plugin without the grant cannot make itself a user of the service by configuring it.
    expect(await refusal(NONE, 'configure', CONFIG)).to.equal('plugin.api.permission_denied');
    const heardBefore = (await ok(A, 'heard')).length;
    // Settles once every plugin told has run its hook: whoever was not told by then never is.
    await ts.server.plugins.media.restored();
    expect((await ok(A, 'heard')).slice(heardBefore)).to.deep.equal([{ hook: 'onMediaServiceRestarted' }]);
    expect(await ok(NONE, 'heard')).to.deep.equal([]);
    expect(await ok(IDLE, 'heard')).to.deep.equal([]);
    // Once it configures the service, the plugin with the grant is told too.
    await ok(IDLE, 'configure', CONFIG);
    await ts.server.plugins.media.restored();
    expect(await ok(IDLE, 'heard')).to.deep.equal([{ hook: 'onMediaServiceRestarted' }]);
    expect(await ok(NONE, 'heard')).to.deep.equal([]);
    // Stopped, it no longer uses the service (the last test counts on it).
    await admin.disablePlugin(IDLE);
  });

  it('connects to a standalone media service (serviceUrl) instead, refusing a wrong key in the status, and reconnects after it restarts', async () => {
    let service = await startMediaServerProcess({ parley: SERVICE_KEY }, 0);
    try {
      await ok(A, 'configure', { ...CONFIG, serviceUrl: service.url('parley', SERVICE_KEY) });
      const status = await ok(A, 'status');
      expect(status).to.include({ state: 'running', pid: null, url: `http://${service.address}`, calls: 0 });
      await ok(A, 'createCall', 'remote');
      expect((await ok(A, 'status')).calls).to.equal(1);

      expect(await refusal(A, 'configure', { ...CONFIG, serviceUrl: service.url('parley', 'a-key-that-is-not-it') })).to.equal('plugin.media.unavailable');
      await eventually(async () => {
        const refused = await ok(A, 'status');
        expect(refused).to.include({ state: 'restarting', url: `http://${service.address}` });
        expect(refused.last_exit).to.equal(`refused by http://${service.address}: The client id and key were refused. (media.auth.refused)`);
      }, 10_000, 100);
      expect(await refusal(A, 'createCall', 'while-refused')).to.equal('plugin.media.unavailable');

      await ok(A, 'configure', { ...CONFIG, serviceUrl: service.url('parley', SERVICE_KEY) });
      // The lost link ended the call on both sides.
      expect(await refusal(A, 'endCall', 'remote')).to.equal('plugin.media.call.not_found');
      const address = service.address;
      const restarts = (await ok(A, 'status')).restarts;
      await service.close();
      await eventually(async () => expect((await ok(A, 'status')).restarts).to.be.greaterThan(restarts), 10_000, 100);
      service = await startMediaServerProcess({ parley: SERVICE_KEY }, 0, address);
      await eventually(async () => expect(await ok(A, 'status')).to.include({ state: 'running', url: `http://${address}` }), 40_000, 100);
    } finally {
      await service.close();
    }
    await ok(A, 'configure', CONFIG);
    expect((await ok(A, 'status')).pid).to.be.a('number');
  });

  it('stops the service when no running plugin uses it', async () => {
    await ok(A, 'configure', CONFIG);
    await ok(B, 'configure', CONFIG);
    const { pid } = await ok(A, 'status');
    await admin.disablePlugin(A);
    expect((await ok(B, 'status')).pid).to.equal(pid);
    await admin.disablePlugin(B);
    await eventually(async () => expect((await ts.server.plugins.media.status()).state).to.equal('stopped'), 10_000, 100);
    expect(() => process.kill(pid, 0)).to.throw();
  });
});

import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { pluginBundle, type PluginSpec } from '../helpers/plugin-bundles.ts';

/** A plugin whose serveHttp answers with what it was given, so a test sees exactly what reached it. */
const ECHO_SERVER = `export default () => ({
  serveHttp(ctx, request) {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plugin: PLUGIN_ID, request, request_id: ctx.request_id }) };
  },
});`;

function routePlugin(id: string, routes: string[]): PluginSpec {
  return { id, server: ECHO_SERVER.replace('PLUGIN_ID', JSON.stringify(id)), manifest: { permissions: { api: [], core_routes: routes } } };
}

describe('core paths served by plugins', () => {
  let ts: TestServer;
  let admin: Client4;
  let userToken: string;
  let userId: string;

  const upload = (spec: PluginSpec) => admin.uploadPlugin(new File([new Uint8Array(pluginBundle(spec))], 'plugin.tar.gz') as never, true);
  const installAndEnable = async (spec: PluginSpec) => {
    await upload(spec);
    await admin.enablePlugin(spec.id);
  };
  const request = (path: string, init: RequestInit = {}) => fetch(`${ts.url}${path}`, init);
  const echoed = async (response: Response) => {
    expect(response.status, await response.clone().text()).to.equal(200);
    return (await response.json()) as { plugin: string; request: { method: string; path: string; user_id: string; body: string; query: Record<string, string>; headers: Record<string, string> } };
  };

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true, TrustedPlugins: ['com.example.hooks', 'com.example.commands', 'com.example.nested'] } } });
    admin = (await createAdmin(ts)).client;
    const user = await createUser(ts, admin);
    userToken = user.client.getToken();
    userId = user.user.id;
    await installAndEnable(routePlugin('com.example.hooks', ['/hooks', '/api/v4/hooks']));
    await installAndEnable(routePlugin('com.example.nested', ['/hooks/commands']));
    await installAndEnable(routePlugin('com.example.commands', ['/api/v4/commands']));
  });
  after(async () => {
    await ts.close();
  });

  it('hands a request under a claimed prefix to the trusted owner with the full path, query and raw body', async () => {
    const answer = await echoed(await request('/hooks/abc123?x=1', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload=%7B%22text%22%3A%22hi%22%7D' }));
    expect(answer.plugin).to.equal('com.example.hooks');
    expect(answer.request).to.include({ method: 'POST', path: '/hooks/abc123', user_id: '', body: 'payload=%7B%22text%22%3A%22hi%22%7D' });
    expect(answer.request.query).to.deep.equal({ x: '1' });
    expect((await echoed(await request('/api/v4/hooks/incoming'))).request.path).to.equal('/api/v4/hooks/incoming');
  });

  it("tells the owner the caller's user id only for a valid session, and never forwards the credentials", async () => {
    const signedIn = await echoed(await request('/api/v4/hooks/incoming', { headers: { authorization: `Bearer ${userToken}`, 'mattermost-user-id': 'forged' } }));
    expect(signedIn.request.user_id).to.equal(userId);
    expect(signedIn.request.headers['mattermost-user-id']).to.equal(userId);
    expect(signedIn.request.headers).to.not.have.property('authorization');
    const forged = await echoed(await request('/api/v4/hooks/incoming', { headers: { authorization: 'Bearer not-a-token', 'mattermost-user-id': userId } }));
    expect(forged.request.user_id).to.equal('');
    expect(forged.request.headers).to.not.have.property('mattermost-user-id');
  });

  it('gives a path to the plugin claiming the longest prefix', async () => {
    expect((await echoed(await request('/hooks/commands/token', { method: 'POST' }))).plugin).to.equal('com.example.nested');
    expect((await echoed(await request('/hooks/commandsx', { method: 'POST' }))).plugin).to.equal('com.example.hooks');
  });

  it('keeps serving its own routes under a claimed prefix', async () => {
    const response = await request('/api/v4/commands/execute', { method: 'POST', headers: { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' }, body: '{}' });
    const body = (await response.json()) as { id: string };
    expect(response.status).to.equal(400);
    expect(body.id).to.equal('api.context.invalid_param.app_error');
    expect((await echoed(await request('/api/v4/commands?team_id=x'))).request.path).to.equal('/api/v4/commands');
  });

  it("ignores the claims of a plugin nobody trusted, so an uploaded bundle cannot take over Mattermost's paths", async () => {
    await installAndEnable(routePlugin('com.example.usurper', ['/api/v4/usurped', '/hooks/usurped']));
    const unclaimed = await request('/api/v4/usurped');
    expect(unclaimed.status).to.equal(404);
    expect((await echoed(await request('/hooks/usurped', { method: 'POST' }))).plugin).to.equal('com.example.hooks');
  });

  it('ignores a bundle that carries its own origin marker claiming to be prepackaged', async () => {
    const forger = routePlugin('com.example.forger', ['/api/v4/forged']);
    const bundle = pluginBundle(forger, [{ path: '.parley-origin', body: 'prepackaged' }]);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'plugin.tar.gz') as never, true);
    await admin.enablePlugin(forger.id);
    expect((await request('/api/v4/forged')).status).to.equal(404);
  });

  it('answers 503 naming the owner while it is disabled, and serves again once it is enabled', async () => {
    await admin.disablePlugin('com.example.hooks');
    const response = await request('/hooks/abc', { method: 'POST' });
    const body = (await response.json()) as { id: string; message: string };
    expect(response.status).to.equal(503);
    expect(body.id).to.equal('api.plugin.route_owner_not_running.app_error');
    expect(body.message).to.include('com.example.hooks');
    await admin.enablePlugin('com.example.hooks');
    expect((await echoed(await request('/hooks/abc', { method: 'POST' }))).plugin).to.equal('com.example.hooks');
  });

  it('frees the paths of a removed owner', async () => {
    await installAndEnable(routePlugin('com.example.nested', ['/hooks/commands']));
    await admin.removePlugin('com.example.nested');
    expect((await echoed(await request('/hooks/commands/token', { method: 'POST' }))).plugin).to.equal('com.example.hooks');
  });
});

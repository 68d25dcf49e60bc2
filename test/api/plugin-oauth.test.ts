// OAuth 2.0 connections for plugins' users, against a provider on loopback that speaks the token
// endpoint of RFC 6749 (with PKCE, RFC 7636): the authorize URL, the code exchange with the verifier
// only the server held, refresh, and the ways a state could be replayed, stolen or forged.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { HttpReceiver } from '../helpers/http-receiver.ts';

const ID = 'com.example.connector';

/** The plugin's routes: start, complete and refresh, answering the API's result or the error id. */
function connector(tokenUrl: string): string {
  const provider = { authorize_url: 'https://provider.example/login/oauth/authorize', token_url: tokenUrl, client_id: 'client-1', client_secret: 'secret-1', scopes: ['repo', 'read:org'] };
  return `
const provider = ${JSON.stringify(provider)};
export default (api) => ({
  async serveHttp(ctx, request) {
    try {
      if (request.path === '/connect') return { body: JSON.stringify({ result: await api.oauth.authorizeUrl(request.user_id, provider, { data: { channel: 'town-square' } }) }) };
      if (request.path === '/oauth/complete') return { body: JSON.stringify({ result: await api.oauth.complete(request.user_id, request.query, provider) }) };
      if (request.path === '/refresh') return { body: JSON.stringify({ result: await api.oauth.refresh(provider, JSON.parse(request.body).refresh_token) }) };
      if (request.path === '/elsewhere') return { body: JSON.stringify({ result: await api.oauth.authorizeUrl(request.user_id, { ...provider, token_url: 'https://tokens.example/token' }) }) };
    } catch (err) {
      return { body: JSON.stringify({ error: err.id, message: err.message }) };
    }
    return { status: 404 };
  },
});`;
}

interface Answer<T> {
  result?: T;
  error?: string;
  message?: string;
}

describe('plugin OAuth 2.0 connections', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let provider: HttpReceiver;

  const as = async <T>(user: LoggedIn, path: string, init: { method?: string; body?: string } = {}): Promise<Answer<T>> =>
    (await (await fetch(`${ts.url}/plugins/${ID}${path}`, { method: init.method ?? 'POST', body: init.body, headers: { Authorization: `Bearer ${user.client.getToken()}` } })).json()) as Answer<T>;
  const start = async (user: LoggedIn) => new URL((await as<{ url: string }>(user, '/connect')).result!.url);
  const complete = (user: LoggedIn, query: Record<string, string>) => as<{ token: Record<string, unknown>; data: unknown }>(user, `/oauth/complete?${new URLSearchParams(query)}`, { method: 'GET' });

  before(async () => {
    provider = await HttpReceiver.start();
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    await admin.patchConfig({ ServiceSettings: { SiteURL: ts.url, AllowedUntrustedInternalConnections: '127.0.0.1' } } as never);
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    const bundle = pluginBundle({ id: ID, server: connector(provider.urlOf('/token')), manifest: { permissions: { api: ['oauth'], http_hosts: ['127.0.0.1'] } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'connector.tar.gz') as never, false);
    await admin.enablePlugin(ID);
  });
  after(async () => {
    await ts.close();
    await provider.close();
  });

  it('sends the user to the provider with a server-kept state, a PKCE challenge and the plugin\'s own redirect', async () => {
    const url = await start(alice);
    expect(url.origin + url.pathname).to.equal('https://provider.example/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).to.include({ response_type: 'code', client_id: 'client-1', redirect_uri: `${ts.url}/plugins/${ID}/oauth/complete`, scope: 'repo read:org', code_challenge_method: 'S256' });
    expect(url.searchParams.get('state')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
  });

  it('exchanges the code with the verifier only the server held, and answers the token with its expiry', async () => {
    const url = await start(alice);
    provider.answerJson({ access_token: 'gho_alice', token_type: 'bearer', refresh_token: 'ghr_alice', expires_in: 3600, scope: 'repo' });
    const before = Date.now();
    const { result } = await complete(alice, { code: 'code-1', state: url.searchParams.get('state')! });
    const exchange = Object.fromEntries(new URLSearchParams(provider.to('/token').at(-1)!.body));
    expect(exchange).to.include({ grant_type: 'authorization_code', code: 'code-1', redirect_uri: `${ts.url}/plugins/${ID}/oauth/complete`, client_id: 'client-1', client_secret: 'secret-1' });
    expect(createHash('sha256').update(exchange.code_verifier).digest('base64url')).to.equal(url.searchParams.get('code_challenge'));
    expect(result!.data).to.deep.equal({ channel: 'town-square' });
    expect(result!.token).to.include({ access_token: 'gho_alice', token_type: 'bearer', refresh_token: 'ghr_alice', scope: 'repo' });
    expect(result!.token.expires_at).to.be.within(before + 3_600_000, Date.now() + 3_600_000);
  });

  it('uses a state once, and never for a user who did not start it', async () => {
    provider.answerJson({ access_token: 'gho_x', token_type: 'bearer' });
    const state = (await start(alice)).searchParams.get('state')!;
    expect((await complete(bob, { code: 'stolen', state })).error).to.equal('plugin.oauth.state_mismatch');
    // The attempt used the state up: not even alice can complete it now.
    expect((await complete(alice, { code: 'c', state })).error).to.equal('plugin.oauth.invalid_state');
    const replayed = (await start(alice)).searchParams.get('state')!;
    expect((await complete(alice, { code: 'c', state: replayed })).error).to.equal(undefined);
    expect((await complete(alice, { code: 'c', state: replayed })).error).to.equal('plugin.oauth.invalid_state');
    expect((await complete(alice, { code: 'c', state: 'forged-state' })).error).to.equal('plugin.oauth.invalid_state');
    expect((await complete(alice, { code: 'c' })).error).to.equal('plugin.oauth.invalid_state');
  });

  it('reports a refusal by the user or the provider', async () => {
    const denied = await complete(alice, { error: 'access_denied', error_description: 'The user said no', state: (await start(alice)).searchParams.get('state')! });
    expect(denied).to.deep.include({ error: 'plugin.oauth.denied' });
    expect(denied.message).to.include('The user said no');
    provider.answerJson({ error: 'bad_verification_code', error_description: 'The code is wrong' }, 200);
    const failed = await complete(alice, { code: 'bad', state: (await start(alice)).searchParams.get('state')! });
    expect(failed).to.deep.include({ error: 'plugin.oauth.token_failed' });
    expect(failed.message).to.include('bad_verification_code');
  });

  it('refreshes a token, reading a provider that answers with a form as GitHub does by default', async () => {
    provider.answerWith(() => ({ status: 200, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'access_token=gho_new&token_type=bearer&scope=repo' }));
    const { result } = await as<Record<string, unknown>>(alice, '/refresh', { body: JSON.stringify({ refresh_token: 'ghr_alice' }) });
    expect(result).to.deep.equal({ access_token: 'gho_new', token_type: 'bearer', scope: 'repo' });
    expect(Object.fromEntries(new URLSearchParams(provider.last.body))).to.include({ grant_type: 'refresh_token', refresh_token: 'ghr_alice', client_id: 'client-1' });
  });

  it('refuses a token URL outside the manifest\'s http_hosts, and starts nothing without SiteURL', async () => {
    expect((await as(alice, '/elsewhere')).error).to.equal('plugin.http.host_not_allowed');
    await admin.patchConfig({ ServiceSettings: { SiteURL: '' } } as never);
    try {
      expect((await as(alice, '/connect')).error).to.equal('plugin.oauth.site_url_missing');
    } finally {
      await admin.patchConfig({ ServiceSettings: { SiteURL: ts.url } } as never);
    }
  });
});

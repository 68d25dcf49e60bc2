import { expect } from 'chai';
import type { HttpRequest, HttpResponse, PluginAPI } from '@parley/plugin-api';
import { HookTable } from '../src/hook-table.ts';
import type { IncomingWebhook } from '../src/incoming-webhook.ts';
import type { OutgoingWebhook } from '../src/outgoing-webhook.ts';
import { webhookRoutes } from '../src/routes.ts';

// Enough API for a request to reach a handler: the server configuration, and no stored hooks.
const api = {
  config: { getServerConfig: async () => ({}) },
  kv: { get: async () => null },
} as unknown as PluginAPI;

const router = webhookRoutes({ api, incoming: new HookTable<IncomingWebhook>(api.kv, 'incoming'), outgoing: new HookTable<OutgoingWebhook>(api.kv, 'outgoing') });

async function send(method: string, path: string, request: Partial<HttpRequest> = {}): Promise<{ response: HttpResponse; error: { id: string; status_code: number } }> {
  const response = await router.serve({ request_id: 'r1' }, { method, path, query: {}, headers: {}, user_id: '', body: '', ...request });
  return { response, error: JSON.parse(response.body ?? '{}') };
}

describe('webhooks routes', () => {
  it('sends each path and method to its handler, which answers with its own errors', async () => {
    // Without a session, every management route reaches its handler and is refused there.
    for (const [method, path] of [
      ['get', '/api/v4/hooks/incoming/'],
      ['GET', '/api/v4/hooks/incoming/xyz'],
      ['PUT', '/api/v4/hooks/outgoing/xyz'],
      ['POST', '/api/v4/hooks/outgoing/xyz/regen_token'],
    ]) {
      expect((await send(method, path)).error, `${method} ${path}`).to.include({ id: 'api.context.session_expired.app_error', status_code: 401 });
    }
    expect((await send('POST', '/hooks/abc123', { headers: { 'content-type': 'application/json' }, body: '{"text": "hi"}' })).error).to.include({
      id: 'web.incoming_webhook.invalid.app_error',
      status_code: 400,
    });
  });

  it('answers 405 with Allow for a method a path does not serve and 404 for an unknown path', async () => {
    const wrongMethod = await send('GET', '/hooks/abc');
    expect(wrongMethod.response.status).to.equal(405);
    expect(wrongMethod.response.headers).to.include({ Allow: 'POST' });
    expect((await send('POST', '/hooks/a-b')).error).to.include({ status_code: 404, id: 'api.context.404.app_error' });
    expect((await send('GET', '/api/v4/hooks/sideways')).error).to.include({ status_code: 404, id: 'api.context.404.app_error' });
  });
});

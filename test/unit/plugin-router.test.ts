// createRouter (@parley/plugin-api): the serveHttp router plugins use, run in Node.
import { expect } from 'chai';
import { createRouter, HttpError, jsonResponse, type HttpRequest, type HttpResponse } from '@parley/plugin-api';

function request(method: string, path: string): HttpRequest {
  return { method, path, query: {}, headers: {}, user_id: '', body: '' };
}

function errorOf(response: HttpResponse): Record<string, unknown> {
  expect(response.headers).to.include({ 'Content-Type': 'application/json' });
  return JSON.parse(response.body ?? '');
}

describe('plugin-api router', () => {
  const router = createRouter()
    .get('/items', () => jsonResponse(200, { list: true }))
    .get('/items/{item_id}', (_ctx, req) => jsonResponse(200, { item: req.params.item_id }))
    .delete('/items/{item_id}', (_ctx, req) => jsonResponse(200, { deleted: req.params.item_id }))
    .get('/items/{item_id}/parts/{part}', (_ctx, req) => jsonResponse(200, req.params))
    .post(/^\/hooks\/(?<id>[A-Za-z0-9]+)$/, (_ctx, req) => jsonResponse(201, { hook: req.params.id }))
    .get('/refused', () => {
      throw new HttpError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', 'permission=manage_system');
    })
    .get('/broken', () => {
      throw new HttpError(500, 'plugin.example.broken', 'It broke.', 'secret detail');
    })
    .get('/bug', () => {
      throw new TypeError('a plain bug');
    });

  it('sends a request to the route of its method and path, with the decoded parameters', async () => {
    expect(JSON.parse((await router.serve({}, request('GET', '/items'))).body!)).to.deep.equal({ list: true });
    expect(JSON.parse((await router.serve({}, request('get', '/items/a%20b/'))).body!)).to.deep.equal({ item: 'a b' });
    expect(JSON.parse((await router.serve({}, request('DELETE', '/items/x'))).body!)).to.deep.equal({ deleted: 'x' });
    expect(JSON.parse((await router.serve({}, request('GET', '/items/x/parts/7'))).body!)).to.deep.equal({ item_id: 'x', part: '7' });
    const hook = await router.serve({}, request('POST', '/hooks/abc123'));
    expect({ status: hook.status, body: JSON.parse(hook.body!) }).to.deep.equal({ status: 201, body: { hook: 'abc123' } });
  });

  it('answers 404 for an unknown path and 405 with Allow for a known path and another method, as AppError JSON', async () => {
    const missing = await router.serve({ request_id: 'r1' }, request('GET', '/nothing'));
    expect(missing.status).to.equal(404);
    expect(errorOf(missing)).to.include({ id: 'api.context.404.app_error', request_id: 'r1', status_code: 404 });
    expect((await router.serve({}, request('POST', '/hooks/not-an-id'))).status).to.equal(404);
    const wrong = await router.serve({ request_id: 'r2' }, request('PUT', '/items/x'));
    expect(wrong.status).to.equal(405);
    expect(wrong.headers).to.include({ Allow: 'GET, DELETE' });
    expect(errorOf(wrong)).to.include({ id: 'api.context.405.app_error', request_id: 'r2', status_code: 405 });
  });

  it('answers 400 for a parameter that is not valid percent-encoding', async () => {
    const bad = await router.serve({}, request('GET', '/items/%E0%A4%A'));
    expect(bad.status).to.equal(400);
    expect(errorOf(bad)).to.include({ id: 'api.context.invalid_url_param.app_error' });
  });

  it('renders an HttpError a handler throws, with detailed_error only for 4xx', async () => {
    const refused = await router.serve({ request_id: 'r3' }, request('GET', '/refused'));
    expect(refused.status).to.equal(403);
    expect(errorOf(refused)).to.deep.equal({
      id: 'api.context.permissions.app_error',
      message: 'You do not have the appropriate permissions.',
      detailed_error: 'permission=manage_system',
      request_id: 'r3',
      status_code: 403,
    });
    const broken = await router.serve({}, request('GET', '/broken'));
    expect(broken.status).to.equal(500);
    expect(errorOf(broken)).to.include({ id: 'plugin.example.broken', detailed_error: '' });
  });

  it('leaves any other error to the server', async () => {
    const error = await router.serve({}, request('GET', '/bug')).then(
      () => expect.fail('the router answered'),
      (err: unknown) => err,
    );
    expect(error).to.be.instanceOf(TypeError);
  });

  it('refuses a pattern that is not a path', async () => {
    expect(() => createRouter().get('items', () => ({}))).to.throw(TypeError, /must be a RegExp or a path/);
  });
});

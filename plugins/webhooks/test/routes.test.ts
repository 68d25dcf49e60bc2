import { expect } from 'chai';
import { HttpError } from '@parley/plugin-api';
import { postIncomingWebhook } from '../src/incoming-endpoint.ts';
import { getIncomingHook, listIncomingHooks } from '../src/incoming-routes.ts';
import { regenOutgoingHookToken } from '../src/outgoing-routes.ts';
import { matchRoute } from '../src/routes.ts';

function failure(method: string, path: string): HttpError {
  try {
    matchRoute(method, path);
  } catch (err) {
    return err as HttpError;
  }
  throw new Error(`${method} ${path} matched`);
}

describe('webhooks routes', () => {
  it('sends each path and method to its handler with the path parameters', () => {
    expect(matchRoute('POST', '/hooks/abc123')).to.deep.equal({ handler: postIncomingWebhook, params: { id: 'abc123' } });
    expect(matchRoute('get', '/api/v4/hooks/incoming/')).to.deep.include({ handler: listIncomingHooks });
    expect(matchRoute('GET', '/api/v4/hooks/incoming/xyz')).to.deep.equal({ handler: getIncomingHook, params: { hook_id: 'xyz' } });
    expect(matchRoute('POST', '/api/v4/hooks/outgoing/xyz/regen_token')).to.deep.equal({ handler: regenOutgoingHookToken, params: { hook_id: 'xyz' } });
  });

  it('answers 405 for a method a path does not serve and 404 for an unknown path', () => {
    expect(failure('GET', '/hooks/abc')).to.include({ status: 405 });
    expect(failure('POST', '/hooks/a-b')).to.include({ status: 404 });
    expect(failure('GET', '/api/v4/hooks/sideways')).to.include({ status: 404, id: 'api.context.404.app_error' });
  });
});

import { expect } from 'chai';
import Router from '@koa/router';
import { createApiRouter } from '../../core/src/http/api-router.ts';

describe('SegmentIndexedRouter', () => {
  it("matches every route's paths to the same layers, in the same order, as @koa/router's own match", async () => {
    const api = createApiRouter();
    const noop = async () => {};
    // A small stand-in stack with what the real one holds (literal first segments, a parameter first, a
    // middleware, routes of several lengths under one segment), and patterns of varying length.
    api.use(noop);
    api.get('/users/:user_id', noop);
    api.get('/users/me', noop);
    api.post('/channels/:channel_id/members', noop);
    api.get('/:anything/ping', noop);
    api.get('/channels', noop);
    api.put('/users/:user_id/patch', noop);
    api.get('/users/:user_id/teams/:team_id/channels', noop);
    api.get('/files/*rest', noop);
    api.get('/users/:user_id{/image}', noop);
    api.get('/users/:user_id/image', noop);
    const paths = [
      '/api/v4/users/me', '/api/v4/USERS/me', '/api/v4/users/me/', '/api/v4/users/abc/patch', '/api/v4/channels', '/api/v4/channels/x/members',
      '/api/v4/system/ping', '/api/v4/users/ping', '/api/v4/nothing', '/api/v4//users/me', '/api/v4/u\u017Fers/me', '/api/v4', '/other', '/api/v4/channelsx',
      '/api/v4/users/abc/teams/def/channels', '/api/v4/users/abc/teams/def/channels/', '/api/v4/users/abc//teams/def/channels', '/api/v4/users/me//',
      '/api/v4/users/abc/image', '/api/v4/users/abc/image/', '/api/v4/users/abc/other', '/api/v4/files/a/b/c', '/api/v4/files/', '/api/v4/files',
      '/api/v4/users/a/b/c/d/e/f/g', '/api/v4/users/',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
        const ours = api.match(path, method);
        const theirs = Router.prototype.match.call(api, path, method);
        expect({ path, method, layers: ours.path.map((l) => l.path), both: ours.pathAndMethod.map((l) => l.path), route: ours.route }).to.deep.equal({
          path,
          method,
          layers: theirs.path.map((l) => l.path),
          both: theirs.pathAndMethod.map((l) => l.path),
          route: theirs.route,
        });
      }
    }
  });
});

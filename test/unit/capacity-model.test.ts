// The capacity benchmark's load model against a real server: every action it runs, run by every
// user of a small organisation in turn, must be accepted — a 4xx here is the model asking for
// something the server refuses (a wrong path, field or state), which the ramp would only show as a
// count. Each action runs directly, not drawn by weight, so the rare ones are covered too.
import { expect } from 'chai';
import { ACTIONS, comeOnline } from '../../scripts/bench/capacity-actions.ts';
import { bulkLoad } from '../../scripts/bench/capacity-bulk-load.ts';
import { HttpLoad } from '../../scripts/bench/capacity-http.ts';
import { planOrg } from '../../scripts/bench/capacity-org.ts';
import { RequestRecorder } from '../../scripts/bench/capacity-requests.ts';
import { startCapacityServer, type CapacityServer } from '../../scripts/bench/capacity-server.ts';
import { newSimContext, SimUser, type SimContext } from '../../scripts/bench/capacity-user.ts';

const USERS = 12;
/** Idle times (between scrolls) a hundredth of load-test-ng's; typing keeps its pace. */
const TIME_SCALE = 0.01;

describe('capacity load model', function () {
  this.timeout(300_000);
  let server: CapacityServer;
  let ctx: SimContext;

  before(async () => {
    const { org, seedPosts } = planOrg(USERS);
    server = await startCapacityServer();
    ctx = newSimContext(new HttpLoad(server.nodeUrls), org, server.nodeUrls, TIME_SCALE);
    await bulkLoad(server.url, server.databaseUrl, org, seedPosts);
    ctx.users.push(...org.users.map((data) => new SimUser(data, ctx, { drops: 0, gaps: 0, resumesRefused: 0 })));
    for (const user of ctx.users) await comeOnline(ctx, user);
    // Users come online as if their page had been open a while; one with a fresh browser, which has
    // seen nobody yet, makes the model fetch profiles and pictures too.
    const fresh = ctx.users[0].data;
    fresh.knownProfiles.fill(0);
    fresh.knownStatuses.fill(0);
  });

  after(async () => {
    ctx.http.open = false;
    await Promise.all(ctx.users.map((user) => user.socket.close()));
    ctx.http.close();
    await server.close();
  });

  it('has every request of every action it runs answered without a 4xx or 5xx, each action run by each of 12 users', async () => {
    const recorder = new RequestRecorder();
    ctx.http.recorder = recorder;
    for (const action of ACTIONS) {
      if (!action.run) continue;
      // Twice, so that actions that change what they pick from (a store of threads, categories) run on both sides of it.
      for (let round = 0; round < 2; round++) await Promise.all(ctx.users.map((user) => action.run!(ctx, user)));
    }
    await Promise.all(ctx.background);
    ctx.http.recorder = null;
    const answered = recorder.routes();
    expect(answered.filter((r) => r.refused > 0 || r.failed > 0).map((r) => `${r.route}: ${r.refused} refused (first ${r.firstRefusal}), ${r.failed} failed`)).to.deep.equal([]);
    // The requests the model gained with the server's routes were all sent.
    const routes = answered.map((r) => r.route);
    for (const route of [
      'GET /users/{id}/image',
      'GET /users/{id}/teams/unread',
      'GET /plugins/webapp',
      'GET /users/{id}/teams/{id}/threads',
      'GET /users/{id}/teams/{id}/threads?before',
      'PUT /users/{id}/teams/{id}/threads/{id}/read/{ts}',
      'PUT /users/{id}/teams/{id}/threads/{id}/following',
      'DELETE /users/{id}/teams/{id}/threads/{id}/following',
      'PUT /users/{id}/teams/{id}/threads/read',
      'GET /users/{id}/teams/{id}/channels/categories',
      'POST /users/{id}/teams/{id}/channels/categories',
      'PUT /users/{id}/teams/{id}/channels/categories',
      'GET /teams/{id}/channels/search_autocomplete',
      'POST /channels/group/search',
      'PUT /users/{id}/status/custom',
      'DELETE /users/{id}/status/custom',
      'GET /users/{id}/channels',
      'GET /users/{id}/channel_members',
      'GET /users/{id}/channels/{id}/posts/unread',
      'POST /users/{id}/posts/{id}/ack',
    ]) {
      expect(routes, route).to.include(route);
    }
  });
});

// In-product notices (Client4's getInProductNotices and updateNoticesAsViewed): no feed, so an empty
// list after Mattermost's checks, and views counted per user and notice as Mattermost counts them.
import { expect } from 'chai';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

describe('in-product notices (system/notices)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let team: Team;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('answers an empty list for each client kind Mattermost accepts', async () => {
    for (const client of ['web', 'desktop', 'mobile-ios', 'mobile-android']) {
      expect(await alice.client.getInProductNotices(team.id, client as never, '2.3.0')).to.deep.equal([]);
    }
  });

  it('refuses an unknown client kind and a malformed team id with 400', async () => {
    await expectClientError(alice.client.getInProductNotices(team.id, 'toaster' as never, '1.0.0'), 400, 'api.context.invalid_param.app_error');
    await expectClientError(alice.client.getInProductNotices('not-an-id', 'web' as never, '1.0.0'), 400, 'api.context.invalid_param.app_error');
  });

  it('counts each view of a notice per user, once per notice however often it is named in one call', async () => {
    const before = Math.floor(Date.now() / 1000);
    expect(await alice.client.updateNoticesAsViewed(['crt_admin_disabled', 'crt_admin_disabled', 'server_upgrade_v10.5'])).to.deep.include({ status: 'OK' });
    await alice.client.updateNoticesAsViewed(['crt_admin_disabled']);
    const views = await ts.store.productNotices.views(alice.user.id);
    expect(views.map(({ noticeId, viewed }) => ({ noticeId, viewed }))).to.deep.equal([
      { noticeId: 'crt_admin_disabled', viewed: 2 },
      { noticeId: 'server_upgrade_v10.5', viewed: 1 },
    ]);
    // Mattermost keeps the last view in Unix seconds.
    for (const view of views) expect(view.timestamp).to.be.within(before - 1, Math.ceil(Date.now() / 1000));
    expect(await ts.store.productNotices.views(admin.user.id)).to.deep.equal([]);
  });

  it('refuses a body that is not a list of notice ids with 400', async () => {
    await expectClientError(alice.client.updateNoticesAsViewed('crt_admin_disabled' as never), 400, 'api.context.invalid_param.app_error');
    await expectClientError(alice.client.updateNoticesAsViewed(['has spaces']), 400, 'api.context.invalid_param.app_error');
  });

  it('refuses anonymous callers with 401', async () => {
    await expectClientError(ts.client().getInProductNotices(team.id, 'web' as never, '1.0.0'), 401);
  });
});

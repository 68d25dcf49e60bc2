// PUT /channels/{channel_id}/scheme and /teams/{team_id}/scheme (Client4's updateChannelScheme and
// updateTeamScheme): Mattermost's checks, then 501, Parley having no permission schemes but the default one.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const SCHEME_ID = 'a'.repeat(26);

describe('scheme updates (channels/{id}/scheme, teams/{id}/scheme)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let channel: Channel;
  let team: Team;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('refuses a missing or malformed scheme_id with 400', async () => {
    await expectClientError(admin.client.updateChannelScheme(channel.id, ''), 400, 'api.context.invalid_param.app_error');
    await expectClientError(admin.client.updateChannelScheme(channel.id, 'short'), 400, 'api.context.invalid_param.app_error');
  });

  it('refuses users without manage_system with 403, channel admins included', async () => {
    await admin.client.updateChannelMemberSchemeRoles(channel.id, alice.user.id, true, true);
    await expectClientError(alice.client.updateChannelScheme(channel.id, SCHEME_ID), 403, 'api.context.permissions.app_error');
  });

  it('answers 404 for a channel that does not exist', async () => {
    await expectClientError(admin.client.updateChannelScheme('b'.repeat(26), SCHEME_ID), 404, 'app.channel.get.not_found.app_error');
  });

  it('answers 501 for any scheme, and the channel keeps the default scheme', async () => {
    await expectClientError(admin.client.updateChannelScheme(channel.id, SCHEME_ID), 501, 'api.channel.update_channel_scheme.license.error');
    expect((await admin.client.getChannel(channel.id)).scheme_id).to.equal('');
  });

  it("applies the same checks and answer to a team's scheme", async () => {
    await expectClientError(admin.client.updateTeamScheme(team.id, 'short'), 400, 'api.context.invalid_param.app_error');
    await admin.client.updateTeamMemberSchemeRoles(team.id, alice.user.id, true, true);
    await expectClientError(alice.client.updateTeamScheme(team.id, SCHEME_ID), 403, 'api.context.permissions.app_error');
    await expectClientError(admin.client.updateTeamScheme('b'.repeat(26), SCHEME_ID), 404, 'app.team.get.not_found.app_error');
    await expectClientError(admin.client.updateTeamScheme(team.id, SCHEME_ID), 501, 'api.team.update_team_scheme.license.error');
    expect((await admin.client.getTeam(team.id)).scheme_id).to.equal('');
  });
});

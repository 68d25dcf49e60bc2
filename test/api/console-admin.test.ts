// The REST routes the System Console's User Management pages use beyond the chat's: the role filter
// of the user search, every team channel with its team (GET /channels, POST /channels/search),
// channel privacy, unarchiving a team, and deactivation ending a user's sessions and sockets.
import { expect } from 'chai';
import type { ChannelsWithTotalCount, ChannelWithTeamData } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';

const FORBIDDEN = 'api.context.permissions.app_error';
const INVALID_PARAM = 'api.context.invalid_param.app_error';

describe('System Console administration API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  describe('user search by role', () => {
    it('finds only the users holding the role when the search names one', async () => {
      const prefix = uniqueName('rolesearch');
      const plain = await createUser(ts, admin.client, `${prefix}a`);
      const promoted = await createUser(ts, admin.client, `${prefix}b`);
      await admin.client.updateUserRoles(promoted.user.id, 'system_user system_admin');
      const admins = await admin.client.searchUsers(prefix, { role: 'system_admin' });
      expect(admins.map((u) => u.id)).to.deep.equal([promoted.user.id]);
      const everyone = await admin.client.searchUsers(prefix, {});
      expect(everyone.map((u) => u.id)).to.have.members([plain.user.id, promoted.user.id]);
    });
  });

  describe('every team channel (GET /channels, POST /channels/search)', () => {
    let otherTeam: Team;
    let secret: ChannelWithTeamData;

    before(async () => {
      otherTeam = await createTeamWith(admin.client, [bob.user.id]);
      const channel = await createChannelWith(bob.client, otherTeam, [bob.user.id], 'P');
      secret = { ...channel, team_display_name: otherTeam.display_name, team_name: otherTeam.name, team_update_at: otherTeam.update_at };
    });

    it('lists private channels of teams the admin is not in, each with its team, and a total when asked', async () => {
      const all = await admin.client.getAllChannels(0, 200, '', false, true, false, false, false, false);
      const found = all.channels.find((c) => c.id === secret.id);
      expect(found).to.include({ type: 'P', team_id: otherTeam.id, team_display_name: otherTeam.display_name, team_name: otherTeam.name });
      expect(all.total_count).to.be.at.least(all.channels.length);
      expect(all.channels.every((c) => c.type === 'O' || c.type === 'P')).to.equal(true);
    });

    it('searches by name, kind, team and archived state, paged with a total', async () => {
      const found = (await admin.client.searchAllChannels(secret.name, { page: 0, per_page: 10 })) as ChannelsWithTotalCount;
      expect(found.channels.map((c) => c.id)).to.deep.equal([secret.id]);
      expect(found.total_count).to.equal(1);
      expect(((await admin.client.searchAllChannels(secret.name, { public: true })) as ChannelWithTeamData[]).length).to.equal(0);
      expect(((await admin.client.searchAllChannels(secret.name, { team_ids: [team.id] })) as ChannelWithTeamData[]).length).to.equal(0);
      const archived = await createChannelWith(admin.client, team, [alice.user.id]);
      await admin.client.deleteChannel(archived.id);
      expect(((await admin.client.searchAllChannels(archived.name, {})) as ChannelWithTeamData[]).length).to.equal(0);
      expect(((await admin.client.searchAllChannels(archived.name, { include_deleted: true })) as ChannelWithTeamData[]).map((c) => c.id)).to.deep.equal([archived.id]);
      expect(((await admin.client.searchAllChannels('', { deleted: true, team_ids: [team.id] })) as ChannelWithTeamData[]).map((c) => c.id)).to.deep.equal([archived.id]);
    });

    it('refuses both lists to a user who is not a system admin', async () => {
      await expectClientError(bob.client.getAllChannels(0, 10, '', false, false, false, false, false, false), 403, FORBIDDEN);
      await expectClientError(bob.client.searchAllChannels(secret.name, {}), 403, FORBIDDEN);
    });

    it('refuses team ids that are not ids and a page size past the limit', async () => {
      await expectClientError(admin.client.searchAllChannels('x', { team_ids: ['not-an-id'] }), 400, INVALID_PARAM);
      await expectClientError(admin.client.searchAllChannels('x', { page: 0, per_page: 5000 }), 400, INVALID_PARAM);
    });
  });

  describe('channel privacy (PUT /channels/{id}/privacy)', () => {
    it('converts a public channel to private and back, and tells its members', async () => {
      const channel = await createChannelWith(admin.client, team, [alice.user.id]);
      const socket = await RawSocket.authenticated(ts, alice.client.getToken());
      const privateChannel = await admin.client.updateChannelPrivacy(channel.id, 'P');
      expect(privateChannel).to.include({ id: channel.id, type: 'P' });
      await socket.waitFor((f) => f.event === 'channel_converted' && (f.data as { channel_id: string }).channel_id === channel.id);
      expect((await admin.client.getChannel(channel.id)).type).to.equal('P');
      const announced = Object.values((await alice.client.getPosts(channel.id)).posts).find((p) => (p.type as string) === 'system_change_chan_privacy');
      expect(announced).to.include({ user_id: admin.user.id, message: 'This channel has been converted to a Private Channel.' });
      expect(announced?.props).to.deep.equal({ username: admin.user.username });
      expect((await admin.client.updateChannelPrivacy(channel.id, 'O')).type).to.equal('O');
      await socket.close();
    });

    it('keeps the default channel public', async () => {
      const townSquare = await admin.client.getChannelByName(team.id, 'town-square');
      await expectClientError(admin.client.updateChannelPrivacy(townSquare.id, 'P'), 400, 'api.channel.update_channel_privacy.default_channel_error');
      expect((await admin.client.getChannel(townSquare.id)).type).to.equal('O');
    });

    it('refuses a privacy that is neither O nor P, and a member without the convert permission', async () => {
      const channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
      await expectClientError(admin.client.updateChannelPrivacy(channel.id, 'D'), 400, INVALID_PARAM);
      await expectClientError(bob.client.updateChannelPrivacy(channel.id, 'P'), 403, FORBIDDEN);
      expect((await admin.client.getChannel(channel.id)).type).to.equal('O');
    });
  });

  describe('unarchiving a team (POST /teams/{id}/restore)', () => {
    it('brings an archived team back for its members', async () => {
      const archived = await createTeamWith(admin.client, [alice.user.id]);
      await admin.client.deleteTeam(archived.id);
      expect((await alice.client.getMyTeams()).map((t) => t.id)).not.to.include(archived.id);
      const restored = await admin.client.unarchiveTeam(archived.id);
      expect(restored).to.include({ id: archived.id, delete_at: 0 });
      expect((await alice.client.getMyTeams()).map((t) => t.id)).to.include(archived.id);
    });

    it('refuses a team member who may not manage the team', async () => {
      const archived = await createTeamWith(admin.client, [alice.user.id]);
      await admin.client.deleteTeam(archived.id);
      await expectClientError(alice.client.unarchiveTeam(archived.id), 403, FORBIDDEN);
      expect((await admin.client.getTeam(archived.id)).delete_at).to.be.above(0);
    });
  });

  describe('deactivation (PUT /users/{id}/active)', () => {
    it('ends the user\'s sessions and closes their sockets at once', async () => {
      const carol = await createUser(ts, admin.client);
      const socket = await RawSocket.authenticated(ts, carol.client.getToken());
      const started = Date.now();
      await admin.client.updateUserActive(carol.user.id, false);
      expect((await socket.closed).code).to.equal(1008);
      expect(Date.now() - started).to.be.below(5_000);
      await expectClientError(carol.client.getMe(), 401);
      expect((await admin.client.getUser(carol.user.id)).delete_at).to.be.above(0);
    });
  });
});

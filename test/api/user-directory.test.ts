// Listing users by team, channel or group tells who belongs to it: each filter needs the right to
// see that membership (Mattermost's getUsers, searchUsers and autocompleteUsers rules).
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

describe('user directory permissions', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let member: LoggedIn; // in the team and the private channel
  let teammate: LoggedIn; // in the team, not in the private channel
  let loner: LoggedIn; // in no team
  let team: Team;
  let otherTeam: Team;
  let privateChannel: Channel;
  let publicChannel: Channel;
  let direct: Channel;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    member = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    loner = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [member.user.id, teammate.user.id]);
    otherTeam = await createTeamWith(admin.client, []);
    privateChannel = await createChannelWith(admin.client, team, [member.user.id], 'P');
    publicChannel = await createChannelWith(admin.client, team, [member.user.id]);
    direct = await member.client.createDirectChannel([member.user.id, admin.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  const get = (as: LoggedIn, path: string) => fetch(`${ts.url}${path}`, { headers: { Authorization: `Bearer ${as.client.getToken()}` } });

  it('refuses the members of a private channel or a DM to users who cannot read it', async () => {
    for (const outsider of [teammate, loner]) {
      await expectClientError(outsider.client.getProfilesInChannel(privateChannel.id), 403, 'api.context.permissions.app_error');
      await expectClientError(outsider.client.searchUsers(member.user.username, { in_channel_id: privateChannel.id }), 403);
      await expectClientError(outsider.client.getProfilesInChannel(direct.id), 403);
      await expectClientError(outsider.client.autocompleteUsers('', team.id, privateChannel.id), 403);
    }
  });

  it('refuses who is not in a private channel, and asks for the team', async () => {
    await expectClientError(teammate.client.getProfilesNotInChannel(team.id, privateChannel.id, false), 403);
    await expectClientError(teammate.client.searchUsers(admin.user.username, { team_id: team.id, not_in_channel_id: privateChannel.id }), 403);
    const response = await get(member, `/api/v4/users?not_in_channel=${privateChannel.id}`);
    expect(response.status).to.equal(400);
    expect((await response.json()).id).to.equal('api.context.invalid_param.app_error');
  });

  it('refuses the members of a team, or those outside it, to users not in it', async () => {
    await expectClientError(loner.client.getProfilesInTeam(team.id), 403);
    await expectClientError(member.client.getProfilesInTeam(otherTeam.id), 403);
    await expectClientError(member.client.getProfilesNotInTeam(otherTeam.id, false), 403);
    await expectClientError(loner.client.searchUsers(member.user.username, { team_id: team.id }), 403);
    await expectClientError(loner.client.searchUsers(member.user.username, { not_in_team_id: team.id }), 403);
    await expectClientError(loner.client.autocompleteUsers('', team.id, ''), 403);
  });

  it('lets only admins list the users in no team', async () => {
    await expectClientError(member.client.getProfilesWithoutTeam(), 403, 'api.context.permissions.app_error');
    await expectClientError(member.client.searchUsers(loner.user.username, { without_team: true }), 403);
    const withoutTeam = await admin.client.getProfilesWithoutTeam();
    expect(withoutTeam.map((u) => u.id)).to.include(loner.user.id).and.not.include(member.user.id);
  });

  it('answers 404 for an unknown group, never listing everyone instead', async () => {
    const groupId = 'a'.repeat(26);
    await expectClientError(member.client.getProfilesInGroup(groupId), 404, 'app.group.no_rows');
    await expectClientError(member.client.getProfilesNotInGroup(groupId), 404, 'app.group.no_rows');
    await expectClientError(member.client.searchUsers('a', { in_group_id: groupId }), 404, 'app.group.no_rows');
  });

  it('lists a channel\'s members to its members, and a public channel\'s to the whole team', async () => {
    const inPrivate = await member.client.getProfilesInChannel(privateChannel.id);
    expect(inPrivate.map((u) => u.id)).to.have.members([admin.user.id, member.user.id]);
    const inPublic = await teammate.client.getProfilesInChannel(publicChannel.id);
    expect(inPublic.map((u) => u.id)).to.have.members([admin.user.id, member.user.id]);
    const notInPublic = await teammate.client.getProfilesNotInChannel(team.id, publicChannel.id, false);
    expect(notInPublic.map((u) => u.id)).to.deep.equal([teammate.user.id]);
    const inTeam = await teammate.client.getProfilesInTeam(team.id);
    expect(inTeam.map((u) => u.id)).to.have.members([admin.user.id, member.user.id, teammate.user.id]);
  });

  it('autocompletes a channel\'s members and the team\'s others, never by email', async () => {
    const found = await member.client.autocompleteUsers('', team.id, privateChannel.id);
    expect(found.users.map((u) => u.id)).to.have.members([admin.user.id, member.user.id]);
    expect(found.out_of_channel?.map((u) => u.id)).to.deep.equal([teammate.user.id]);
    const byName = await member.client.autocompleteUsers(teammate.user.username.slice(0, 8), team.id, '');
    expect(byName.users.map((u) => u.id)).to.include(teammate.user.id);
    const byEmail = await admin.client.autocompleteUsers(`${teammate.user.username}@`, '', '');
    expect(byEmail.users).to.deep.equal([]);
    expect((await get(member, `/api/v4/users/autocomplete?in_channel=${privateChannel.id}`)).status).to.equal(400);
  });
});

// Group-constrained teams and channels (Mattermost's group_constrained): only members of the
// directory groups linked to them may be added, group members are not removed by others, and the
// LDAP group sync takes out whoever is in none of the linked groups. Against the loopback LDAP
// directory the sync suites use.
import { expect } from 'chai';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { SyncableType } from '@mattermost/types/groups';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { LdapDirectory, type DirectoryPerson } from '../helpers/ldap-directory.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';

describe('group-constrained teams and channels', () => {
  let ts: TestServer;
  let directory: LdapDirectory;
  let admin: LoggedIn;

  before(async () => {
    directory = await LdapDirectory.start();
    ts = await startTestServer();
    admin = await createAdmin(ts);
    ts.config.patch({ LdapSettings: directory.settings() });
  });
  after(async () => {
    await ts.close();
    await directory.close();
  });

  /** A directory person with a Parley account (signed in once). */
  async function directoryUser(): Promise<{ person: DirectoryPerson; user: UserProfile }> {
    const uid = uniqueName('gc');
    const person = { uid, password: `pw-${uid}`, mail: `${uid}@corp.example`, givenName: 'Ada', sn: 'Lovelace' };
    directory.addPerson(person);
    return { person, user: await ts.client().login(uid, person.password) };
  }

  /**
   * A team and a private channel in it, both linked (auto_add) to a new directory group whose only
   * member is `member`; `outsider` is in the team, not in the group. Nothing is constrained yet.
   */
  async function linkedSetup(): Promise<{ cn: string; member: { person: DirectoryPerson; user: UserProfile }; outsider: UserProfile; team: Team; channel: Channel; groupId: string }> {
    const member = await directoryUser();
    const outsider = (await directoryUser()).user;
    const cn = uniqueName('grp');
    directory.setGroup(cn, `Group ${cn}`, [member.person.uid]);
    const group = await admin.client.linkLdapGroup(cn);
    const team = await createTeamWith(admin.client, [outsider.id]);
    const channel = await createChannelWith(admin.client, team, [], 'P');
    await admin.client.linkGroupSyncable(group.id, team.id, SyncableType.Team, { auto_add: true, scheme_admin: false });
    await admin.client.linkGroupSyncable(group.id, channel.id, SyncableType.Channel, { auto_add: true, scheme_admin: false });
    await admin.client.syncLdap();
    return { cn, member, outsider, team, channel, groupId: group.id };
  }

  async function teamMemberIds(teamId: string): Promise<string[]> {
    return (await admin.client.getTeamMembers(teamId, 0, 100)).map((m) => m.user_id);
  }

  async function channelMemberIds(channelId: string): Promise<string[]> {
    return (await admin.client.getChannelMembers(channelId, 0, 100)).map((m) => m.user_id);
  }

  it('takes group_constrained in the team and channel patches, from system admins only', async () => {
    const { team, channel } = await linkedSetup();
    const teamAdmin = await createUser(ts, admin.client);
    await admin.client.addToTeam(team.id, teamAdmin.user.id);
    await admin.client.updateTeamMemberRoles(team.id, teamAdmin.user.id, ['team_user', 'team_admin'] as never);
    await expectClientError(teamAdmin.client.patchTeam({ id: team.id, group_constrained: true }), 403);
    expect((await teamAdmin.client.patchTeam({ id: team.id, description: 'still editable' })).group_constrained).to.equal(false);

    expect((await admin.client.patchTeam({ id: team.id, group_constrained: true })).group_constrained).to.equal(true);
    expect((await admin.client.getTeam(team.id)).group_constrained).to.equal(true);
    expect((await admin.client.patchChannel(channel.id, { group_constrained: true })).group_constrained).to.equal(true);
    expect((await admin.client.getChannel(channel.id)).group_constrained).to.equal(true);
    await expectClientError(admin.client.patchChannel(channel.id, { group_constrained: 'yes' as never }), 400, 'api.context.invalid_param.app_error');
  });

  it('adds only members of the linked groups to a group-constrained team, and refuses its invite link', async () => {
    const { team, member } = await linkedSetup();
    await admin.client.patchTeam({ id: team.id, group_constrained: true });
    const stranger = await directoryUser();
    await expectClientError(admin.client.addToTeam(team.id, stranger.user.id), 400, 'api.team.add_members.user_denied');
    expect(await teamMemberIds(team.id)).to.not.include(stranger.user.id);
    // A group member who left may be added back.
    const memberClient = ts.client();
    await memberClient.login(member.person.uid, member.person.password);
    await memberClient.removeFromTeam(team.id, member.user.id);
    expect((await admin.client.addToTeam(team.id, member.user.id)).user_id).to.equal(member.user.id);

    const strangerClient = ts.client();
    await strangerClient.login(stranger.person.uid, stranger.person.password);
    const inviteId = (await admin.client.getTeam(team.id)).invite_id;
    await expectClientError(strangerClient.addToTeamFromInvite('', inviteId), 403, 'app.team.invite_id.group_constrained.error');
  });

  it('adds only members of the linked groups to a group-constrained channel', async () => {
    const { channel, outsider, member } = await linkedSetup();
    await admin.client.patchChannel(channel.id, { group_constrained: true });
    await expectClientError(admin.client.addToChannel(outsider.id, channel.id), 400, 'api.channel.add_members.user_denied');
    expect(await channelMemberIds(channel.id)).to.include(member.user.id).and.not.include(outsider.id);
  });

  it('refuses to remove a group member from a group-constrained team or channel, while people still leave themselves', async () => {
    const { team, channel, member } = await linkedSetup();
    await admin.client.patchTeam({ id: team.id, group_constrained: true });
    await admin.client.patchChannel(channel.id, { group_constrained: true });
    await expectClientError(admin.client.removeFromChannel(member.user.id, channel.id), 400, 'api.channel.remove_member.group_constrained.app_error');
    await expectClientError(admin.client.removeFromTeam(team.id, member.user.id), 400, 'api.team.remove_member.group_constrained.app_error');
    expect(await channelMemberIds(channel.id)).to.include(member.user.id);

    const memberClient = ts.client();
    await memberClient.login(member.person.uid, member.person.password);
    await memberClient.removeFromChannel(member.user.id, channel.id);
    await memberClient.removeFromTeam(team.id, member.user.id);
    expect(await teamMemberIds(team.id)).to.not.include(member.user.id);
  });

  it('takes people in none of the linked groups out on sync, and group members who leave the group', async () => {
    const { cn, team, channel, member, outsider } = await linkedSetup();
    const other = await directoryUser();
    await admin.client.addToTeam(team.id, other.user.id);
    await admin.client.addToChannel(other.user.id, channel.id);
    await admin.client.patchTeam({ id: team.id, group_constrained: true });
    await admin.client.patchChannel(channel.id, { group_constrained: true });
    await admin.client.syncLdap();
    const members = await teamMemberIds(team.id);
    expect(members).to.include(member.user.id);
    expect(members).to.not.include(outsider.id);
    expect(members).to.not.include(other.user.id);
    expect(await channelMemberIds(channel.id)).to.deep.equal([member.user.id]);

    directory.setGroup(cn, `Group ${cn}`, []);
    await admin.client.syncLdap();
    expect(await teamMemberIds(team.id)).to.not.include(member.user.id);
    expect(await channelMemberIds(channel.id)).to.deep.equal([]);
  });

  it('leaves teams and channels that are not group-constrained alone on sync', async () => {
    const { team, outsider } = await linkedSetup();
    await admin.client.syncLdap();
    expect(await teamMemberIds(team.id)).to.include(outsider.id);
  });

  it('lists the groups linked to a team or channel (GET /teams/{id}/groups, /channels/{id}/groups) to system admins', async () => {
    const { team, channel, groupId, member } = await linkedSetup();
    const forTeam = await admin.client.getAllGroupsAssociatedToTeam(team.id);
    expect({ ids: forTeam.groups.map((g) => g.id), total: forTeam.total_group_count }).to.deep.equal({ ids: [groupId], total: 1 });
    const forChannel = await admin.client.getAllGroupsAssociatedToChannel(channel.id);
    expect(forChannel.groups.map((g) => g.id)).to.deep.equal([groupId]);
    const memberClient = ts.client();
    await memberClient.login(member.person.uid, member.person.password);
    await expectClientError(memberClient.getAllGroupsAssociatedToTeam(team.id), 403);
    await expectClientError(admin.client.getAllGroupsAssociatedToTeam('x'.repeat(26)), 404);
  });
});

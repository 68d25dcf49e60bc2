import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { eventually, RecordingClient } from '../helpers/ws-client.ts';

const FORBIDDEN = 'api.context.permissions.app_error';

describe('group message to private channel API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let dave: LoggedIn;
  let guest: LoggedIn;
  let teamA: Team;
  let teamB: Team;
  /** alice's alone with dave: a team where the other GM members are not. */
  let teamC: Team;
  const sockets: RecordingClient[] = [];

  const commonTeamIds = async (who: LoggedIn, channelId: string) => ((await who.client.getGroupMessageMembersCommonTeams(channelId)).data as Team[] | null)?.map((t) => t.id) ?? null;
  const gmOf = (...people: LoggedIn[]) => people[0].client.createGroupChannel(people.map((p) => p.user.id));

  before(async () => {
    ts = await startTestServer({ config: { GuestAccountsSettings: { Enable: true } } });
    admin = await createAdmin(ts);
    [alice, bob, carol, dave, guest] = await Promise.all([1, 2, 3, 4, 5].map(() => createUser(ts, admin.client)));
    teamA = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id, dave.user.id, guest.user.id]);
    teamB = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    teamC = await createTeamWith(admin.client, [alice.user.id, dave.user.id]);
    await admin.client.demoteUserToGuest(guest.user.id);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  after(async () => {
    await ts.close();
  });

  it('lists the teams every member of a group or direct message is in', async () => {
    const gm = await gmOf(alice, bob, carol);
    expect(await commonTeamIds(bob, gm.id)).to.have.members([teamA.id, teamB.id]);
    expect(await commonTeamIds(alice, (await gmOf(alice, bob, dave)).id)).to.deep.equal([teamA.id]);
    const dm = await alice.client.createDirectChannel([alice.user.id, dave.user.id]);
    expect(await commonTeamIds(dave, dm.id)).to.have.members([teamA.id, teamC.id]);
    // Someone who may read it without being in it (an admin) hears null, as from Mattermost.
    expect(await commonTeamIds(admin, gm.id)).to.equal(null);
  });

  it('refuses the common teams to guests, strangers and for a team channel', async () => {
    const gm = await gmOf(alice, bob, guest);
    await expectClientError(guest.client.getGroupMessageMembersCommonTeams(gm.id), 403, 'api.channel.gm_to_channel_conversion.not_allowed_for_user.request_error');
    await expectClientError(dave.client.getGroupMessageMembersCommonTeams(gm.id), 403, FORBIDDEN);
    await expectClientError(dave.client.getGroupMessageMembersCommonTeams('x'.repeat(26)), 403, FORBIDDEN);
    const teamChannel = await createChannelWith(admin.client, teamA, [alice.user.id]);
    await expectClientError(alice.client.getGroupMessageMembersCommonTeams(teamChannel.id), 400, 'app.channel.get_common_teams.incorrect_channel_type');
  });

  it('makes the group message a private channel of the team, keeping its posts and members', async () => {
    const gm = await gmOf(alice, bob, carol);
    const before = await bob.client.createPost({ channel_id: gm.id, message: 'we should have a channel' } as Post);
    const watcher = new RecordingClient();
    sockets.push(watcher);
    await watcher.connect(ts, bob.client.getToken());

    const converted = (await alice.client.convertGroupMessageToPrivateChannel(gm.id, teamB.id, 'Launch crew', 'launch-crew')).data;
    expect(converted).to.include({ id: gm.id, type: 'P', team_id: teamB.id, name: 'launch-crew', display_name: 'Launch crew' });

    const members = await bob.client.getChannelMembers(gm.id);
    expect(members.map((m) => m.user_id)).to.have.members([alice.user.id, bob.user.id, carol.user.id]);
    expect(await alice.client.getChannelMember(gm.id, alice.user.id)).to.include({ scheme_admin: true });
    expect(await alice.client.getChannelMember(gm.id, bob.user.id)).to.include({ scheme_admin: false });
    const posts = await bob.client.getPosts(gm.id);
    expect(posts.order).to.include(before.id);
    const announcement = Object.values(posts.posts).find((p) => (p.type as string) === 'system_gm_to_channel')!;
    expect(announcement.user_id).to.equal(alice.user.id);
    const others = [alice, bob, carol].map((p) => p.user.username).sort();
    expect(announcement.message).to.equal(`${alice.user.username} created this channel from a group message with ${others[0]}, ${others[1]} and ${others[2]}.`);
    expect(announcement.props).to.deep.include({ convertedByUserId: alice.user.id });
    expect(announcement.props.gmMembersDuringConversionIDs).to.have.members([alice.user.id, bob.user.id, carol.user.id]);

    await eventually(() => expect(watcher.events.some((e) => e.event === 'channel_updated' && JSON.parse(e.data.channel as string).type === 'P')).to.equal(true));
    expect((await bob.client.getMyChannels(teamB.id)).map((c: Channel) => c.id)).to.include(gm.id);
    const categories = await bob.client.getChannelCategories(bob.user.id, teamB.id);
    const holding = categories.categories.filter((c) => c.channel_ids.includes(gm.id)).map((c) => c.type);
    expect(holding).to.deep.equal(['channels']);
  });

  it('refuses a guest, a team that is not common, a converter outside the conversation, and a name that is bad or taken', async () => {
    const gm = await gmOf(alice, bob, carol);
    const convert = (who: LoggedIn, teamId: string, name: string, channelId = gm.id) => who.client.convertGroupMessageToPrivateChannel(channelId, teamId, name, name);

    const withGuest = await gmOf(alice, bob, guest);
    await expectClientError(convert(guest, teamA.id, 'by-a-guest', withGuest.id), 403, 'api.channel.gm_to_channel_conversion.not_allowed_for_user.request_error');
    await expectClientError(convert(alice, teamC.id, 'not-common'), 400, 'app.channel.group_message_conversion.incorrect_team');
    await expectClientError(convert(dave, teamB.id, 'not-my-team'), 403, FORBIDDEN);
    await expectClientError(convert(dave, teamA.id, 'not-my-gm'), 404, 'app.channel.get_member.missing.app_error');
    await expectClientError(convert(alice, teamA.id, 'Not A Name'), 400, 'model.channel.is_valid.2_or_more.app_error');
    const taken = await createChannelWith(admin.client, teamA, []);
    await expectClientError(convert(alice, teamA.id, taken.name), 400, 'store.sql_channel.update.exists.app_error');
    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    await expectClientError(convert(alice, teamA.id, 'from-a-dm', dm.id), 404, 'app.channel.group_message_conversion.original_channel_not_gm');

    // The body must name the channel of the path.
    const mismatch = await fetch(`${ts.url}/api/v4/channels/${gm.id}/convert_to_channel`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel_id: dm.id, team_id: teamA.id, name: 'mismatch', display_name: 'Mismatch' }),
    });
    expect(mismatch.status).to.equal(400);
    expect(((await mismatch.json()) as { id: string }).id).to.equal('api.context.invalid_param.app_error');
    // Nothing of it changed.
    expect(await alice.client.getChannel(gm.id)).to.include({ type: 'G', team_id: '' });
  });
});

import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

const FORBIDDEN = 'api.context.permissions.app_error';
const INVALID_PARAM = 'api.context.invalid_param.app_error';

describe('channels API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  const events: LiveEvent[] = [];
  const eventsAbout = (channelId: string) => events.filter((e) => e.data.channel_id === channelId || e.broadcast.channel_id === channelId);

  before(async () => {
    ts = await startTestServer();
    ts.server.events.subscribe((e) => events.push(e));
    admin = await createAdmin(ts);
    [alice, bob, carol] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    const name = uniqueName('team');
    team = await alice.client.createTeam({ name, display_name: name, type: 'O', allow_open_invite: true } as Team);
    await bob.client.addToTeam(team.id, bob.user.id);
  });
  after(async () => {
    await ts.close();
  });

  function newChannel(fields: Partial<Channel> = {}): Channel {
    const name = uniqueName('chan');
    return { team_id: team.id, name, display_name: `Channel ${name}`, type: 'O', ...fields } as Channel;
  }

  it('creates a public channel with the creator as channel admin and announces it', async () => {
    const channel = await bob.client.createChannel(newChannel({ purpose: 'talk' }));
    expect(channel).to.include({ team_id: team.id, type: 'O', purpose: 'talk', creator_id: bob.user.id, total_msg_count: 0, last_post_at: 0 });
    const member = await bob.client.getChannelMember(channel.id, bob.user.id);
    // The creator's own join message is read by them.
    expect(member).to.include({ roles: 'channel_user channel_admin', scheme_admin: true, mention_count: 0, msg_count: 1 });
    expect(member.notify_props).to.deep.equal({ desktop: 'default', email: 'default', mark_unread: 'all', push: 'default', ignore_channel_mentions: 'default' });
    expect(eventsAbout(channel.id)).to.deep.include({ event: 'channel_created', data: { channel_id: channel.id, team_id: team.id }, broadcast: { user_id: bob.user.id } });
  });

  it('rejects a taken name, invalid names and a missing display name with their ids', async () => {
    const channel = await bob.client.createChannel(newChannel());
    await expectClientError(bob.client.createChannel(newChannel({ name: channel.name })), 400, 'store.sql_channel.save_channel.exists.app_error');
    for (const name of ['', 'Upper', '-lead', 'trail_', 'sp ace', 'x'.repeat(65)]) {
      await expectClientError(bob.client.createChannel(newChannel({ name })), 400, 'model.channel.is_valid.2_or_more.app_error');
    }
    await expectClientError(bob.client.createChannel(newChannel({ display_name: '' })), 400, 'model.channel.is_valid.display_name.app_error');
  });

  it('refuses channel creation to users outside the team', async () => {
    await expectClientError(carol.client.createChannel(newChannel()), 403, FORBIDDEN);
  });

  it('hides private channels from non-members but not from system admins', async () => {
    const secret = await alice.client.createChannel(newChannel({ type: 'P' }));
    await expectClientError(bob.client.getChannel(secret.id), 403, FORBIDDEN);
    await expectClientError(bob.client.getChannelMembers(secret.id), 403, FORBIDDEN);
    await expectClientError(bob.client.getChannelByName(team.id, secret.name), 404, 'app.channel.get_by_name.missing.app_error');
    await expectClientError(bob.client.addToChannel(bob.user.id, secret.id), 403, FORBIDDEN);
    expect((await admin.client.getChannel(secret.id)).id).to.equal(secret.id);
    const publicList = await bob.client.getChannels(team.id);
    expect(publicList.map((c) => c.id)).not.to.include(secret.id);
  });

  it('finds channels by team id or team name and lists public ones', async () => {
    const channel = await alice.client.createChannel(newChannel());
    expect((await bob.client.getChannelByName(team.id, channel.name)).id).to.equal(channel.id);
    expect((await bob.client.getChannelByNameAndTeamName(team.name, channel.name)).id).to.equal(channel.id);
    expect((await bob.client.getChannels(team.id, 0, 200)).map((c) => c.name)).to.include.members([channel.name, 'town-square', 'off-topic']);
    await expectClientError(carol.client.getChannels(team.id), 403, FORBIDDEN);
  });

  it('lets team members join and leave public channels but never leave town-square', async () => {
    const channel = await alice.client.createChannel(newChannel());
    const member = await bob.client.addToChannel(bob.user.id, channel.id);
    expect(member).to.include({ channel_id: channel.id, user_id: bob.user.id, roles: 'channel_user' });
    const mine = await bob.client.getMyChannels(team.id);
    expect(mine.map((c) => c.id)).to.include(channel.id);
    // Two posts: the system messages of alice and bob joining; bob's own marks the channel read for him.
    expect(mine.find((c) => c.id === channel.id)).to.include({ create_at: channel.create_at, total_msg_count: 2 });
    const myMembers = await bob.client.getMyChannelMembers(team.id);
    const mineMember = myMembers.find((m) => m.channel_id === channel.id)!;
    expect(mineMember).to.include({ msg_count: 2, mention_count: 0 });
    expect(mineMember.last_update_at).to.be.at.least(member.last_update_at);
    await bob.client.removeFromChannel(bob.user.id, channel.id);
    await expectClientError(bob.client.getChannelMember(channel.id, bob.user.id), 404, 'app.channel.get_member.missing.app_error');
    expect(eventsAbout(channel.id).map((e) => [e.event, e.data, e.broadcast])).to.deep.include.members([
      ['user_added', { team_id: team.id, user_id: bob.user.id }, { channel_id: channel.id }],
      ['user_removed', { channel_id: channel.id, remover_id: bob.user.id }, { user_id: bob.user.id }],
      ['user_removed', { user_id: bob.user.id, remover_id: bob.user.id }, { channel_id: channel.id }],
    ]);
    const townSquare = await bob.client.getChannelByName(team.id, 'town-square');
    await expectClientError(bob.client.removeFromChannel(bob.user.id, townSquare.id), 400, 'api.channel.remove.default.app_error');
  });

  it('adds only team members to channels and lets only members manage a private channel', async () => {
    const secret = await alice.client.createChannel(newChannel({ type: 'P' }));
    await expectClientError(alice.client.addToChannel(carol.user.id, secret.id), 403, 'api.channel.add_user.to.channel.failed.app_error');
    await alice.client.addToChannel(bob.user.id, secret.id);
    expect((await bob.client.getChannel(secret.id)).id).to.equal(secret.id);
    const ids = (await alice.client.getChannelMembers(secret.id)).map((m) => m.user_id);
    expect(ids.sort()).to.deep.equal([alice.user.id, bob.user.id].sort());
    expect((await alice.client.getChannelStats(secret.id)).member_count).to.equal(2);
    await alice.client.removeFromChannel(bob.user.id, secret.id);
    await expectClientError(bob.client.getChannel(secret.id), 403, FORBIDDEN);
  });

  it('patches and updates a channel, refusing non-members of a private channel', async () => {
    const channel = await alice.client.createChannel(newChannel({ type: 'P' }));
    const patched = await alice.client.patchChannel(channel.id, { header: 'new header', display_name: 'Better' });
    expect(patched).to.include({ header: 'new header', display_name: 'Better', name: channel.name });
    const updated = await alice.client.updateChannel({ ...patched, purpose: 'why' });
    expect(updated.purpose).to.equal('why');
    await expectClientError(bob.client.patchChannel(channel.id, { header: 'mine' }), 403, FORBIDDEN);
    const other = await alice.client.createChannel(newChannel());
    await expectClientError(alice.client.patchChannel(channel.id, { name: other.name }), 400, 'store.sql_channel.save_channel.exists.app_error');
  });

  it('archives and restores a channel, but never town-square', async () => {
    const channel = await alice.client.createChannel(newChannel());
    await expectClientError(carol.client.deleteChannel(channel.id), 403, FORBIDDEN);
    await alice.client.deleteChannel(channel.id);
    const archived = await alice.client.getChannel(channel.id);
    expect(archived.delete_at).to.be.greaterThan(0);
    expect(eventsAbout(channel.id)).to.deep.include({ event: 'channel_deleted', data: { channel_id: channel.id, delete_at: archived.delete_at }, broadcast: { channel_id: channel.id } });
    await expectClientError(bob.client.getChannelByName(team.id, channel.name), 404, 'app.channel.get_by_name.missing.app_error');
    expect((await bob.client.getChannelByName(team.id, channel.name, true)).id).to.equal(channel.id);
    await expectClientError(alice.client.deleteChannel(channel.id), 400, 'api.channel.delete_channel.deleted.app_error');
    await expectClientError(bob.client.unarchiveChannel(channel.id), 403, FORBIDDEN);
    const restored = await alice.client.unarchiveChannel(channel.id);
    expect(restored.delete_at).to.equal(0);
    const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
    await expectClientError(alice.client.deleteChannel(townSquare.id), 400, 'api.channel.delete_channel.cannot.app_error');
  });

  it('creates one direct channel per pair and returns it again', async () => {
    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    expect(dm).to.include({ type: 'D', team_id: '', name: [alice.user.id, bob.user.id].sort().join('__') });
    const again = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    expect(again.id).to.equal(dm.id);
    expect((await bob.client.getMyChannels(team.id)).map((c) => c.id)).to.include(dm.id);
    await expectClientError(carol.client.getChannel(dm.id), 403, FORBIDDEN);
    await expectClientError(carol.client.createDirectChannel([alice.user.id, bob.user.id]), 403, FORBIDDEN);
    await expectClientError(alice.client.removeFromChannel(alice.user.id, dm.id), 400, 'api.channel.remove_user_from_channel.type.app_error');
  });

  it('creates group channels of 3 to 8 users including the caller', async () => {
    const gm = await alice.client.createGroupChannel([bob.user.id, carol.user.id]);
    expect(gm).to.include({ type: 'G', team_id: '' });
    expect(gm.name).to.match(/^[0-9a-f]{40}$/);
    expect(gm.display_name.split(', ').sort()).to.deep.equal([alice.user.username, bob.user.username, carol.user.username].sort());
    const again = await carol.client.createGroupChannel([alice.user.id, bob.user.id, carol.user.id]);
    expect(again.id).to.equal(gm.id);
    expect((await carol.client.getChannelStats(gm.id)).member_count).to.equal(3);
    await expectClientError(alice.client.createGroupChannel([bob.user.id]), 400, 'api.channel.create_group.bad_size.app_error');
  });

  it('updates channel roles for channel admins only', async () => {
    const channel = await alice.client.createChannel(newChannel());
    await bob.client.addToChannel(bob.user.id, channel.id);
    await expectClientError(bob.client.updateChannelMemberRoles(channel.id, bob.user.id, 'channel_user channel_admin'), 403, FORBIDDEN);
    await alice.client.updateChannelMemberRoles(channel.id, bob.user.id, 'channel_user channel_admin');
    expect((await bob.client.getChannelMember(channel.id, bob.user.id)).roles).to.equal('channel_user channel_admin');
    await expectClientError(alice.client.updateChannelMemberRoles(channel.id, bob.user.id, 'team_admin'), 400, 'api.channel.update_channel_member_roles.scheme_role.app_error');
  });

  it("changes a member's notify props: the settable keys given, the others kept, extra keys ignored, and tells the member's clients", async () => {
    const channel = await bob.client.createChannel(newChannel());
    const answer = await bob.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, mark_unread: 'mention', push: 'none', colour: 'red' } as never);
    expect(answer).to.deep.equal({ status: 'OK' });
    const member = await bob.client.getChannelMember(channel.id, bob.user.id);
    expect(member.notify_props).to.deep.equal({ desktop: 'default', email: 'default', mark_unread: 'mention', push: 'none', ignore_channel_mentions: 'default' });
    const announced = events
      .filter((e) => e.event === 'channel_member_updated' && e.broadcast.user_id === bob.user.id)
      .map((e) => JSON.parse(e.data.channelMember as string) as { channel_id: string; notify_props: Record<string, string> });
    expect(announced.find((m) => m.channel_id === channel.id)?.notify_props).to.deep.equal(member.notify_props);
    // A system admin may change anyone's.
    await admin.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, mark_unread: 'all' } as never);
    expect((await bob.client.getChannelMember(channel.id, bob.user.id)).notify_props).to.include({ mark_unread: 'all', push: 'none' });
  });

  it("refuses notify props with a wrong value (Mattermost's id for each key), a body that is not an object of strings, another user's membership and a missing one", async () => {
    const channel = await bob.client.createChannel(newChannel());
    const set = (who: LoggedIn, userId: string, props: Record<string, string>) => who.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: userId, ...props } as never);
    const wrong: [string, string][] = [
      ['mark_unread', 'model.channel_member.is_valid.unread_level.app_error'],
      ['desktop', 'model.channel_member.is_valid.notify_level.app_error'],
      ['push', 'model.channel_member.is_valid.push_level.app_error'],
      ['email', 'model.channel_member.is_valid.email_value.app_error'],
      ['ignore_channel_mentions', 'model.channel_member.is_valid.ignore_channel_mentions_value.app_error'],
    ];
    for (const [key, id] of wrong) await expectClientError(set(bob, bob.user.id, { [key]: 'loudly' }), 400, id);
    const raw = await fetch(`${ts.url}/api/v4/channels/${channel.id}/members/${bob.user.id}/notify_props`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${bob.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mark_unread: true }),
    });
    expect(raw.status).to.equal(400);
    expect((await raw.json()).id).to.equal(INVALID_PARAM);
    await expectClientError(set(alice, bob.user.id, { mark_unread: 'mention' }), 403, FORBIDDEN);
    await expectClientError(set(carol, carol.user.id, { mark_unread: 'mention' }), 404, 'app.channel.get_member.missing.app_error');
    // Nothing refused was stored.
    expect((await bob.client.getChannelMember(channel.id, bob.user.id)).notify_props).to.include({ mark_unread: 'all', desktop: 'default', push: 'default', email: 'default' });
  });

  it('adds several users with user_ids and answers with the list of members', async () => {
    const channel = await alice.client.createChannel(newChannel({ type: 'P' }));
    const dave = await createUser(ts, admin.client);
    await admin.client.addToTeam(team.id, dave.user.id);
    const members = await alice.client.addToChannels([bob.user.id, dave.user.id], channel.id);
    expect(members.map((m) => m.user_id).sort()).to.deep.equal([bob.user.id, dave.user.id].sort());
    await expectClientError(bob.client.addToChannels([carol.user.id], channel.id), 403, 'api.channel.add_user.to.channel.failed.app_error');
    await expectClientError(dave.client.addToChannels([], channel.id), 400, INVALID_PARAM);
  });

  it('refuses channel bodies of the wrong shape with invalid_param before anything changes', async () => {
    await expectClientError(bob.client.createChannel({ ...newChannel(), display_name: 42 } as unknown as Channel), 400, INVALID_PARAM);
    await expectClientError(bob.client.createChannel({ ...newChannel(), team_id: 'nope' }), 400, INVALID_PARAM);
    const channel = await bob.client.createChannel(newChannel());
    const other = await bob.client.createChannel(newChannel());
    const crossed = await fetch(`${ts.url}/api/v4/channels/${channel.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${bob.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...other, header: 'crossed' }),
    });
    expect([crossed.status, ((await crossed.json()) as { id: string }).id]).to.deep.equal([400, INVALID_PARAM]);
    await expectClientError(bob.client.patchChannel(channel.id, { header: ['a'] } as unknown as Partial<Channel>), 400, INVALID_PARAM);
    expect((await bob.client.getChannel(channel.id)).header).to.equal('');
    await expectClientError(alice.client.createDirectChannel([alice.user.id, bob.user.id, carol.user.id]), 400, INVALID_PARAM);
    await expectClientError(alice.client.createGroupChannel(['short', bob.user.id]), 400, INVALID_PARAM);
    await expectClientError(alice.client.updateChannelMemberRoles(channel.id, bob.user.id, ['channel_user'] as unknown as string), 400, INVALID_PARAM);
  });

  it("sends Mattermost's Channel, ChannelMembership and ChannelStats fields", async () => {
    const channel = await bob.client.createChannel(newChannel());
    expect(channel).to.include({ scheme_id: '', group_constrained: false, shared: false, policy_id: null, total_msg_count_root: 0, extra_update_at: 0 });
    const member = await bob.client.getChannelMember(channel.id, bob.user.id);
    expect(member).to.include({ scheme_guest: false, scheme_user: true, explicit_roles: '', urgent_mention_count: 0 });
    expect(await bob.client.getChannelStats(channel.id, true)).to.deep.equal({ channel_id: channel.id, member_count: 1, guest_count: 0, pinnedpost_count: 0, files_count: 0 });
  });

  it('leaves the files out of channel stats when asked to (exclude_files_count), as Mattermost: files_count -1', async () => {
    const channel = await bob.client.createChannel(newChannel());
    // The client's second argument is includeFileCount: without it, it sends exclude_files_count=true.
    expect(await bob.client.getChannelStats(channel.id)).to.deep.equal({ channel_id: channel.id, member_count: 1, guest_count: 0, pinnedpost_count: 0, files_count: -1 });
  });

  it('counts the members of several channels at once, only when the caller may read every one of them', async () => {
    const open = await alice.client.createChannel(newChannel());
    const secret = await alice.client.createChannel(newChannel({ type: 'P' }));
    await alice.client.addToChannel(bob.user.id, open.id);
    expect(await alice.client.getChannelsMemberCount([open.id, secret.id, open.id])).to.deep.equal({ [open.id]: 2, [secret.id]: 1 });
    // A public channel of the team can be read by a team member who has not joined it.
    await bob.client.removeFromChannel(bob.user.id, open.id);
    expect(await bob.client.getChannelsMemberCount([open.id])).to.deep.equal({ [open.id]: 1 });
    await expectClientError(bob.client.getChannelsMemberCount([open.id, secret.id]), 403, FORBIDDEN);
    await expectClientError(bob.client.getChannelsMemberCount(['x'.repeat(26)]), 403, FORBIDDEN);
    await expectClientError(bob.client.getChannelsMemberCount(['not-an-id']), 400, INVALID_PARAM);
    await expectClientError(bob.client.getChannelsMemberCount({ ids: [open.id] } as never), 400, INVALID_PARAM);
  });

  it("lists the members' time zones once each, automatic or manual as each member chose, to readers of the channel only", async () => {
    const channel = await alice.client.createChannel(newChannel({ type: 'P' }));
    await alice.client.addToChannel(bob.user.id, channel.id);
    await alice.client.patchMe({ timezone: { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris', manualTimezone: 'Asia/Tokyo' } } as never);
    await bob.client.patchMe({ timezone: { useAutomaticTimezone: 'false', automaticTimezone: 'Europe/Paris', manualTimezone: 'America/Denver' } } as never);
    expect(await alice.client.getChannelTimezones(channel.id)).to.deep.equal(['America/Denver', 'Europe/Paris']);
    await bob.client.patchMe({ timezone: { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris' } } as never);
    expect(await bob.client.getChannelTimezones(channel.id)).to.deep.equal(['Europe/Paris']);
    await expectClientError(carol.client.getChannelTimezones(channel.id), 403, FORBIDDEN);
  });

  it('marks a channel viewed: read counts catch up and mentions reset', async () => {
    const channel = await alice.client.createChannel(newChannel());
    await bob.client.addToChannel(bob.user.id, channel.id);
    await alice.client.createPost({ channel_id: channel.id, message: `hello @${bob.user.username}` } as Post);
    const before = Date.now();
    const response = (await bob.client.viewMyChannel(channel.id)) as unknown as { status: string; last_viewed_at_times: Record<string, number> };
    expect(response.status).to.equal('OK');
    expect(response.last_viewed_at_times[channel.id]).to.be.at.least(before);
    const current = await bob.client.getChannel(channel.id);
    const member = await bob.client.getChannelMember(channel.id, bob.user.id);
    expect(member).to.include({ msg_count: current.total_msg_count, mention_count: 0, last_viewed_at: response.last_viewed_at_times[channel.id] });
    // The user's clients hear it as Mattermost's since 9.0 say it: multiple_channels_viewed with the times.
    expect(events.filter((e) => e.event === 'multiple_channels_viewed' && e.broadcast.user_id === bob.user.id).map((e) => e.data.channel_times)).to.deep.include(response.last_viewed_at_times);
    await expectClientError(carol.client.viewMyChannel(channel.id), 403, FORBIDDEN);
  });

  describe('marking many channels read', () => {
    const put = (who: LoggedIn, path: string, body?: unknown) =>
      fetch(`${ts.url}/api/v4${path}`, { method: body === undefined ? 'PUT' : 'POST', headers: { Authorization: `Bearer ${who.client.getToken()}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    /** Three channels with a post mentioning Bob in each: two of the team, one DM with Alice. */
    const unreadEverywhere = async () => {
      const first = await alice.client.createChannel(newChannel());
      const second = await alice.client.createChannel(newChannel());
      for (const channel of [first, second]) await alice.client.addToChannel(bob.user.id, channel.id);
      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      for (const channel of [first, second, dm]) await alice.client.createPost({ channel_id: channel.id, message: `see @${bob.user.username}` } as Post);
      return { first, second, dm };
    };
    const mentionsOf = async (channelId: string) => (await bob.client.getChannelMember(channelId, bob.user.id)).mention_count;

    it('marks the channels named read (POST mark_read), skipping those the user is not in, and says when', async () => {
      const { first, second, dm } = await unreadEverywhere();
      const outsider = await alice.client.createChannel(newChannel());
      const client = bob.client as unknown as { readMultipleChannels(ids: string[]): Promise<{ status: string; last_viewed_at_times: Record<string, number> }> };
      const answer = await client.readMultipleChannels([first.id, outsider.id]);
      expect(answer.status).to.equal('OK');
      expect(Object.keys(answer.last_viewed_at_times)).to.deep.equal([first.id]);
      expect([await mentionsOf(first.id), await mentionsOf(second.id), await mentionsOf(dm.id)]).to.deep.equal([0, 1, 1]);
      expect(events.filter((e) => e.event === 'multiple_channels_viewed').map((e) => e.data.channel_times)).to.deep.include(answer.last_viewed_at_times);
    });

    it('marks every direct and group message read (PUT direct/read), and every channel of a team (PUT /users/{id}/teams/{id}/read)', async () => {
      const { first, second, dm } = await unreadEverywhere();
      const direct = await (await put(bob, `/channels/members/${bob.user.id}/direct/read`)).json();
      expect(direct.last_viewed_at_times).to.have.property(dm.id);
      expect(direct.last_viewed_at_times).to.not.have.property(first.id);
      expect([await mentionsOf(first.id), await mentionsOf(dm.id)]).to.deep.equal([1, 0]);

      const inTeam = await (await put(bob, `/users/${bob.user.id}/teams/${team.id}/read`)).json();
      expect(inTeam.status).to.equal('OK');
      expect(inTeam.last_viewed_at_times).to.include.keys(first.id, second.id);
      expect(inTeam.last_viewed_at_times).to.not.have.property(dm.id);
      expect([await mentionsOf(first.id), await mentionsOf(second.id)]).to.deep.equal([0, 0]);
      expect((await bob.client.getMyTeamUnreads()).find((u) => u.team_id === team.id)).to.include({ msg_count: 0, mention_count: 0 });
    });

    it("refuses another user's channels (403), a team the user cannot view (403), an empty or malformed list (400)", async () => {
      expect((await put(carol, `/channels/members/${bob.user.id}/direct/read`)).status).to.equal(403);
      expect((await put(carol, `/users/${bob.user.id}/teams/${team.id}/read`)).status).to.equal(403);
      expect((await put(carol, `/users/${carol.user.id}/teams/${team.id}/read`)).status).to.equal(403);
      for (const body of [[], ['nope'], { channel_ids: [] }]) {
        const refused = await put(bob, `/channels/members/${bob.user.id}/mark_read`, body);
        expect(refused.status).to.equal(400);
        expect((await refused.json()).id).to.equal(INVALID_PARAM);
      }
      expect((await put(alice, `/channels/members/${bob.user.id}/mark_read`, [team.id])).status).to.equal(403);
    });
  });
});

// The system messages Mattermost's server posts for joins, leaves and channel changes: their type,
// props, English text, author and channel, as Mattermost's clients read them.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { AdminConfig } from '@mattermost/types/config';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';

describe('system messages', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;

  before(async () => {
    ts = await startTestServer({ prepackaged: true });
    admin = await createAdmin(ts);
    [alice, bob, carol] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  /** The channel's system posts, oldest first. */
  async function systemPosts(client: Client4, channelId: string): Promise<Post[]> {
    const list = await client.getPosts(channelId);
    return list.order
      .map((id) => list.posts[id])
      .filter((p) => p.type.startsWith('system_'))
      .reverse();
  }

  async function lastSystemPost(client: Client4, channelId: string): Promise<Post> {
    const posts = await systemPosts(client, channelId);
    expect(posts, 'system posts').to.not.be.empty;
    return posts[posts.length - 1];
  }

  function newChannel(creator: LoggedIn, type: 'O' | 'P' = 'O'): Promise<Channel> {
    const name = uniqueName('chan');
    return creator.client.createChannel({ team_id: team.id, name, display_name: `Channel ${name}`, type } as Channel);
  }

  async function townSquareAndOffTopic(client: Client4, teamId: string): Promise<[Channel, Channel]> {
    return [await client.getChannelByName(teamId, 'town-square'), await client.getChannelByName(teamId, 'off-topic')];
  }

  describe('channel membership', () => {
    it('announces the creator joining a channel they create', async () => {
      const channel = await newChannel(alice);
      const posts = await systemPosts(alice.client, channel.id);
      expect(posts).to.have.length(1);
      expect(posts[0]).to.include({ type: 'system_join_channel', user_id: alice.user.id, channel_id: channel.id, message: `${alice.user.username} joined the channel.` });
      expect(posts[0].props).to.deep.equal({ username: alice.user.username });
    });

    it('posts system_join_channel by the user who joins, and sends it to members as a posted event', async () => {
      const channel = await newChannel(alice);
      const socket = await RawSocket.authenticated(ts, alice.client.getToken());
      try {
        await bob.client.addToChannel(bob.user.id, channel.id);
        const post = await lastSystemPost(alice.client, channel.id);
        expect(post).to.include({ type: 'system_join_channel', user_id: bob.user.id, channel_id: channel.id, message: `${bob.user.username} joined the channel.` });
        expect(post.props).to.deep.equal({ username: bob.user.username });

        const event = await socket.waitFor((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === post.id);
        expect(event.broadcast).to.include({ channel_id: channel.id });
        expect(event.data).to.include({ channel_type: 'O', channel_name: channel.name, sender_name: `@${bob.user.username}`, team_id: team.id });
        expect(JSON.parse(event.data!.post)).to.include({ type: 'system_join_channel', user_id: bob.user.id, message: post.message });
      } finally {
        await socket.close();
      }
    });

    it('posts system_add_to_channel by the user who adds someone else, naming both', async () => {
      const channel = await newChannel(alice, 'P');
      await alice.client.addToChannel(carol.user.id, channel.id);
      const post = await lastSystemPost(alice.client, channel.id);
      expect(post).to.include({
        type: 'system_add_to_channel',
        user_id: alice.user.id,
        channel_id: channel.id,
        message: `${carol.user.username} added to the channel by ${alice.user.username}.`,
      });
      expect(post.props).to.deep.equal({ userId: alice.user.id, username: alice.user.username, addedUserId: carol.user.id, addedUsername: carol.user.username });
    });

    it('posts system_leave_channel by the user who leaves', async () => {
      const channel = await createChannelWith(alice.client, team, [bob.user.id]);
      await bob.client.removeFromChannel(bob.user.id, channel.id);
      const post = await lastSystemPost(alice.client, channel.id);
      expect(post).to.include({ type: 'system_leave_channel', user_id: bob.user.id, channel_id: channel.id, message: `@${bob.user.username} left the channel.` });
      expect(post.props).to.deep.equal({ username: bob.user.username });
    });

    it('posts system_remove_from_channel by the remover, naming the removed user', async () => {
      const channel = await createChannelWith(alice.client, team, [carol.user.id]);
      await alice.client.removeFromChannel(carol.user.id, channel.id);
      const post = await lastSystemPost(alice.client, channel.id);
      expect(post).to.include({ type: 'system_remove_from_channel', user_id: alice.user.id, channel_id: channel.id, message: `@${carol.user.username} removed from the channel.` });
      expect(post.props).to.deep.equal({ removedUserId: carol.user.id, removedUsername: carol.user.username });
    });

    it('posts nothing when someone leaves a group message', async () => {
      const group = await alice.client.createGroupChannel([alice.user.id, bob.user.id, carol.user.id]);
      await carol.client.removeFromChannel(carol.user.id, group.id);
      expect(await systemPosts(alice.client, group.id)).to.be.empty;
    });

    it('counts system posts in the channel totals and leaves them unread for other members', async () => {
      const channel = await createChannelWith(alice.client, team, []);
      await bob.client.addToChannel(bob.user.id, channel.id);
      const [fresh, posts] = [await alice.client.getChannel(channel.id), await systemPosts(alice.client, channel.id)];
      expect(posts.map((p) => p.type)).to.deep.equal(['system_join_channel', 'system_join_channel']);
      expect(fresh.total_msg_count).to.equal(2);
      // Each join is read by the one who joined; alice has not seen bob's.
      expect(await alice.client.getChannelMember(channel.id, alice.user.id)).to.include({ msg_count: 1 });
      expect(await bob.client.getChannelMember(channel.id, bob.user.id)).to.include({ msg_count: 2 });
    });
  });

  describe('team membership', () => {
    it('posts system_join_team in town-square and system_join_channel in off-topic for a user who joins', async () => {
      const name = uniqueName('team');
      const open = await admin.client.createTeam({ name, display_name: name, type: 'O', allow_open_invite: true } as Team);
      await bob.client.addToTeam(open.id, bob.user.id);
      const [townSquare, offTopic] = await townSquareAndOffTopic(bob.client, open.id);

      const joinTeam = await lastSystemPost(bob.client, townSquare.id);
      expect(joinTeam).to.include({ type: 'system_join_team', user_id: bob.user.id, message: `${bob.user.username} joined the team.` });
      expect(joinTeam.props).to.deep.equal({ username: bob.user.username });
      const joinChannel = await lastSystemPost(bob.client, offTopic.id);
      expect(joinChannel).to.include({ type: 'system_join_channel', user_id: bob.user.id, message: `${bob.user.username} joined the channel.` });
    });

    it('announces the team creator joining its default channels', async () => {
      const name = uniqueName('team');
      const created = await alice.client.createTeam({ name, display_name: name, type: 'O' } as Team);
      const [townSquare, offTopic] = await townSquareAndOffTopic(alice.client, created.id);
      expect((await systemPosts(alice.client, townSquare.id)).map((p) => [p.type, p.user_id])).to.deep.equal([['system_join_team', alice.user.id]]);
      expect((await systemPosts(alice.client, offTopic.id)).map((p) => [p.type, p.user_id])).to.deep.equal([['system_join_channel', alice.user.id]]);
    });

    it('posts system_add_to_team and system_add_to_channel by the admin who adds a user', async () => {
      const added = await createTeamWith(admin.client, [carol.user.id]);
      const [townSquare, offTopic] = await townSquareAndOffTopic(carol.client, added.id);
      const props = { userId: admin.user.id, username: admin.user.username, addedUserId: carol.user.id, addedUsername: carol.user.username };

      const addTeam = await lastSystemPost(carol.client, townSquare.id);
      expect(addTeam).to.include({ type: 'system_add_to_team', user_id: admin.user.id, message: `${carol.user.username} added to the team by ${admin.user.username}.` });
      expect(addTeam.props).to.deep.equal(props);
      const addChannel = await lastSystemPost(carol.client, offTopic.id);
      expect(addChannel).to.include({ type: 'system_add_to_channel', user_id: admin.user.id, message: `${carol.user.username} added to the channel by ${admin.user.username}.` });
      expect(addChannel.props).to.deep.equal(props);
    });

    it('posts system_leave_team and system_remove_from_team in town-square, by the user who left', async () => {
      const other = await createTeamWith(admin.client, [bob.user.id, carol.user.id]);
      const [townSquare] = await townSquareAndOffTopic(admin.client, other.id);
      await bob.client.removeFromTeam(other.id, bob.user.id);
      const left = await lastSystemPost(admin.client, townSquare.id);
      expect(left).to.include({ type: 'system_leave_team', user_id: bob.user.id, message: `${bob.user.username} left the team.` });
      expect(left.props).to.deep.equal({ username: bob.user.username });

      await admin.client.removeFromTeam(other.id, carol.user.id);
      const removed = await lastSystemPost(admin.client, townSquare.id);
      expect(removed).to.include({ type: 'system_remove_from_team', user_id: carol.user.id, message: `${carol.user.username} removed from the team.` });
      expect(removed.props).to.deep.equal({ username: carol.user.username });
    });

    it('posts no team join or leave messages while ExperimentalEnableDefaultChannelLeaveJoinMessages is off', async () => {
      const setting = (on: boolean) => admin.client.patchConfig({ ServiceSettings: { ExperimentalEnableDefaultChannelLeaveJoinMessages: on } } as unknown as Partial<AdminConfig>);
      await setting(false);
      try {
        const quiet = await createTeamWith(admin.client, [bob.user.id]);
        await bob.client.removeFromTeam(quiet.id, bob.user.id);
        const [townSquare, offTopic] = await townSquareAndOffTopic(admin.client, quiet.id);
        expect(await systemPosts(admin.client, townSquare.id)).to.be.empty;
        expect(await systemPosts(admin.client, offTopic.id)).to.be.empty;
        // Joining any other channel is still announced.
        const channel = await newChannel(alice);
        expect((await systemPosts(alice.client, channel.id)).map((p) => p.type)).to.deep.equal(['system_join_channel']);
      } finally {
        await setting(true);
      }
    });
  });

  describe('channel changes', () => {
    it('posts system_header_change by the user who sets, changes and removes the header', async () => {
      const channel = await newChannel(alice);
      await alice.client.patchChannel(channel.id, { header: 'first' });
      await alice.client.patchChannel(channel.id, { header: 'second' });
      await alice.client.patchChannel(channel.id, { header: '' });
      const changes = (await systemPosts(alice.client, channel.id)).filter((p) => p.type === 'system_header_change');
      const name = alice.user.username;
      expect(changes.map((p) => p.message)).to.deep.equal([
        `${name} updated the channel header to: first`,
        `${name} updated the channel header from: first to: second`,
        `${name} removed the channel header (was: second)`,
      ]);
      expect(changes.map((p) => p.props)).to.deep.equal([
        { username: name, old_header: '', new_header: 'first' },
        { username: name, old_header: 'first', new_header: 'second' },
        { username: name, old_header: 'second', new_header: '' },
      ]);
      for (const post of changes) expect(post).to.include({ user_id: alice.user.id, channel_id: channel.id });
    });

    it('posts system_purpose_change and system_displayname_change through PUT /channels/{id}', async () => {
      const channel = await newChannel(alice);
      await alice.client.updateChannel({ ...channel, purpose: 'plans', display_name: 'Renamed' });
      const [rename, purpose] = (await systemPosts(alice.client, channel.id)).slice(1);
      const name = alice.user.username;
      expect(rename).to.include({ type: 'system_displayname_change', user_id: alice.user.id, message: `${name} updated the channel display name from: ${channel.display_name} to: Renamed` });
      expect(rename.props).to.deep.equal({ username: name, old_displayname: channel.display_name, new_displayname: 'Renamed' });
      expect(purpose).to.include({ type: 'system_purpose_change', user_id: alice.user.id, message: `${name} updated the channel purpose to: plans` });
      expect(purpose.props).to.deep.equal({ username: name, old_purpose: '', new_purpose: 'plans' });
    });

    it('posts nothing when a patch leaves the fields as they were', async () => {
      const channel = await newChannel(alice);
      await alice.client.patchChannel(channel.id, { header: '', purpose: '', display_name: channel.display_name });
      expect((await systemPosts(alice.client, channel.id)).map((p) => p.type)).to.deep.equal(['system_join_channel']);
    });

    it('posts system_channel_deleted before archiving and system_channel_restored after restoring', async () => {
      const channel = await newChannel(alice);
      await alice.client.deleteChannel(channel.id);
      const archived = await lastSystemPost(alice.client, channel.id);
      expect(archived).to.include({ type: 'system_channel_deleted', user_id: alice.user.id, message: `${alice.user.username} archived the channel.` });
      expect(archived.props).to.deep.equal({ username: alice.user.username });
      expect((await alice.client.getChannel(channel.id)).delete_at).to.be.above(0);

      await admin.client.unarchiveChannel(channel.id);
      const restored = await lastSystemPost(alice.client, channel.id);
      expect(restored).to.include({ type: 'system_channel_restored', user_id: admin.user.id, message: `${admin.user.username} unarchived the channel.` });
      expect(restored.props).to.deep.equal({ username: admin.user.username });
    });

    it('posts the /header change as the user who ran the command', async () => {
      const channel = await createChannelWith(admin.client, team, [bob.user.id]);
      await bob.client.executeCommand('/header from the command line', { channel_id: channel.id, team_id: team.id } as never);
      const post = await lastSystemPost(bob.client, channel.id);
      expect(post).to.include({ type: 'system_header_change', user_id: bob.user.id, message: `${bob.user.username} updated the channel header to: from the command line` });
      expect(post.props).to.deep.equal({ username: bob.user.username, old_header: '', new_header: 'from the command line' });
    });
  });

  it('refuses system post types from clients', async () => {
    const channel = await newChannel(alice);
    await expectClientError(alice.client.createPost({ channel_id: channel.id, message: 'fake', type: 'system_join_channel' } as Post), 400, 'api.context.invalid_param.app_error');
    expect((await systemPosts(alice.client, channel.id)).map((p) => p.type)).to.deep.equal(['system_join_channel']);
  });
});

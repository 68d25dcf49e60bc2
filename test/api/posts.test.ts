import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { noPluginHooks, type PluginHooks } from '../../core/src/app/plugin-hooks.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

/** Stands in for a plugin: rejects posts saying "forbidden", upper-cases posts starting "shout:". */
const FILTER_PLUGIN: PluginHooks = {
  ...noPluginHooks(),
  async messageWillBePosted(_ctx, post) {
    if (post.message.includes('forbidden')) return { rejected: 'Forbidden words are not allowed here.', pluginId: 'com.example.filter' };
    if (post.message === 'dismiss me') return { rejected: 'plugin.message_will_be_posted.dismiss_post', pluginId: 'com.example.filter' };
    if (post.message.startsWith('shout:')) return { post: { ...post, message: post.message.toUpperCase() } as typeof post };
    return { post };
  },
};

describe('posts API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let channel: Channel;
  let events: LiveEvent[];

  const post = (who: LoggedIn, message: string, extra: Partial<Post> = {}, where = channel) =>
    who.client.createPost({ channel_id: where.id, message, ...extra } as Post);

  before(async () => {
    ts = await startTestServer({ hooks: FILTER_PLUGIN });
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    events = [];
    ts.server.events.subscribe((e) => events.push(e));
  });
  after(async () => {
    await ts.close();
  });

  describe('create and read', () => {
    it('creates a post with 201 and returns it in Mattermost shape', async () => {
      const created = await post(alice, 'hello world', { pending_post_id: `${alice.user.id}:1700000000000`, props: { from: 'test' } });
      expect(created).to.include({ channel_id: channel.id, user_id: alice.user.id, message: 'hello world', root_id: '', edit_at: 0, delete_at: 0, is_pinned: false });
      expect(created.pending_post_id).to.equal(`${alice.user.id}:1700000000000`);
      expect(created.props).to.deep.equal({ from: 'test' });
      expect(created.metadata).to.deep.include({ embeds: [], emojis: [], images: {}, reactions: [] });
      expect(await alice.client.getPost(created.id)).to.include({ id: created.id, message: 'hello world', create_at: created.create_at });
    });

    it('publishes a posted event with the post and sender', async () => {
      const created = await post(alice, 'event check');
      await new Promise((resolve) => setImmediate(resolve));
      const event = events.find((e) => e.event === 'posted' && JSON.parse(e.data.post as string).id === created.id);
      expect(event?.broadcast).to.deep.equal({ channel_id: channel.id });
      expect(event?.data).to.include({ channel_name: channel.name, channel_type: 'O', sender_name: `@${alice.user.username}`, team_id: team.id, set_online: true });
    });

    it('stores the hashtags of the message with Mattermost rules', async () => {
      const created = await post(alice, 'ship #release-2 today, #a and #1x then #go!');
      expect(created.hashtags).to.equal('#release-2 #go');
    });

    it('rejects a message longer than 16383 characters with 400', async () => {
      await expectClientError(post(alice, 'a'.repeat(16384)), 400, 'model.post.is_valid.msg.app_error');
      expect((await post(alice, 'é'.repeat(16383))).message).to.have.length(16383);
    });

    it('forbids posting in a channel the caller is not a member of', async () => {
      const privateChannel = await createChannelWith(admin.client, team, [alice.user.id], 'P');
      await expectClientError(post(carol, 'let me in', {}, privateChannel), 403);
      await expectClientError(carol.client.getPosts(privateChannel.id), 403);
    });

    it('refuses posts in an archived channel with 400', async () => {
      const archived = await createChannelWith(admin.client, team, [alice.user.id]);
      await admin.client.deleteChannel(archived.id);
      await expectClientError(post(alice, 'anyone here?', {}, archived), 400, 'api.post.create_post.can_not_post_to_deleted.error');
    });
    it('never shows clients the integration of an attachment action, and keeps it for the server', async () => {
      const integration = { url: 'https://hooks.example.com/act?token=s3cret', context: { secret: 'kept-on-the-server' } };
      const attachments = [{ text: 'Deploy?', actions: [{ id: 'approve', name: 'Approve', integration }, { id: 'info', name: 'Info' }] }];
      const created = await post(alice, 'with actions', { props: { attachments } });
      const seen = [
        created,
        await bob.client.getPost(created.id),
        (await bob.client.getPosts(channel.id)).posts[created.id],
        JSON.parse(events.find((e) => e.event === 'posted' && JSON.parse(e.data.post as string).id === created.id)!.data.post as string),
      ];
      for (const shown of seen) {
        expect(JSON.stringify(shown)).not.to.include('s3cret').and.not.include('kept-on-the-server');
        expect(shown.props.attachments[0].actions).to.deep.equal([{ id: 'approve', name: 'Approve' }, { id: 'info', name: 'Info' }]);
      }
      expect((await ts.store.posts.findById(created.id))?.props.attachments).to.deep.equal(attachments);
    });
  });

  describe('threads', () => {
    it('counts replies and returns the whole thread newest first', async () => {
      const root = await post(alice, 'thread root');
      const first = await post(bob, 'first reply', { root_id: root.id });
      const second = await post(alice, 'second reply', { root_id: root.id });
      expect((await alice.client.getPost(root.id)).reply_count).to.equal(2);
      const thread = await bob.client.getPostThread(first.id);
      expect(thread.order).to.deep.equal([second.id, first.id, root.id]);
      expect(thread.posts[root.id].last_reply_at).to.equal(second.create_at);
    });

    it('shows every post of a page its thread\'s live reply count, less the replies deleted and none once the root is', async () => {
      const page = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
      const root = await post(alice, 'counted root', {}, page);
      const replies = [];
      for (const text of ['one', 'two', 'three']) replies.push(await post(bob, text, { root_id: root.id }, page));
      const lone = await post(alice, 'no replies', {}, page);
      const counts = async () => {
        const list = await alice.client.getPosts(page.id, 0, 60);
        // The channel's join messages are left out: only what the test posted.
        return Object.fromEntries(list.order.filter((id) => list.posts[id].type === '').map((id) => [id, list.posts[id].reply_count]));
      };
      expect(await counts()).to.deep.equal({ [root.id]: 3, [replies[0].id]: 3, [replies[1].id]: 3, [replies[2].id]: 3, [lone.id]: 0 });
      await bob.client.deletePost(replies[1].id);
      expect(await counts()).to.deep.equal({ [root.id]: 2, [replies[0].id]: 2, [replies[2].id]: 2, [lone.id]: 0 });
      const afterReply = await post(alice, 'after the delete', { root_id: root.id }, page);
      expect((await alice.client.getPost(afterReply.id)).reply_count).to.equal(3);
      await alice.client.deletePost(root.id);
      expect(await counts()).to.deep.equal({ [lone.id]: 0 });
      const since = await alice.client.getPostsSince(page.id, root.create_at - 1);
      expect(since.posts[root.id]).to.include({ reply_count: 0 });
      expect(since.posts[root.id].delete_at).to.be.greaterThan(0);
    });

    it('rejects a root post from another channel and a reply used as root with 400', async () => {
      const other = await createChannelWith(admin.client, team, [alice.user.id]);
      const foreignRoot = await post(alice, 'elsewhere', {}, other);
      await expectClientError(post(alice, 'cross', { root_id: foreignRoot.id }), 400, 'api.post.create_post.channel_root_id.app_error');
      const root = await post(alice, 'root');
      const reply = await post(alice, 'reply', { root_id: root.id });
      await expectClientError(post(alice, 'nested', { root_id: reply.id }), 400, 'api.post.create_post.root_id.app_error');
    });
  });

  describe('edit and delete', () => {
    it('edits the own post with patch and put, setting edit_at', async () => {
      const created = await post(alice, 'first draft');
      const patched = await alice.client.patchPost({ id: created.id, message: 'second draft #edited' });
      expect(patched).to.include({ message: 'second draft #edited', hashtags: '#edited' });
      expect(patched.edit_at).to.be.greaterThan(0);
      const replaced = await alice.client.updatePost({ ...patched, message: 'final' });
      expect(replaced.message).to.equal('final');
      expect((await bob.client.getPost(created.id)).message).to.equal('final');
    });

    it("forbids editing someone else's post with 403", async () => {
      const created = await post(alice, 'mine');
      await expectClientError(bob.client.patchPost({ id: created.id, message: 'yours now' }), 403);
      expect((await alice.client.getPost(created.id)).message).to.equal('mine');
    });

    it('deletes a post with its replies', async () => {
      const root = await post(alice, 'to delete');
      const reply = await post(bob, 'reply to delete', { root_id: root.id });
      await alice.client.deletePost(root.id);
      await expectClientError(alice.client.getPost(root.id), 404);
      await expectClientError(alice.client.getPost(reply.id), 404);
    });
  });

  describe('channel post lists', () => {
    let listChannel: Channel;
    let ids: string[];

    before(async () => {
      listChannel = await createChannelWith(admin.client, team, [alice.user.id]);
      ids = [];
      for (let i = 1; i <= 5; i++) ids.push((await post(alice, `message ${i}`, {}, listChannel)).id);
    });

    it('pages newest first with page and per_page', async () => {
      const first = await alice.client.getPosts(listChannel.id, 0, 2);
      expect(first.order).to.deep.equal([ids[4], ids[3]]);
      const second = await alice.client.getPosts(listChannel.id, 1, 2);
      expect(second.order).to.deep.equal([ids[2], ids[1]]);
      expect(Object.keys(second.posts)).to.have.members([ids[2], ids[1]]);
    });

    it('lists posts before and after a post with cursor ids', async () => {
      const before = await alice.client.getPostsBefore(listChannel.id, ids[2], 0, 2);
      expect(before.order).to.deep.equal([ids[1], ids[0]]);
      // Older still is the system message that added alice, where a short page ends the list.
      const older = await alice.client.getPostsBefore(listChannel.id, ids[0], 0, 10);
      expect(older.posts[older.order[0]]).to.include({ type: 'system_add_to_channel', user_id: admin.user.id });
      expect(older.prev_post_id).to.equal('');
      expect(before).to.include({ next_post_id: ids[2], prev_post_id: older.order[0] });
      const after = await alice.client.getPostsAfter(listChannel.id, ids[1], 0, 2);
      expect(after.order).to.deep.equal([ids[3], ids[2]]);
      expect(after).to.include({ prev_post_id: ids[1], next_post_id: ids[4] });
    });

    it('lists posts changed since a time, deleted ones included and emptied', async () => {
      const since = (await alice.client.getPost(ids[4])).create_at;
      await alice.client.patchPost({ id: ids[0], message: 'message 1 edited' });
      await alice.client.deletePost(ids[1]);
      const changed = await alice.client.getPostsSince(listChannel.id, since);
      expect(changed.order).to.have.members([ids[0], ids[1]]);
      expect(changed.posts[ids[0]].message).to.equal('message 1 edited');
      expect(changed.posts[ids[1]].delete_at).to.be.greaterThan(0);
      expect(changed.posts[ids[1]].message).to.equal('');
    });

    it('includes the root of a reply that is outside the page', async () => {
      const root = await post(alice, 'old root', {}, listChannel);
      const reply = await post(alice, 'newer reply', { root_id: root.id }, listChannel);
      const page = await alice.client.getPosts(listChannel.id, 0, 1);
      expect(page.order).to.deep.equal([reply.id]);
      expect(page.posts[root.id].message).to.equal('old root');
    });
  });

  describe('pins', () => {
    it('pins and unpins a post', async () => {
      const created = await post(alice, 'important');
      await bob.client.pinPost(created.id);
      expect((await alice.client.getPost(created.id)).is_pinned).to.equal(true);
      expect((await alice.client.getPinnedPosts(channel.id)).order).to.deep.equal([created.id]);
      await bob.client.unpinPost(created.id);
      expect((await alice.client.getPinnedPosts(channel.id)).order).to.deep.equal([]);
    });
  });

  describe('mentions and read state', () => {
    it('raises the mention count of @-mentioned members and marks the own post read', async () => {
      const mentionChannel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
      await post(alice, `hi @${bob.user.username}.`, {}, mentionChannel);
      await post(alice, 'no mention here', {}, mentionChannel);
      expect((await bob.client.getMyChannelMember(mentionChannel.id)).mention_count).to.equal(1);
      await post(alice, 'heads up @channel', {}, mentionChannel);
      expect((await bob.client.getMyChannelMember(mentionChannel.id)).mention_count).to.equal(2);
      expect((await admin.client.getMyChannelMember(mentionChannel.id)).mention_count).to.equal(1);
      // Alice's own post marks everything before it read, the system messages of the members joining included.
      const own = await alice.client.getMyChannelMember(mentionChannel.id);
      const { total_msg_count: total } = await alice.client.getChannel(mentionChannel.id);
      expect(total).to.equal(6);
      expect(own).to.include({ mention_count: 0, msg_count: total });
    });

    it('counts every direct message as a mention of the other user', async () => {
      const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      await post(alice, 'just between us', {}, direct);
      await post(alice, 'and again', {}, direct);
      expect((await bob.client.getMyChannelMember(direct.id)).mention_count).to.equal(2);
    });
  });

  describe('plugin hooks', () => {
    it('rejects a post a plugin vetoes with 400 naming the reason, and stores nothing', async () => {
      const error = await expectClientError(post(alice, 'this is forbidden'), 400, 'plugin.message_will_be_posted.rejected');
      expect(error.message).to.equal('Post rejected by plugin. Forbidden words are not allowed here.');
      const recent = await alice.client.getPosts(channel.id, 0, 5);
      expect(Object.values(recent.posts).map((p) => p.message)).not.to.include('this is forbidden');
    });

    it('runs the veto on system messages too, and a vetoed one never fails the change it reports', async () => {
      const hooked = await createChannelWith(admin.client, team, []);
      const patched = await admin.client.patchChannel(hooked.id, { header: 'a forbidden topic' });
      expect(patched.header).to.equal('a forbidden topic');
      const list = await admin.client.getPosts(hooked.id);
      expect(Object.values(list.posts).map((p) => p.type)).to.deep.equal(['system_join_channel']);
    });

    it("answers a post a plugin dismisses with Mattermost's dismiss id", async () => {
      await expectClientError(post(alice, 'dismiss me'), 400, 'plugin.message_will_be_posted.dismiss_post');
    });

    it('stores the message as a plugin rewrote it', async () => {
      const created = await post(alice, 'shout: quiet please');
      expect(created.message).to.equal('SHOUT: QUIET PLEASE');
      expect((await bob.client.getPost(created.id)).message).to.equal('SHOUT: QUIET PLEASE');
    });
  });
});

import { expect } from 'chai';
import type { Channel, ChannelUnread } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { eventually } from '../helpers/ws-client.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

describe('unread posts, posts by id, edit history and saved posts API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let events: LiveEvent[];

  const post = (who: LoggedIn, channel: Channel, message: string, rootId = '') => who.client.createPost({ channel_id: channel.id, message, root_id: rootId } as Post);
  /** A fresh channel of alice and bob with `count` posts by alice, oldest first. */
  async function channelWithPosts(count: number): Promise<{ channel: Channel; posts: Post[] }> {
    const channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    const posts: Post[] = [];
    for (let i = 0; i < count; i++) posts.push(await post(alice, channel, `post ${i}`));
    return { channel, posts };
  }

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    [alice, bob] = [await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    events = [];
    ts.server.events.subscribe((e) => events.push(e));
  });
  after(async () => {
    await ts.close();
  });

  describe('POST /users/{user_id}/posts/{post_id}/set_unread', () => {
    it('marks the channel unread from the post, counting the mentions after it, and sends post_unread', async () => {
      const { channel, posts } = await channelWithPosts(2);
      await post(alice, channel, `@${bob.user.username} see this`);
      await post(alice, channel, 'and this');
      await bob.client.viewMyChannel(channel.id);
      const unread = (await bob.client.markPostAsUnread(bob.user.id, posts[1].id)) as ChannelUnread;
      expect(unread).to.include({ channel_id: channel.id, user_id: bob.user.id, team_id: team.id, last_viewed_at: posts[1].create_at - 1, mention_count: 1, mention_count_root: 1, urgent_mention_count: 0 });
      const member = await bob.client.getMyChannelMember(channel.id);
      expect(member).to.include({ last_viewed_at: posts[1].create_at - 1, mention_count: 1 });
      // Four posts, three of them from the marked one on: one read.
      expect(unread.msg_count).to.equal((await admin.client.getChannel(channel.id)).total_msg_count - 3);
      await eventually(() => {
        const event = events.find((e) => e.event === 'post_unread' && e.data.post_id === posts[1].id);
        expect(event?.broadcast).to.include({ user_id: bob.user.id, channel_id: channel.id });
        expect(event?.data).to.include({ mention_count: 1, last_viewed_at: posts[1].create_at - 1, msg_count: unread.msg_count });
      });
    });

    it('refuses another user with 403 and a post the caller cannot read', async () => {
      const { posts } = await channelWithPosts(1);
      await expectClientError(alice.client.markPostAsUnread(bob.user.id, posts[0].id), 403, 'api.context.permissions.app_error');
      const secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
      const hidden = await post(alice, secret, 'hush');
      await expectClientError(bob.client.markPostAsUnread(bob.user.id, hidden.id), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.markPostAsUnread(bob.user.id, 'not-an-id'), 400, 'api.context.invalid_param.app_error');
    });
  });

  describe('GET /users/{user_id}/channels/{channel_id}/posts/unread', () => {
    it('answers the posts around the first unread one with their neighbours', async () => {
      const { channel, posts } = await channelWithPosts(6);
      await bob.client.markPostAsUnread(bob.user.id, posts[3].id);
      const list = (await bob.client.getPostsUnread(channel.id, bob.user.id, 2, 2)) as PostList;
      expect(list.order).to.deep.equal([posts[4].id, posts[3].id, posts[2].id, posts[1].id]);
      expect(list).to.include({ next_post_id: posts[5].id, prev_post_id: posts[0].id });
    });

    it('answers the newest posts when nothing is unread, and root posts only with collapsedThreads', async () => {
      const { channel, posts } = await channelWithPosts(3);
      const reply = await post(alice, channel, 'a reply', posts[2].id);
      await bob.client.viewMyChannel(channel.id);
      const newest = (await bob.client.getPostsUnread(channel.id, bob.user.id, 10, 2)) as PostList;
      expect(newest.order).to.deep.equal([reply.id, posts[2].id]);
      expect(newest).to.include({ next_post_id: '', prev_post_id: posts[1].id });
      const roots = (await bob.client.getPostsUnread(channel.id, bob.user.id, 10, 2, true, true)) as PostList;
      expect(roots.order).to.deep.equal([posts[2].id, posts[1].id]);
    });

    it('refuses another user, a channel the caller cannot read and bad limits', async () => {
      const { channel } = await channelWithPosts(1);
      await expectClientError(alice.client.getPostsUnread(channel.id, bob.user.id), 403, 'api.context.permissions.app_error');
      const secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
      await expectClientError(bob.client.getPostsUnread(secret.id, bob.user.id), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.getPostsUnread(channel.id, bob.user.id, 0, 10), 400, 'api.context.invalid_param.app_error');
      await expectClientError(bob.client.getPostsUnread(channel.id, bob.user.id, -1 as number, 10), 400, 'api.context.invalid_param.app_error');
    });
  });

  describe('POST /posts/ids', () => {
    it('answers the posts the caller may read and leaves out the others', async () => {
      const { posts } = await channelWithPosts(2);
      const secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
      const hidden = await post(alice, secret, 'not for bob');
      const found = (await bob.client.getPostsByIds([posts[1].id, hidden.id, posts[0].id, 'x'.repeat(26)])) as Post[];
      expect(found.map((p) => p.id)).to.deep.equal([posts[0].id, posts[1].id]);
      expect(((await alice.client.getPostsByIds([hidden.id])) as Post[]).map((p) => p.message)).to.deep.equal(['not for bob']);
    });

    it('refuses an empty list and ids that are not ids with 400', async () => {
      await expectClientError(bob.client.getPostsByIds([]), 400, 'api.context.invalid_param.app_error');
      await expectClientError(bob.client.getPostsByIds(['../etc']), 400, 'api.context.invalid_param.app_error');
    });
  });

  describe('GET /posts/{post_id}/edit_history', () => {
    it('answers the earlier versions of an edited post, newest first, to its author only', async () => {
      const { posts } = await channelWithPosts(1);
      const original = posts[0];
      const first = await alice.client.patchPost({ id: original.id, message: 'first edit' });
      await alice.client.pinPost(original.id);
      await alice.client.patchPost({ id: original.id, message: 'second edit' });
      const history = (await alice.client.getPostEditHistory(original.id)) as Post[];
      expect(history.map((p) => p.message)).to.deep.equal(['first edit', original.message]);
      expect(history.map((p) => p.edit_at)).to.deep.equal([first.edit_at, 0]);
      expect(history[0]).to.include({ original_id: original.id, channel_id: original.channel_id, user_id: alice.user.id });
      expect(history[0].id).to.not.equal(original.id);
      expect(history[0].delete_at).to.be.at.least(history[1].delete_at);
      await expectClientError(bob.client.getPostEditHistory(original.id), 403, 'api.context.permissions.app_error');
    });

    it('answers 404 for a post never edited and 403 for a post that does not exist', async () => {
      const { posts } = await channelWithPosts(1);
      await alice.client.patchPost({ id: posts[0].id, is_pinned: true });
      await expectClientError(alice.client.getPostEditHistory(posts[0].id), 404, 'app.post.get.app_error');
      await expectClientError(alice.client.getPostEditHistory('y'.repeat(26)), 403, 'api.context.permissions.app_error');
    });
  });

  describe('POST /posts/{post_id}/restore/{restore_version_id}', () => {
    it('puts an earlier message back as an edit, which joins the history, and tells the channel', async () => {
      const { channel, posts } = await channelWithPosts(1);
      const original = posts[0];
      await alice.client.patchPost({ id: original.id, message: 'edited once' });
      const [earliest] = (await alice.client.getPostEditHistory(original.id)) as Post[];
      events.length = 0;
      const { data: restored } = await alice.client.restorePostVersion(original.id, earliest.id, '');
      expect(restored).to.include({ id: original.id, message: original.message });
      expect(restored.edit_at).to.be.greaterThan(0);
      expect((await bob.client.getPost(original.id)).message).to.equal(original.message);
      const history = (await alice.client.getPostEditHistory(original.id)) as Post[];
      expect(history.map((p) => p.message)).to.deep.equal(['edited once', original.message]);
      await eventually(() => expect(events.some((e) => e.event === 'post_edited' && e.broadcast.channel_id === channel.id)).to.equal(true));
    });

    it('refuses another person, a version of another post and an unknown version', async () => {
      const { posts } = await channelWithPosts(2);
      await alice.client.patchPost({ id: posts[0].id, message: 'first post, edited' });
      await alice.client.patchPost({ id: posts[1].id, message: 'second post, edited' });
      const [ofFirst] = (await alice.client.getPostEditHistory(posts[0].id)) as Post[];
      await expectClientError(bob.client.restorePostVersion(posts[0].id, ofFirst.id, ''), 403, 'app.post.restore_post_version.not_allowed.app_error');
      await expectClientError(alice.client.restorePostVersion(posts[1].id, ofFirst.id, ''), 400, 'app.post.restore_post_version.not_an_history_item.app_error');
      await expectClientError(alice.client.restorePostVersion(posts[0].id, 'z'.repeat(26), ''), 404, 'app.post.restore_post_version.get_single.app_error');
      await expectClientError(alice.client.restorePostVersion(posts[0].id, 'not-an-id', ''), 400, 'api.context.invalid_param.app_error');
      expect((await alice.client.getPost(posts[0].id)).message).to.equal('first post, edited');
    });
  });

  describe('GET /users/{user_id}/posts/flagged', () => {
    it('answers the posts the user saved, newest first, within a team or a channel', async () => {
      const { channel, posts } = await channelWithPosts(3);
      const other = await channelWithPosts(1);
      const secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
      const hidden = await post(alice, secret, 'hidden');
      const flag = (id: string) => ({ user_id: bob.user.id, category: 'flagged_post', name: id, value: 'true' });
      await bob.client.savePreferences(bob.user.id, [flag(posts[0].id), flag(posts[2].id), flag(other.posts[0].id), flag(hidden.id)]);
      const saved = (await bob.client.getFlaggedPosts(bob.user.id)) as PostList;
      expect(saved.order).to.deep.equal([other.posts[0].id, posts[2].id, posts[0].id]);
      const inChannel = (await bob.client.getFlaggedPosts(bob.user.id, channel.id)) as PostList;
      expect(inChannel.order).to.deep.equal([posts[2].id, posts[0].id]);
      const inTeam = (await bob.client.getFlaggedPosts(bob.user.id, '', team.id, 0, 2)) as PostList;
      expect(inTeam.order).to.deep.equal([other.posts[0].id, posts[2].id]);
      const elsewhere = await createTeamWith(admin.client, [bob.user.id]);
      expect(((await bob.client.getFlaggedPosts(bob.user.id, '', elsewhere.id)) as PostList).order).to.deep.equal([]);
    });

    it('refuses another user\'s saved posts with 403 and a bad team id with 400', async () => {
      await expectClientError(alice.client.getFlaggedPosts(bob.user.id), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.getFlaggedPosts(bob.user.id, '', 'nope'), 400, 'api.context.invalid_param.app_error');
    });
  });
});

// Scheduled posts through Client4 (createScheduledPost, getScheduledPosts, updateScheduledPost,
// deleteScheduledPost): saving with Mattermost's checks, the author's live events, the sweep posting
// what is due as its author (run directly rather than waited for) and keeping what it cannot post
// with Mattermost's error code.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { ScheduledPost } from '@mattermost/types/schedule_post';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('scheduled posts', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;

  const draft = (where: Channel, message: string, scheduledAt = Date.now() + HOUR, rootId = '') =>
    ({ channel_id: where.id, root_id: rootId, message, props: {}, file_ids: [], scheduled_at: scheduledAt }) as unknown as ScheduledPost;
  const schedule = async (who: LoggedIn, post: ScheduledPost) => (await who.client.createScheduledPost(post, '')).data as ScheduledPost;
  const sendDue = (at: number) => ts.server.services.scheduledPosts.sendDue(at);
  async function posts(where: Channel): Promise<Post[]> {
    const list = (await admin.client.getPosts(where.id)) as PostList;
    return list.order.map((id) => list.posts[id]!);
  }

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    [alice, bob] = [await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('saves a scheduled post (201) and lists it under the team, direct messages under directChannels', async () => {
    const at = Date.now() + HOUR;
    const saved = await schedule(alice, draft(channel, 'later, in the channel', at));
    expect(saved).to.include({ user_id: alice.user.id, channel_id: channel.id, root_id: '', message: 'later, in the channel', scheduled_at: at, processed_at: 0 });
    expect(saved.id).to.match(/^[a-z0-9]{26}$/);
    const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const privately = await schedule(alice, draft(direct, 'later, just us', at + 1000));
    const lists = (await alice.client.getScheduledPosts(team.id, true)).data as Record<string, ScheduledPost[]>;
    expect(lists[team.id]!.map((s) => s.id)).to.include(saved.id);
    expect(lists.directChannels!.map((s) => s.id)).to.include(privately.id);
    const withoutDirect = (await alice.client.getScheduledPosts(team.id, false)).data as Record<string, ScheduledPost[]>;
    expect(withoutDirect).to.have.all.keys(team.id);
    const bobs = (await bob.client.getScheduledPosts(team.id, true)).data as Record<string, ScheduledPost[]>;
    expect([...bobs[team.id]!, ...bobs.directChannels!]).to.deep.equal([]);
  });

  it('tells the author\'s other connections of each change, never the one that made it', async () => {
    const [watching, making] = [await RawSocket.authenticated(ts, alice.client.getToken()), await RawSocket.authenticated(ts, alice.client.getToken())];
    try {
      const hello = await making.waitForEvent('hello');
      const connection = hello.data.connection_id as string;
      const saved = (await alice.client.createScheduledPost(draft(channel, 'announced'), connection)).data as ScheduledPost;
      const createdEvent = await watching.waitForEvent('scheduled_post_created');
      expect(createdEvent.broadcast).to.include({ user_id: alice.user.id });
      expect(JSON.parse(createdEvent.data.scheduledPost as string)).to.include({ id: saved.id, message: 'announced' });
      await alice.client.updateScheduledPost({ ...saved, message: 'announced again' }, connection);
      const updated = await watching.waitForEvent('scheduled_post_updated');
      expect(JSON.parse(updated.data.scheduledPost as string)).to.include({ id: saved.id, message: 'announced again' });
      await alice.client.deleteScheduledPost(alice.user.id, saved.id, connection);
      await watching.waitForEvent('scheduled_post_deleted');
      expect(making.events().map((e) => e.event).filter((e) => e.startsWith('scheduled_post_'))).to.deep.equal([]);
    } finally {
      await Promise.all([watching.close(), making.close()]);
    }
  });

  it('updates message and time but never channel, thread or author; deletes answer the deleted post', async () => {
    const saved = await schedule(alice, draft(channel, 'first words'));
    const other = await createChannelWith(admin.client, team, [alice.user.id]);
    const later = Date.now() + 2 * HOUR;
    const updated = (await alice.client.updateScheduledPost({ ...saved, message: 'better words', scheduled_at: later, channel_id: other.id, user_id: bob.user.id }, '')).data as ScheduledPost;
    expect(updated).to.include({ id: saved.id, message: 'better words', scheduled_at: later, channel_id: channel.id, user_id: alice.user.id, create_at: saved.create_at });
    const deleted = (await alice.client.deleteScheduledPost(alice.user.id, saved.id, '')).data as ScheduledPost;
    expect(deleted).to.include({ id: saved.id, message: 'better words' });
    await expectClientError(alice.client.deleteScheduledPost(alice.user.id, saved.id, ''), 404, 'app.delete_scheduled_post.existing_scheduled_post.not_exist');
  });

  it('posts what is due as its author, in the thread it answers, and removes it', async () => {
    // Other cases' posts wait an hour: this one's are due sooner, so the sweeps below post only them.
    const root = await bob.client.createPost({ channel_id: channel.id, message: 'a question' } as Post);
    const at = Date.now() + 10 * MINUTE;
    const inChannel = await schedule(alice, draft(channel, 'good morning, scheduled', at));
    const inThread = await schedule(alice, draft(channel, 'the answer, scheduled', at + 1, root.id));
    const ours = (list: Post[]) => list.filter((p) => p.message.endsWith(', scheduled'));
    await sendDue(at - 1000);
    expect(ours(await posts(channel))).to.deep.equal([]);
    expect(await sendDue(at + 1)).to.equal(2);
    await sendDue(at + 2);
    const [answer, morning, ...more] = ours(await posts(channel));
    expect(more).to.deep.equal([]);
    expect(morning).to.include({ user_id: alice.user.id, root_id: '', message: 'good morning, scheduled' });
    expect(answer).to.include({ user_id: alice.user.id, root_id: root.id, message: 'the answer, scheduled' });
    const left = (await alice.client.getScheduledPosts(team.id, false)).data as Record<string, ScheduledPost[]>;
    expect(left[team.id]!.map((s) => s.id)).to.not.include.members([inChannel.id, inThread.id]);
  });

  it('posts each due post once when two nodes sweep at the same moment', async () => {
    const at = Date.now() + 30 * MINUTE;
    for (let i = 0; i < 6; i++) await schedule(alice, draft(channel, `race ${i}`, at + i));
    const [first, second] = await Promise.all([sendDue(at + 10), sendDue(at + 10)]);
    expect(first + second).to.equal(6);
    const raced = (await posts(channel)).filter((p) => p.message.startsWith('race ')).map((p) => p.message);
    expect(raced.sort()).to.deep.equal(['race 0', 'race 1', 'race 2', 'race 3', 'race 4', 'race 5']);
  });

  it('keeps what it cannot post with Mattermost\'s error code, and a reschedule makes it wait again', async () => {
    const leaving = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    const archived = await createChannelWith(admin.client, team, [alice.user.id]);
    const root = await alice.client.createPost({ channel_id: channel.id, message: 'soon deleted' } as Post);
    const at = Date.now() + 40 * MINUTE;
    const notMember = await schedule(alice, draft(leaving, 'after leaving', at));
    const inArchive = await schedule(alice, draft(archived, 'into the archive', at));
    const orphan = await schedule(alice, draft(channel, 'to a deleted thread', at, root.id));
    await admin.client.removeFromChannel(alice.user.id, leaving.id);
    await admin.client.deleteChannel(archived.id);
    await alice.client.deletePost(root.id);
    const kept = async () => ((await alice.client.getScheduledPosts(team.id, false)).data as Record<string, ScheduledPost[]>)[team.id]!.filter((s) => [notMember.id, inArchive.id, orphan.id].includes(s.id));
    await sendDue(at + 1);
    const failedOnce = await kept();
    const code = (id: string) => failedOnce.find((s) => s.id === id)?.error_code;
    expect([code(notMember.id), code(inArchive.id), code(orphan.id)]).to.deep.equal(['no_channel_member', 'channel_archived', 'thread_deleted']);
    expect(failedOnce.every((s) => (s.processed_at ?? 0) > 0)).to.equal(true);
    // A failed post is not tried again by later sweeps.
    await sendDue(at + 2);
    expect(await kept()).to.deep.equal(failedOnce);
    await admin.client.addToChannel(alice.user.id, leaving.id);
    const failed = failedOnce.find((s) => s.id === notMember.id)!;
    const rescheduled = (await alice.client.updateScheduledPost({ ...failed, scheduled_at: at + 1000 }, '')).data as ScheduledPost;
    expect(rescheduled).to.include({ processed_at: 0 });
    expect(rescheduled.error_code ?? '').to.equal('');
    await sendDue(at + 1001);
    expect((await posts(leaving)).map((p) => p.message)).to.include('after leaving');
  });

  it('refuses what posting would refuse, someone else\'s post and bad input with clear errors', async () => {
    const secret = await createChannelWith(admin.client, team, [bob.user.id], 'P');
    await expectClientError(alice.client.createScheduledPost(draft(secret, 'not mine'), ''), 403, 'api.context.permissions.app_error');
    await expectClientError(alice.client.createScheduledPost(draft(channel, 'too late', Date.now() - HOUR), ''), 400, 'model.scheduled_post.is_valid.scheduled_at.app_error');
    await expectClientError(alice.client.createScheduledPost(draft(channel, ''), ''), 400, 'model.scheduled_post.is_valid.empty_post.app_error');
    await expectClientError(alice.client.createScheduledPost(draft(channel, 'x'.repeat(16_384)), ''), 400, 'model.draft.is_valid.message_length.app_error');
    await expectClientError(alice.client.createScheduledPost(draft(channel, 'to a reply', Date.now() + HOUR, 'd'.repeat(26)), ''), 400, 'api.post.create_post.root_id.app_error');
    await expectClientError(alice.client.createScheduledPost({ channel_id: channel.id, message: 'when?' } as unknown as ScheduledPost, ''), 400, 'api.context.invalid_param.app_error');
    await expectClientError(alice.client.createScheduledPost({ ...draft(channel, 'when?'), scheduled_at: 'soon' } as unknown as ScheduledPost, ''), 400, 'api.context.invalid_param.app_error');
    const archived = await createChannelWith(admin.client, team, [alice.user.id]);
    await admin.client.deleteChannel(archived.id);
    await expectClientError(alice.client.createScheduledPost(draft(archived, 'into the archive'), ''), 400, 'app.save_scheduled_post.channel_deleted.app_error');
    const hers = await schedule(alice, draft(channel, 'hers'));
    await expectClientError(bob.client.updateScheduledPost({ ...hers, message: 'his now' }, ''), 403, 'app.update_scheduled_post.update_permission.error');
    await expectClientError(bob.client.deleteScheduledPost(bob.user.id, hers.id, ''), 403, 'app.delete_scheduled_post.delete_permission.error');
    await expectClientError(alice.client.updateScheduledPost({ ...hers, id: 'e'.repeat(26) }, ''), 404, 'app.update_scheduled_post.existing_scheduled_post.not_exist');
    const outsider = await createUser(ts, admin.client);
    await expectClientError(outsider.client.getScheduledPosts(team.id, true), 403, 'api.context.permissions.app_error');
  });

  it('answers 400 api.scheduled_posts.feature_disabled when ServiceSettings.ScheduledPosts is off, and says so in the client config', async () => {
    await ts.config.patch({ ServiceSettings: { ScheduledPosts: false } });
    try {
      expect((await alice.client.getClientConfig()).ScheduledPosts).to.equal('false');
      await expectClientError(alice.client.createScheduledPost(draft(channel, 'off'), ''), 400, 'api.scheduled_posts.feature_disabled');
      await expectClientError(alice.client.getScheduledPosts(team.id, true), 400, 'api.scheduled_posts.feature_disabled');
    } finally {
      await ts.config.patch({ ServiceSettings: { ScheduledPosts: true } });
    }
    expect((await alice.client.getClientConfig()).ScheduledPosts).to.equal('true');
  });
});

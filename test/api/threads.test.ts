import { expect } from 'chai';
import type { AdminConfig } from '@mattermost/types/config';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserThread, UserThreadList } from '@mattermost/types/threads';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { clientFetch } from '../helpers/client-fetch.ts';
import { RecordingClient, eventually } from '../helpers/ws-client.ts';
import { textFile, upload } from '../helpers/file-fixtures.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

/** A route Client4 has no method for, called as `who`. */
function fetchAs<T = unknown>(who: LoggedIn, url: string, init: { method: string }): Promise<T> {
  return clientFetch<T>(who.client, url, init);
}

describe('collapsed reply threads API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let channel: Channel;
  let events: LiveEvent[];
  let statements: string[];

  const threadsOf = (who: LoggedIn, options: Record<string, unknown> = {}) => who.client.getUserThreads(who.user.id, team.id, options) as Promise<UserThreadList>;
  const threadOf = (who: LoggedIn, threadId: string, extended = false) => who.client.getUserThread(who.user.id, team.id, threadId, extended) as Promise<UserThread>;
  const post = (who: LoggedIn, message: string, rootId = '') => who.client.createPost({ channel_id: channel.id, message, root_id: rootId } as Post);
  const eventsFor = (name: string, userId: string) => events.filter((e) => e.event === name && e.broadcast.user_id === userId);

  before(async () => {
    statements = [];
    ts = await startTestServer({ sqlTrace: (message) => statements.push(message) });
    admin = await createAdmin(ts);
    [alice, bob, carol] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, carol.user.id]);
    events = [];
    ts.server.events.subscribe((e) => events.push(e));
  });
  after(async () => {
    await ts.close();
  });

  it('makes the root author, the replier and the users a reply mentions follow the thread', async () => {
    const root = await post(alice, 'a question');
    await post(bob, `an answer, cc @${carol.user.username}`, root.id);
    for (const who of [alice, bob, carol]) {
      const thread = await threadOf(who, root.id);
      expect(thread, who.user.username).to.include({ id: root.id, reply_count: 1 });
      expect(thread.participants).to.deep.equal([{ id: bob.user.id }]);
      expect((thread as unknown as { post: Post }).post.id).to.equal(root.id);
    }
    expect(await threadOf(alice, root.id)).to.include({ unread_replies: 1, unread_mentions: 0 });
    expect(await threadOf(bob, root.id)).to.include({ unread_replies: 0, unread_mentions: 0 });
    expect(await threadOf(carol, root.id)).to.include({ unread_replies: 1, unread_mentions: 1 });
  });

  it('keeps a reply\'s thread and followers in the statement that inserts it, and a root post costs nothing more', async () => {
    const root = await post(alice, 'counting statements');
    await post(bob, 'warm up', root.id);
    const during = async (work: () => Promise<unknown>) => {
      const from = statements.length;
      await work();
      return statements.slice(from);
    };
    const rootStatements = await during(() => post(alice, 'a plain post'));
    const replyStatements = await during(() => post(bob, 'a plain reply', root.id));
    expect(rootStatements.filter((s) => /into threads|thread_memberships/.test(s))).to.deep.equal([]);
    const threadWrites = replyStatements.filter((s) => /thread_memberships/.test(s));
    expect(threadWrites).to.have.length(1);
    expect(threadWrites[0]).to.match(/insert into posts/);
    // Besides what a root post costs, a reply looks up its root and its participants' profiles for thread_updated.
    expect(replyStatements.length - rootStatements.length).to.be.at.most(2);
  });

  it('keeps the thread of a reply with files, which is saved in a transaction', async () => {
    const root = await post(alice, 'send the notes');
    const uploaded = await upload(bob.client, channel.id, [textFile('notes.txt', 'the notes')]);
    await bob.client.createPost({ channel_id: channel.id, message: 'here', root_id: root.id, file_ids: [uploaded.file_infos[0].id] } as Post);
    expect(await threadOf(alice, root.id)).to.include({ reply_count: 1, unread_replies: 1 });
    expect((await threadOf(bob, root.id)).participants).to.deep.equal([{ id: bob.user.id }]);
  });

  it('keeps no thread for a root post without replies', async () => {
    const root = await post(alice, 'nobody answers');
    await expectClientError(threadOf(alice, root.id), 404, 'app.user.get_thread_membership_for_user.not_found');
    const list = await threadsOf(alice);
    expect(list.threads.map((t) => t.id)).to.not.include(root.id);
  });

  it('lists followed threads newest reply first with the totals Mattermost reports', async () => {
    const dave = await createUser(ts, admin.client);
    await admin.client.addToTeam(team.id, dave.user.id);
    await admin.client.addToChannel(dave.user.id, channel.id);
    const first = await post(dave, 'first');
    const second = await post(dave, 'second');
    await post(bob, 'reply one', first.id);
    await post(bob, `reply two @${dave.user.username}`, second.id);
    const list = await threadsOf(dave);
    expect(list.threads.map((t) => t.id)).to.deep.equal([second.id, first.id]);
    expect(list).to.include({ total: 2, total_unread_threads: 2, total_unread_mentions: 1, total_unread_urgent_mentions: 0 });
    expect((await threadsOf(dave, { before: second.id })).threads.map((t) => t.id)).to.deep.equal([first.id]);
    expect((await threadsOf(dave, { after: first.id })).threads.map((t) => t.id)).to.deep.equal([second.id]);
    expect((await threadsOf(dave, { perPage: 1 })).threads.map((t) => t.id)).to.deep.equal([second.id]);
    const totals = await threadsOf(dave, { totalsOnly: true });
    expect(totals.threads).to.deep.equal([]);
    expect(totals.total).to.equal(2);
    const threadsOnly = await threadsOf(dave, { threadsOnly: true });
    expect(threadsOnly.threads).to.have.length(2);
    expect(threadsOnly.total).to.equal(0);
    const counts = await fetchAs<Record<string, number>>(dave, `${dave.client.getUserThreadsRoute(dave.user.id, team.id)}/mention_counts`, { method: 'get' });
    expect(counts).to.deep.equal({ [channel.id]: 1 });
  });

  it('returns participant profiles when extended', async () => {
    const root = await post(alice, 'extended please');
    await post(bob, 'me', root.id);
    await post(carol, 'and me', root.id);
    const thread = await threadOf(alice, root.id, true);
    expect(thread.participants.map((p) => ('username' in p ? p.username : ''))).to.deep.equal([bob.user.username, carol.user.username]);
    expect(thread.participants[0]).to.not.have.property('password');
  });

  it('tells each follower of a reply with thread_updated, over the WebSocket as Mattermost', async () => {
    const socket = new RecordingClient();
    try {
      await socket.connect(ts, alice.client.getToken());
      const root = await post(alice, 'watch this');
      await post(bob, 'first', root.id);
      await eventually(() => expect(socket.events.filter((e) => e.event === 'thread_updated')).to.have.length.at.least(1));
      const event = socket.events.find((e) => e.event === 'thread_updated')!;
      expect(event.broadcast).to.include({ user_id: alice.user.id, team_id: team.id });
      const thread = JSON.parse(event.data.thread as string) as UserThread & { post: Post };
      expect(thread).to.include({ id: root.id, reply_count: 1, unread_replies: 1, unread_mentions: 0 });
      expect(thread.post.id).to.equal(root.id);
      expect(thread.participants.map((p) => p.id)).to.deep.equal([bob.user.id]);
      expect(event.data).to.include({ previous_unread_replies: 0, previous_unread_mentions: 0 });
      await post(bob, 'second', root.id);
      await eventually(() => expect(socket.events.filter((e) => e.event === 'thread_updated')).to.have.length(2));
      const second = socket.events.filter((e) => e.event === 'thread_updated')[1];
      expect(JSON.parse(second.data.thread as string)).to.include({ reply_count: 2, unread_replies: 2 });
      expect(second.data).to.include({ previous_unread_replies: 1 });
    } finally {
      socket.close();
    }
  });

  it('stops and starts following, with thread_follow_changed, and only a mention brings an unfollower back', async () => {
    const root = await post(alice, 'follow me');
    await post(bob, 'reply', root.id);
    await carol.client.updateThreadFollowForUser(carol.user.id, team.id, root.id, true);
    expect(await threadOf(carol, root.id)).to.include({ unread_replies: 0 });
    await alice.client.updateThreadFollowForUser(alice.user.id, team.id, root.id, false);
    expect((await threadsOf(alice)).threads.map((t) => t.id)).to.not.include(root.id);
    await eventually(() => expect(eventsFor('thread_follow_changed', alice.user.id).map((e) => e.data)).to.deep.include({ thread_id: root.id, state: false, reply_count: 1 }));
    await post(bob, 'another reply', root.id);
    expect((await threadsOf(alice)).threads.map((t) => t.id)).to.not.include(root.id);
    await post(bob, `@${alice.user.username} look`, root.id);
    expect((await threadsOf(alice)).threads.map((t) => t.id)).to.include(root.id);
    expect(await threadOf(alice, root.id)).to.include({ unread_mentions: 1 });
  });

  it('marks a thread read up to a time and unread from a post, with thread_read_changed', async () => {
    const root = await post(alice, 'read me');
    await post(bob, `one @${alice.user.username}`, root.id);
    const second = await post(bob, 'two', root.id);
    await post(bob, `three @${alice.user.username}`, root.id);
    const read = (await alice.client.updateThreadReadForUser(alice.user.id, team.id, root.id, Date.now())) as UserThread;
    expect(read).to.include({ id: root.id, unread_replies: 0, unread_mentions: 0 });
    await eventually(() => {
      const event = eventsFor('thread_read_changed', alice.user.id).find((e) => e.data.thread_id === root.id);
      expect(event?.data).to.include({ unread_replies: 0, unread_mentions: 0, previous_unread_replies: 3, previous_unread_mentions: 2, channel_id: channel.id });
    });
    const unread = (await alice.client.markThreadAsUnreadForUser(alice.user.id, team.id, root.id, second.id)) as UserThread;
    expect(unread).to.include({ unread_replies: 2, unread_mentions: 1, last_viewed_at: second.create_at - 1 });
  });

  it('reports each unread reply and mention as read once when the same thread is read by several requests at once', async () => {
    // A client reads a thread as it opens and again when its replies arrive: the two can overlap.
    // Each thread_read_changed carries the counts before it, and clients subtract them from their
    // totals, so two events may not both claim the same unread reply.
    const root = await post(alice, 'read at once');
    await post(bob, `@${alice.user.username} first`, root.id);
    await post(bob, 'second', root.id);
    const now = Date.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => alice.client.updateThreadReadForUser(alice.user.id, team.id, root.id, now + i)));
    const readEvents = () => eventsFor('thread_read_changed', alice.user.id).filter((e) => e.data.thread_id === root.id);
    await eventually(() => expect(readEvents()).to.have.length(8));
    const cleared = (field: 'replies' | 'mentions') =>
      readEvents().reduce((sum, e) => sum + Number(e.data[`previous_unread_${field}`]) - Number(e.data[`unread_${field}`]), 0);
    expect({ replies: cleared('replies'), mentions: cleared('mentions') }).to.deep.equal({ replies: 2, mentions: 1 });
  });

  it('marks every thread of the team read', async () => {
    const root = await post(carol, 'all read');
    await post(bob, `@${carol.user.username} hi`, root.id);
    expect((await threadsOf(carol)).total_unread_threads).to.be.above(0);
    await carol.client.updateThreadsReadForUser(carol.user.id, team.id);
    expect(await threadsOf(carol)).to.include({ total_unread_threads: 0, total_unread_mentions: 0 });
    await eventually(() => expect(eventsFor('thread_read_changed', carol.user.id).some((e) => e.data.thread_id === undefined && e.broadcast.team_id === team.id)).to.equal(true));
  });

  it('counts only live replies and hides a thread whose root was deleted unless asked for deleted ones', async () => {
    const root = await post(alice, 'deleting');
    const reply = await post(bob, 'to delete', root.id);
    await post(bob, 'to keep', root.id);
    await bob.client.deletePost(reply.id);
    expect(await threadOf(alice, root.id)).to.include({ reply_count: 1 });
    await alice.client.deletePost(root.id);
    expect((await threadsOf(alice)).threads.map((t) => t.id)).to.not.include(root.id);
    expect((await threadsOf(alice, { deleted: true })).threads.map((t) => t.id)).to.include(root.id);
  });

  it('lists only root posts of a channel when asked for collapsed threads', async () => {
    const quiet = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    const first = await alice.client.createPost({ channel_id: quiet.id, message: 'first' } as Post);
    const reply = await bob.client.createPost({ channel_id: quiet.id, message: 'reply', root_id: first.id } as Post);
    const second = await alice.client.createPost({ channel_id: quiet.id, message: 'second' } as Post);
    // The channel also holds the system messages of its members joining.
    const mine = (order: string[]) => order.filter((id) => [first.id, reply.id, second.id].includes(id));
    expect(mine((await alice.client.getPosts(quiet.id, 0, 10, true, false)).order)).to.deep.equal([second.id, reply.id, first.id]);
    expect(mine((await alice.client.getPosts(quiet.id, 0, 10, true, true)).order)).to.deep.equal([second.id, first.id]);
    const after = await alice.client.getPostsAfter(quiet.id, first.id, 0, 10, true, true);
    expect(after.order).to.deep.equal([second.id]);
    expect((await alice.client.getPostsSince(quiet.id, first.create_at, true, true)).order).to.not.include(reply.id);
    // A root carries its thread's repliers, as Mattermost's collapsed threads show them under it.
    expect((await alice.client.getPost(first.id)).participants).to.deep.equal([{ id: bob.user.id }]);
  });

  it('makes nobody follow when ThreadAutoFollow is off, and reports the settings in the client config', async () => {
    const config = await alice.client.getClientConfig();
    expect(config).to.include({ CollapsedThreads: 'always_on', ThreadAutoFollow: 'true' });
    await admin.client.patchConfig({ ServiceSettings: { ThreadAutoFollow: false } } as unknown as Partial<AdminConfig>);
    try {
      const root = await post(alice, 'no autofollow');
      await post(bob, `reply @${carol.user.username}`, root.id);
      await expectClientError(threadOf(carol, root.id), 404, 'app.user.get_thread_membership_for_user.not_found');
    } finally {
      await admin.client.patchConfig({ ServiceSettings: { ThreadAutoFollow: true } } as unknown as Partial<AdminConfig>);
    }
  });

  it('tells only the followers who chose collapsed threads when CollapsedThreads is default_off', async () => {
    await admin.client.patchConfig({ ServiceSettings: { CollapsedThreads: 'default_off' } } as unknown as Partial<AdminConfig>);
    try {
      await bob.client.savePreferences(bob.user.id, [{ user_id: bob.user.id, category: 'display_settings', name: 'collapsed_reply_threads', value: 'on' }]);
      const root = await post(alice, 'who wants to know');
      await post(bob, 'me', root.id);
      await post(carol, `@${alice.user.username} and @${bob.user.username}`, root.id);
      const about = (userId: string) => eventsFor('thread_updated', userId).filter((e) => (JSON.parse(e.data.thread as string) as UserThread).id === root.id);
      await eventually(() => expect(about(bob.user.id)).to.have.length(2));
      expect(about(alice.user.id)).to.deep.equal([]);
      // Followers are kept all the same: alice may turn collapsed threads on later.
      expect(await threadOf(alice, root.id)).to.include({ unread_replies: 2, unread_mentions: 1 });
    } finally {
      await admin.client.patchConfig({ ServiceSettings: { CollapsedThreads: 'always_on' } } as unknown as Partial<AdminConfig>);
    }
  });

  describe('refusals', () => {
    let root: Post;
    before(async () => {
      root = await post(alice, 'private business');
      await post(bob, 'reply', root.id);
    });

    it('refuses another user\'s threads with 403', async () => {
      await expectClientError(bob.client.getUserThreads(alice.user.id, team.id, {}), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.getUserThread(alice.user.id, team.id, root.id), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.updateThreadFollowForUser(alice.user.id, team.id, root.id, false), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.updateThreadReadForUser(alice.user.id, team.id, root.id, Date.now()), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.updateThreadsReadForUser(alice.user.id, team.id), 403, 'api.context.permissions.app_error');
    });

    it('refuses to follow or read a thread in a channel the caller cannot read', async () => {
      const secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
      const hidden = await alice.client.createPost({ channel_id: secret.id, message: 'hush' } as Post);
      await expectClientError(bob.client.updateThreadFollowForUser(bob.user.id, team.id, hidden.id, true), 403, 'api.context.permissions.app_error');
      await expectClientError(bob.client.updateThreadReadForUser(bob.user.id, team.id, hidden.id, Date.now()), 403, 'api.context.permissions.app_error');
      await expectClientError(threadOf(bob, hidden.id), 404, 'app.user.get_thread_membership_for_user.not_found');
    });

    it('hides the threads of a channel the user left, root post and all, and stops telling them of replies', async () => {
      const secret = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id], 'P');
      const hidden = await alice.client.createPost({ channel_id: secret.id, message: 'left behind' } as Post);
      await bob.client.createPost({ channel_id: secret.id, message: 'reply', root_id: hidden.id } as Post);
      expect((await threadsOf(bob)).threads.map((t) => t.id)).to.include(hidden.id);
      await admin.client.removeFromChannel(bob.user.id, secret.id);
      expect((await threadsOf(bob)).threads.map((t) => t.id)).to.not.include(hidden.id);
      await expectClientError(threadOf(bob, hidden.id), 404, 'app.user.get_threads_for_user.not_found');
      const before = eventsFor('thread_updated', bob.user.id).length;
      await alice.client.createPost({ channel_id: secret.id, message: 'another', root_id: hidden.id } as Post);
      await eventually(() => expect(eventsFor('thread_updated', alice.user.id).some((e) => (JSON.parse(e.data.thread as string) as UserThread).reply_count === 2)).to.equal(true));
      expect(eventsFor('thread_updated', bob.user.id)).to.have.length(before);
    });

    it('answers 400 with stable ids for bad timestamps, ids and parameter combinations', async () => {
      const base = alice.client.getUserThreadRoute(alice.user.id, team.id, root.id);
      await expectClientError(fetchAs(alice, `${base}/read/yesterday`, { method: 'put' }), 400, 'api.context.invalid_url_param.app_error');
      await expectClientError(fetchAs(alice, `${base}/read/0`, { method: 'put' }), 400, 'api.context.invalid_url_param.app_error');
      await expectClientError(alice.client.getUserThread(alice.user.id, team.id, 'not-an-id'), 400, 'api.context.invalid_param.app_error');
      await expectClientError(alice.client.getUserThreads(alice.user.id, 'not-a-team', {}), 400, 'api.context.invalid_param.app_error');
      await expectClientError(threadsOf(alice, { before: root.id, after: root.id }), 400, 'api.getThreadsForUser.bad_params');
      await expectClientError(threadsOf(alice, { totalsOnly: true, threadsOnly: true }), 400, 'api.getThreadsForUser.bad_only_params');
      await expectClientError(fetchAs(alice, `${alice.client.getUserThreadsRoute(alice.user.id, team.id)}?since=soon`, { method: 'get' }), 400, 'api.context.invalid_param.app_error');
      const elsewhere = await post(alice, 'another root');
      await expectClientError(alice.client.markThreadAsUnreadForUser(alice.user.id, team.id, root.id, elsewhere.id), 400, 'app.user.update_thread_read_for_user_by_post.app_error');
    });
  });
});

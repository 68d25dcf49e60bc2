// Message priority through Client4: metadata.priority on a new root post, Mattermost's checks
// (root posts only, known values, persistent notifications' rules and settings), and the priority
// shown wherever the post is read — the answer, the post, channel pages, threads, search, `posted`.
import { expect } from 'chai';
import type { AdminConfig } from '@mattermost/types/config';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { ScheduledPost } from '@mattermost/types/schedule_post';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';

const URGENT_ACK = { priority: 'urgent', requested_ack: true, persistent_notifications: false };

describe('post priority', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let guest: LoggedIn;
  let team: Team;
  let channel: Channel;

  /** Creates a post with `metadata.priority` set to `priority` (any JSON, to try bad ones). */
  const prioritized = (who: LoggedIn, message: string, priority: unknown, extra: Partial<Post> = {}) =>
    who.client.createPost({ channel_id: channel.id, message, metadata: { priority }, ...extra } as unknown as Post);
  const patchService = (settings: Record<string, unknown>) => admin.client.patchConfig({ ServiceSettings: settings } as unknown as Partial<AdminConfig>);

  before(async () => {
    ts = await startTestServer({ config: { GuestAccountsSettings: { Enable: true } } });
    admin = await createAdmin(ts);
    [alice, bob, guest] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, guest.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, guest.user.id]);
    await admin.client.demoteUserToGuest(guest.user.id);
  });
  after(async () => {
    await ts.close();
  });

  it('keeps a root post\'s priority and shows it in the answer, the post, the channel page, the thread, search and the posted event', async () => {
    const socket = await RawSocket.authenticated(ts, bob.client.getToken());
    try {
      const created = await prioritized(alice, 'deploy freeze starts now', URGENT_ACK);
      expect(created.metadata.priority).to.deep.equal(URGENT_ACK);
      const posted = await socket.waitFor((f) => f.event === 'posted' && (JSON.parse((f.data as { post: string }).post) as Post).id === created.id);
      expect((JSON.parse((posted.data as { post: string }).post) as Post).metadata.priority).to.deep.equal(URGENT_ACK);

      expect((await bob.client.getPost(created.id)).metadata.priority).to.deep.equal(URGENT_ACK);
      const page = (await bob.client.getPosts(channel.id)) as PostList;
      expect(page.posts[created.id]!.metadata.priority).to.deep.equal(URGENT_ACK);
      await bob.client.createPost({ channel_id: channel.id, root_id: created.id, message: 'noted' } as Post);
      const thread = (await bob.client.getPostThread(created.id)) as PostList;
      expect(thread.posts[created.id]!.metadata.priority).to.deep.equal(URGENT_ACK);
      const found = (await bob.client.searchPosts(team.id, 'freeze', false)) as PostList;
      expect(found.posts[created.id]!.metadata.priority).to.deep.equal(URGENT_ACK);
    } finally {
      await socket.close();
    }
  });

  it('leaves metadata.priority out of posts sent without one', async () => {
    const plain = await alice.client.createPost({ channel_id: channel.id, message: 'nothing special' } as Post);
    expect(plain.metadata).to.not.have.property('priority');
    expect((await bob.client.getPost(plain.id)).metadata).to.not.have.property('priority');
  });

  it('keeps "important" and the empty priority as sent, with absent flags false', async () => {
    const important = await prioritized(alice, 'read this', { priority: 'important' });
    expect(important.metadata.priority).to.deep.equal({ priority: 'important', requested_ack: false, persistent_notifications: false });
    const ackOnly = await prioritized(alice, 'ack this', { priority: '', requested_ack: true });
    expect((await bob.client.getPost(ackOnly.id)).metadata.priority).to.deep.equal({ priority: '', requested_ack: true, persistent_notifications: false });
  });

  it('refuses a priority on a reply with Mattermost\'s error', async () => {
    const root = await alice.client.createPost({ channel_id: channel.id, message: 'root' } as Post);
    await expectClientError(prioritized(bob, 'a loud reply', { priority: 'urgent' }, { root_id: root.id }), 400, 'api.post.post_priority.priority_post_only_allowed_for_root_post.request_error');
    const thread = (await alice.client.getPostThread(root.id)) as PostList;
    expect(thread.order).to.deep.equal([root.id]);
  });

  it('refuses unknown priority values and fields of the wrong type, storing nothing', async () => {
    const before = ((await alice.client.getPosts(channel.id)) as PostList).order.length;
    for (const bad of [{ priority: 'critical' }, { priority: 'URGENT' }, { priority: 1 }, { priority: 'urgent', requested_ack: 'yes' }, { priority: 'urgent', persistent_notifications: 1 }, 'urgent', ['urgent']]) {
      await expectClientError(prioritized(alice, 'bad priority', bad), 400, 'api.context.invalid_param.app_error');
    }
    expect(((await alice.client.getPosts(channel.id)) as PostList).order.length).to.equal(before);
  });

  it('answers 403 to a priority while PostPriority is off, and hides stored priorities then', async () => {
    const earlier = await prioritized(alice, 'before the switch', URGENT_ACK);
    await patchService({ PostPriority: false });
    try {
      await expectClientError(prioritized(alice, 'while off', { priority: 'important' }), 403, 'api.post.post_priority.priority_post_not_allowed_for_user.request_error');
      expect((await bob.client.getPost(earlier.id)).metadata).to.not.have.property('priority');
      expect((await alice.client.getClientConfig()).PostPriority).to.equal('false');
    } finally {
      await patchService({ PostPriority: true });
    }
    expect((await bob.client.getPost(earlier.id)).metadata.priority).to.deep.equal(URGENT_ACK);
  });

  it('tells clients the priority settings in the client config', async () => {
    const config = await alice.client.getClientConfig();
    expect(config).to.include({
      PostPriority: 'true',
      AllowPersistentNotifications: 'true',
      AllowPersistentNotificationsForGuests: 'false',
      PersistentNotificationMaxCount: '6',
      PersistentNotificationIntervalMinutes: '5',
      PersistentNotificationMaxRecipients: '5',
    });
  });

  describe('persistent notifications', () => {
    const persistent = { priority: 'urgent', requested_ack: false, persistent_notifications: true };

    it('stores them on an urgent post that mentions between one and the most recipients', async () => {
      const created = await prioritized(alice, `@${bob.user.username} the build is red`, persistent);
      expect((await bob.client.getPost(created.id)).metadata.priority).to.deep.equal(persistent);
    });

    it('refuses them on a post that is not urgent', async () => {
      await expectClientError(prioritized(alice, `@${bob.user.username} hi`, { ...persistent, priority: 'important' }), 400, 'api.post.post_priority.urgent_persistent_notification_post.request_error');
    });

    it('refuses them without a mentioned member, channel-wide mentions and the author not counting', async () => {
      const id = 'api.post.post_priority.min_recipients_persistent_notification_post.request_error';
      await expectClientError(prioritized(alice, 'nobody in particular', persistent), 400, id);
      await expectClientError(prioritized(alice, `@channel @${alice.user.username} @nosuchuser`, persistent), 400, id);
    });

    it('refuses more mentioned members than PersistentNotificationMaxRecipients', async () => {
      await patchService({ PersistentNotificationMaxRecipients: 1 });
      try {
        await expectClientError(
          prioritized(alice, `@${bob.user.username} @${guest.user.username}`, persistent),
          400,
          'api.post.post_priority.max_recipients_persistent_notification_post.request_error',
        );
      } finally {
        await patchService({ PersistentNotificationMaxRecipients: 5 });
      }
    });

    it('answers 403 while AllowPersistentNotifications is off', async () => {
      await patchService({ AllowPersistentNotifications: false });
      try {
        await expectClientError(prioritized(alice, `@${bob.user.username} hi`, persistent), 403, 'api.post.post_priority.priority_post_not_allowed_for_user.request_error');
      } finally {
        await patchService({ AllowPersistentNotifications: true });
      }
    });

    it('answers 403 to a guest unless AllowPersistentNotificationsForGuests', async () => {
      await expectClientError(prioritized(guest, `@${bob.user.username} hi`, persistent), 403, 'api.post.post_priority.priority_post_not_allowed_for_user.request_error');
      await patchService({ AllowPersistentNotificationsForGuests: true });
      try {
        const created = await prioritized(guest, `@${bob.user.username} hi`, persistent);
        expect(created.metadata.priority).to.deep.equal(persistent);
      } finally {
        await patchService({ AllowPersistentNotificationsForGuests: false });
      }
    });

    it('needs no mention in a direct message', async () => {
      const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      const created = await alice.client.createPost({ channel_id: direct.id, message: 'call me', metadata: { priority: persistent } } as unknown as Post);
      expect(created.metadata.priority).to.deep.equal(persistent);
    });
  });

  describe('scheduled posts', () => {
    const scheduled = (message: string, priority: unknown, rootId = '') =>
      ({ channel_id: channel.id, root_id: rootId, message, props: {}, file_ids: [], scheduled_at: Date.now() + 3_600_000, priority }) as unknown as ScheduledPost;
    const schedule = async (post: ScheduledPost) => (await alice.client.createScheduledPost(post, '')).data as ScheduledPost;

    it('posts a scheduled post with the priority it was saved with', async () => {
      const saved = await schedule(scheduled('scheduled and urgent', URGENT_ACK));
      await ts.server.services.scheduledPosts.sendDue(saved.scheduled_at + 1);
      const page = (await bob.client.getPosts(channel.id)) as PostList;
      const sent = Object.values(page.posts).find((p) => p.message === 'scheduled and urgent');
      expect(sent?.metadata.priority).to.deep.equal(URGENT_ACK);
    });

    it('refuses to schedule a reply with a priority, or an unknown priority, as Mattermost\'s postPriorityCheck does', async () => {
      const root = await alice.client.createPost({ channel_id: channel.id, message: 'scheduled thread' } as Post);
      await expectClientError(schedule(scheduled('a scheduled loud reply', { priority: 'urgent' }, root.id)), 400, 'api.post.post_priority.priority_post_only_allowed_for_root_post.request_error');
      await expectClientError(schedule(scheduled('a scheduled odd one', { priority: 'critical' })), 400, 'api.context.invalid_param.app_error');
      await patchService({ PostPriority: false });
      try {
        await expectClientError(schedule(scheduled('scheduled while off', { priority: 'important' })), 403, 'api.post.post_priority.priority_post_not_allowed_for_user.request_error');
      } finally {
        await patchService({ PostPriority: true });
      }
      // An empty priority is none (Mattermost's ScheduledPost.ToPost): a reply may carry it.
      await schedule(scheduled('a scheduled quiet reply', {}, root.id));
      const kept = ((await alice.client.getScheduledPosts(team.id, true)).data as Record<string, ScheduledPost[]>)[team.id] ?? [];
      expect(kept.map((p) => p.message)).to.include('a scheduled quiet reply');
      expect(kept.map((p) => p.message)).to.not.include.members(['a scheduled loud reply', 'a scheduled odd one', 'scheduled while off']);
    });
  });
});

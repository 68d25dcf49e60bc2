// Post acknowledgements through Client4 (acknowledgePost, unacknowledgePost): Mattermost's answers,
// permission order and 5-minute window (tested by ageing the stored time, not by waiting), the
// `post_acknowledgement_added` / `_removed` events to the channel, and metadata.acknowledgements.
import { expect } from 'chai';
import pg from 'pg';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostAcknowledgement } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket, type WireEvent } from '../helpers/ws-client.ts';

const SIX_MINUTES = 6 * 60 * 1000;

describe('post acknowledgements', () => {
  let ts: TestServer;
  let db: pg.Client;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  let channel: Channel;
  let secret: Channel;

  const askForAck = (who: LoggedIn, where: Channel, message: string) =>
    who.client.createPost({ channel_id: where.id, message, metadata: { priority: { priority: 'important', requested_ack: true } } } as unknown as Post);
  const ackOf = (event: WireEvent) => JSON.parse(event.data.acknowledgement as string) as PostAcknowledgement & { channel_id: string };

  before(async () => {
    ts = await startTestServer();
    db = new pg.Client({ connectionString: ts.databaseUrl });
    await db.connect();
    admin = await createAdmin(ts);
    [alice, bob, outsider] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, outsider.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
  });
  after(async () => {
    await db.end();
    await ts.close();
  });

  it('records an acknowledgement, answers it, and shows it in the post\'s metadata with a moved update_at', async () => {
    const post = await askForAck(alice, channel, 'please confirm the rota');
    const ack = (await bob.client.acknowledgePost(post.id, bob.user.id)) as PostAcknowledgement;
    expect(ack).to.include({ user_id: bob.user.id, post_id: post.id, channel_id: channel.id });
    expect(ack.acknowledged_at).to.be.at.least(post.create_at);
    const read = await alice.client.getPost(post.id);
    expect(read.metadata.acknowledgements).to.deep.equal([ack]);
    expect(read.update_at).to.be.at.least(ack.acknowledged_at);
  });

  it('renews an acknowledgement given twice instead of adding another', async () => {
    const post = await askForAck(alice, channel, 'twice');
    const first = (await bob.client.acknowledgePost(post.id, bob.user.id)) as PostAcknowledgement;
    const second = (await bob.client.acknowledgePost(post.id, bob.user.id)) as PostAcknowledgement;
    expect(second.acknowledged_at).to.be.at.least(first.acknowledged_at);
    expect((await alice.client.getPost(post.id)).metadata.acknowledgements).to.deep.equal([second]);
  });

  it('tells the channel\'s members post_acknowledgement_added and _removed with the acknowledgement, each followed by post_edited', async () => {
    const post = await askForAck(alice, channel, 'events please');
    const [watcher, stranger] = [await RawSocket.authenticated(ts, alice.client.getToken()), await RawSocket.authenticated(ts, outsider.client.getToken())];
    try {
      await bob.client.acknowledgePost(post.id, bob.user.id);
      const added = await watcher.waitForEvent('post_acknowledgement_added');
      expect(added.broadcast).to.include({ channel_id: channel.id });
      expect(ackOf(added)).to.include({ user_id: bob.user.id, post_id: post.id, channel_id: channel.id });
      const editedPost = (f: { event?: unknown; data?: unknown }) => (f.event === 'post_edited' ? (JSON.parse((f.data as { post: string }).post) as Post) : undefined);
      const edited = await watcher.waitFor((f) => editedPost(f)?.id === post.id);
      expect(editedPost(edited)!.metadata.acknowledgements?.map((a) => a.user_id)).to.deep.equal([bob.user.id]);

      await bob.client.unacknowledgePost(post.id, bob.user.id);
      const removed = await watcher.waitForEvent('post_acknowledgement_removed');
      expect(ackOf(removed)).to.include({ user_id: bob.user.id, post_id: post.id });
      await watcher.waitFor((f) => editedPost(f)?.id === post.id && !editedPost(f)!.metadata.acknowledgements);
      // The outsider's socket heard none of it: they are not in the channel (a post of their own, made after, reaches them).
      const direct = await outsider.client.createDirectChannel([outsider.user.id, alice.user.id]);
      await outsider.client.createPost({ channel_id: direct.id, message: 'anything new?' } as Post);
      await stranger.waitForEvent('posted');
      expect(stranger.events().map((e) => e.event)).to.not.include.members(['post_acknowledgement_added', 'post_acknowledgement_removed']);
    } finally {
      await Promise.all([watcher.close(), stranger.close()]);
    }
  });

  it('takes an acknowledgement back within 5 minutes, and leaves metadata.acknowledgements out once none are left', async () => {
    const post = await askForAck(alice, channel, 'changed my mind');
    await bob.client.acknowledgePost(post.id, bob.user.id);
    expect(await bob.client.unacknowledgePost(post.id, bob.user.id)).to.deep.include({ status: 'OK' });
    expect((await alice.client.getPost(post.id)).metadata).to.not.have.property('acknowledgements');
  });

  it('refuses to take back an acknowledgement older than 5 minutes with Mattermost\'s deadline error', async () => {
    const post = await askForAck(alice, channel, 'too late');
    await bob.client.acknowledgePost(post.id, bob.user.id);
    await db.query('update post_acknowledgements set acknowledged_at = acknowledged_at - $1 where post_id = $2', [SIX_MINUTES, post.id]);
    await expectClientError(bob.client.unacknowledgePost(post.id, bob.user.id), 403, 'api.acknowledgement.delete.deadline.app_error');
    expect((await alice.client.getPost(post.id)).metadata.acknowledgements?.map((a) => a.user_id)).to.deep.equal([bob.user.id]);
  });

  it('answers 404 to taking back an acknowledgement that was never given', async () => {
    const post = await askForAck(alice, channel, 'never acked');
    await expectClientError(bob.client.unacknowledgePost(post.id, bob.user.id), 404, 'app.acknowledgement.get.app_error');
  });

  it('refuses to acknowledge, or take back, as another user; an administrator may', async () => {
    const post = await askForAck(alice, channel, 'only for yourself');
    await expectClientError(bob.client.acknowledgePost(post.id, alice.user.id), 403, 'api.context.permissions.app_error');
    await bob.client.acknowledgePost(post.id, bob.user.id);
    await expectClientError(alice.client.unacknowledgePost(post.id, bob.user.id), 403, 'api.context.permissions.app_error');
    const byAdmin = (await admin.client.acknowledgePost(post.id, alice.user.id)) as PostAcknowledgement;
    expect(byAdmin).to.include({ user_id: alice.user.id, post_id: post.id });
    expect((await alice.client.getPost(post.id)).metadata.acknowledgements?.map((a) => a.user_id)).to.have.members([bob.user.id, alice.user.id]);
  });

  it('answers 403 for a post in a channel the user cannot read, and for a post that does not exist', async () => {
    const hidden = await askForAck(alice, secret, 'private matters');
    await expectClientError(outsider.client.acknowledgePost(hidden.id, outsider.user.id), 403, 'api.context.permissions.app_error');
    await expectClientError(outsider.client.unacknowledgePost(hidden.id, outsider.user.id), 403, 'api.context.permissions.app_error');
    await expectClientError(bob.client.acknowledgePost('a'.repeat(26), bob.user.id), 403, 'api.context.permissions.app_error');
    const [row] = (await db.query('select count(*)::int as n from post_acknowledgements where post_id = $1', [hidden.id])).rows as Array<{ n: number }>;
    expect(row.n).to.equal(0);
  });

  it('answers 400 to ids that are not ids', async () => {
    await expectClientError(bob.client.acknowledgePost('not-an-id', bob.user.id), 400, 'api.context.invalid_param.app_error');
    await expectClientError(bob.client.acknowledgePost('a'.repeat(26), 'not-an-id'), 400, 'api.context.invalid_param.app_error');
  });

  it('answers 404 for a deleted post, whose acknowledgements no longer show, and forgets them with the post', async () => {
    const post = await askForAck(alice, channel, 'soon gone');
    await bob.client.acknowledgePost(post.id, bob.user.id);
    await alice.client.deletePost(post.id);
    await expectClientError(bob.client.acknowledgePost(post.id, bob.user.id), 404);
    await expectClientError(bob.client.unacknowledgePost(post.id, bob.user.id), 404);
    const since = (await alice.client.getPostsSince(channel.id, post.create_at - 1)) as { posts: Record<string, Post> };
    expect(since.posts[post.id]!.metadata).to.not.have.property('acknowledgements');
    await db.query('delete from posts where id = $1', [post.id]);
    const [row] = (await db.query('select count(*)::int as n from post_acknowledgements where post_id = $1', [post.id])).rows as Array<{ n: number }>;
    expect(row.n).to.equal(0);
  });

  it('refuses acknowledgements in an archived channel with Mattermost\'s errors', async () => {
    const archived = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    const post = await askForAck(alice, archived, 'before archiving');
    await bob.client.acknowledgePost(post.id, bob.user.id);
    await admin.client.deleteChannel(archived.id);
    await expectClientError(bob.client.acknowledgePost(post.id, bob.user.id), 403, 'api.acknowledgement.save.archived_channel.app_error');
    await expectClientError(bob.client.unacknowledgePost(post.id, bob.user.id), 403, 'api.acknowledgement.delete.archived_channel.app_error');
  });
});

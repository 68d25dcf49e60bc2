// POST /posts/ephemeral through Client4's createPostEphemeral: a post from the caller shown to one
// user's clients (ephemeral_message) and never stored; only holders of create_post_ephemeral
// (system admins in the default scheme) may send one.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';

describe('ephemeral posts', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let channel: Channel;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    [alice, bob] = [await createUser(ts, admin.client), await createUser(ts, admin.client)];
    const team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('shows the post to the named user only, from the caller, and stores nothing', async () => {
    const [aliceSocket, bobSocket] = [await RawSocket.authenticated(ts, alice.client.getToken()), await RawSocket.authenticated(ts, bob.client.getToken())];
    try {
      const sent = await admin.client.createPostEphemeral(alice.user.id, { channel_id: channel.id, message: 'only you can see this', props: { reason: 'test' } } as unknown as Post);
      expect(sent).to.include({ type: 'system_ephemeral', user_id: admin.user.id, channel_id: channel.id, message: 'only you can see this' });
      expect(sent.id).to.match(/^[a-z0-9]{26}$/);
      expect(sent.props).to.deep.equal({ reason: 'test' });

      const event = await aliceSocket.waitForEvent('ephemeral_message');
      expect(event.broadcast).to.include({ user_id: alice.user.id, channel_id: channel.id });
      expect(JSON.parse(event.data.post as string)).to.deep.include({ id: sent.id, message: 'only you can see this', user_id: admin.user.id });

      // A post every member sees comes after it on each socket: Bob's has the post and no ephemeral one.
      const marker = await admin.client.createPost({ channel_id: channel.id, message: 'for everyone' } as Post);
      await bobSocket.waitFor((f) => f.event === 'posted' && (JSON.parse((f as { data: { post: string } }).data.post) as Post).id === marker.id);
      expect(bobSocket.events().filter((e) => e.event === 'ephemeral_message')).to.deep.equal([]);

      const stored = (await alice.client.getPosts(channel.id)) as PostList;
      expect(stored.order).to.not.include(sent.id);
    } finally {
      await Promise.all([aliceSocket.close(), bobSocket.close()]);
    }
  });

  it('refuses a user without create_post_ephemeral (403), even in their own channel', async () => {
    await expectClientError(bob.client.createPostEphemeral(alice.user.id, { channel_id: channel.id, message: 'hi' } as Post), 403, 'api.context.permissions.app_error');
  });

  it('refuses a body without a valid user_id, post or post.channel_id (400)', async () => {
    await expectClientError(admin.client.createPostEphemeral('', { channel_id: channel.id, message: 'x' } as Post), 400, 'api.context.invalid_param.app_error');
    await expectClientError(admin.client.createPostEphemeral(alice.user.id, undefined as unknown as Post), 400, 'api.context.invalid_param.app_error');
    await expectClientError(admin.client.createPostEphemeral(alice.user.id, { message: 'nowhere' } as Post), 400, 'api.context.invalid_param.app_error');
    await expectClientError(admin.client.createPostEphemeral(alice.user.id, { channel_id: channel.id, message: 'x', root_id: 'not-an-id' } as Post), 400, 'api.context.invalid_param.app_error');
  });

  it('refuses a message longer than a post may be (400)', async () => {
    await expectClientError(admin.client.createPostEphemeral(alice.user.id, { channel_id: channel.id, message: 'x'.repeat(16384) } as Post), 400, 'model.post.is_valid.msg.app_error');
  });
});

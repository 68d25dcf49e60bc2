import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

describe('reactions API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let channel: Channel;
  let events: LiveEvent[];

  const newPost = () => alice.client.createPost({ channel_id: channel.id, message: 'react to me' } as Post);

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    const team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    events = [];
    ts.server.events.subscribe((e) => events.push(e));
  });
  after(async () => {
    await ts.close();
  });

  it('adds reactions, lists them and shows them in the post metadata', async () => {
    const post = await newPost();
    const added = await bob.client.addReaction(bob.user.id, post.id, 'thumbsup');
    expect(added).to.include({ user_id: bob.user.id, post_id: post.id, emoji_name: 'thumbsup' });
    await alice.client.addReaction(alice.user.id, post.id, 'tada');
    const list = await alice.client.getReactionsForPost(post.id);
    expect(list.map((r) => r.emoji_name)).to.deep.equal(['thumbsup', 'tada']);
    const reactions = (await alice.client.getPost(post.id)).metadata.reactions ?? [];
    expect(reactions.map((r) => `${r.user_id}:${r.emoji_name}`)).to.have.members([`${bob.user.id}:thumbsup`, `${alice.user.id}:tada`]);
  });

  it('treats adding the same reaction twice as one reaction', async () => {
    const post = await newPost();
    const first = await bob.client.addReaction(bob.user.id, post.id, '+1');
    const second = await bob.client.addReaction(bob.user.id, post.id, '+1');
    expect(second.create_at).to.equal(first.create_at);
    expect(await bob.client.getReactionsForPost(post.id)).to.have.length(1);
  });

  it('removes a reaction and publishes reaction_added and reaction_removed', async () => {
    const post = await newPost();
    await bob.client.addReaction(bob.user.id, post.id, 'smile');
    await bob.client.removeReaction(bob.user.id, post.id, 'smile');
    expect(await bob.client.getReactionsForPost(post.id)).to.deep.equal([]);
    await new Promise((resolve) => setImmediate(resolve));
    const forPost = events.filter((e) => e.event.startsWith('reaction_') && (JSON.parse(e.data.reaction as string) as Reaction).post_id === post.id);
    expect(forPost.map((e) => e.event)).to.deep.equal(['reaction_added', 'reaction_removed']);
    expect(forPost[0].broadcast).to.deep.equal({ channel_id: channel.id });
  });

  it('returns reactions of several posts by id', async () => {
    const [one, two] = [await newPost(), await newPost()];
    await bob.client.addReaction(bob.user.id, one.id, 'heart');
    const response = await fetch(`${ts.url}/api/v4/posts/ids/reactions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bob.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([one.id, two.id]),
    });
    expect(response.status).to.equal(200);
    const byPost = (await response.json()) as Record<string, Reaction[]>;
    expect(byPost[one.id].map((r) => r.emoji_name)).to.deep.equal(['heart']);
    expect(byPost[two.id]).to.deep.equal([]);
  });

  it('rejects an invalid emoji name with 400 and reacting as someone else with 403', async () => {
    const post = await newPost();
    await expectClientError(bob.client.addReaction(bob.user.id, post.id, 'no spaces'), 400, 'model.reaction.is_valid.emoji_name.app_error');
    await expectClientError(bob.client.addReaction(alice.user.id, post.id, 'smile'), 403, 'api.reaction.save_reaction.user_id.app_error');
  });
});

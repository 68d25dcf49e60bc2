// Persistent notifications re-sent through the sweep (run directly at chosen times rather than waited
// for, as the scheduled posts' suite does): `persistent_notification_triggered` to the users an urgent
// post is for, every PersistentNotificationIntervalMinutes, until one of them acknowledges, replies or
// reacts, the post is deleted or its channel archived, or PersistentNotificationMaxCount sends; nothing
// while the setting is off; once per interval with two nodes sweeping the same database.
import { expect } from 'chai';
import type { AdminConfig } from '@mattermost/types/config';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { RawSocket, type WireEvent } from '../helpers/ws-client.ts';

const TRIGGERED = 'persistent_notification_triggered';
const PERSISTENT = { priority: 'urgent', requested_ack: false, persistent_notifications: true };
/** The default PersistentNotificationIntervalMinutes, in ms. */
const INTERVAL = 5 * 60_000;

describe('persistent notifications', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  /** alice posts; bob, carol and dave read, each on a socket of their own. */
  let alice: LoggedIn, bob: LoggedIn, carol: LoggedIn, dave: LoggedIn;
  let team: Team;
  let channel: Channel;
  const sockets = new Map<string, RawSocket>();
  let fences = 0;

  const sendDue = (at: number) => ts.server.services.persistentNotifications.sendDue(at);
  /** The time of the `round`th re-send of a post. */
  const round = (post: Post, n: number) => post.create_at + n * INTERVAL;
  const urgent = (where: Channel, message: string) =>
    alice.client.createPost({ channel_id: where.id, message, metadata: { priority: PERSISTENT } } as unknown as Post);
  const patchService = (settings: Record<string, unknown>) => admin.client.patchConfig({ ServiceSettings: settings } as unknown as Partial<AdminConfig>);
  const socketOf = (who: LoggedIn) => sockets.get(who.user.id)!;
  const triggeredFor = (who: LoggedIn, post: Post): WireEvent[] =>
    socketOf(who)
      .events()
      .filter((e) => e.event === TRIGGERED && (JSON.parse(e.data.post as string) as Post).id === post.id);

  /**
   * Waits until every event published before now has reached these sockets: alice posts a marker in
   * `where` (through `via`, a client of the node the sockets are on) and each socket receives it
   * after anything sent before.
   */
  async function fenceOn(via: LoggedIn['client'], where: Channel, listening: RawSocket[]): Promise<void> {
    const marker = await via.createPost({ channel_id: where.id, message: `fence ${++fences}` } as Post);
    await Promise.all(listening.map((socket) => socket.waitFor((f) => f.event === 'posted' && (JSON.parse((f.data as { post: string }).post) as Post).id === marker.id)));
  }
  const fence = (where: Channel, users: LoggedIn[]) => fenceOn(alice.client, where, users.map(socketOf));

  before(async () => {
    ts = await startTestServer({ config: { GuestAccountsSettings: { Enable: true } } });
    admin = await createAdmin(ts);
    [alice, bob, carol, dave] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    const everyone = [alice, bob, carol, dave].map((u) => u.user.id);
    team = await createTeamWith(admin.client, everyone);
    channel = await createChannelWith(admin.client, team, everyone);
    for (const who of [bob, carol, dave]) sockets.set(who.user.id, await RawSocket.authenticated(ts, who.client.getToken()));
  });
  after(async () => {
    for (const socket of sockets.values()) await socket.close();
    await ts.close();
  });

  it('re-sends the post every interval to the members it mentions by name, and to no one else', async () => {
    const post = await urgent(channel, `@${bob.user.username} @${carol.user.username} the site is down (@channel)`);
    try {
      expect(await sendDue(round(post, 1) - 1)).to.equal(0);
      expect(await sendDue(round(post, 1))).to.equal(2);
      expect(await sendDue(round(post, 1) + 1000)).to.equal(0);
      await fence(channel, [bob, carol, dave]);
      for (const who of [bob, carol]) {
        const [event, ...more] = triggeredFor(who, post);
        expect(more).to.have.length(0);
        expect(event.broadcast).to.include({ user_id: who.user.id, channel_id: channel.id, team_id: team.id });
        expect(event.data).to.include({ channel_type: 'O', channel_name: channel.name, channel_display_name: channel.display_name, sender_name: `@${alice.user.username}`, team_id: team.id });
        expect(JSON.parse(event.data.mentions as string)).to.have.members([bob.user.id, carol.user.id]);
        const sent = JSON.parse(event.data.post as string) as Post;
        expect(sent).to.include({ id: post.id, message: post.message, user_id: alice.user.id });
        expect(sent.metadata.priority).to.deep.equal(PERSISTENT);
      }
      expect(triggeredFor(dave, post)).to.have.length(0);

      expect(await sendDue(round(post, 2))).to.equal(2);
      await fence(channel, [bob]);
      expect(triggeredFor(bob, post)).to.have.length(2);
    } finally {
      await alice.client.deletePost(post.id);
    }
  });

  it('stops for everyone once a mentioned user acknowledges, not for the acknowledgements of others or the author', async () => {
    const post = await urgent(channel, `@${bob.user.username} @${carol.user.username} sign off the release`);
    await dave.client.acknowledgePost(post.id, dave.user.id);
    await alice.client.acknowledgePost(post.id, alice.user.id);
    expect(await sendDue(round(post, 1))).to.equal(2);
    await carol.client.acknowledgePost(post.id, carol.user.id);
    expect(await sendDue(round(post, 2))).to.equal(0);
    await fence(channel, [bob]);
    expect(triggeredFor(bob, post)).to.have.length(1);
  });

  it('stops once a mentioned user replies in the thread, not for the author\'s replies', async () => {
    const post = await urgent(channel, `@${bob.user.username} are you on it?`);
    await alice.client.createPost({ channel_id: channel.id, root_id: post.id, message: 'anyone?' } as Post);
    expect(await sendDue(round(post, 1))).to.equal(1);
    await bob.client.createPost({ channel_id: channel.id, root_id: post.id, message: 'on it' } as Post);
    expect(await sendDue(round(post, 2))).to.equal(0);
  });

  it('stops once a mentioned user reacts to the post, not for an unmentioned member\'s reaction', async () => {
    const post = await urgent(channel, `@${carol.user.username} please look`);
    await dave.client.addReaction(dave.user.id, post.id, 'eyes');
    expect(await sendDue(round(post, 1))).to.equal(1);
    await carol.client.addReaction(carol.user.id, post.id, 'white_check_mark');
    expect(await sendDue(round(post, 2))).to.equal(0);
  });

  it('counts a guest\'s answer only while guests may send persistent notifications', async () => {
    const guest = await createUser(ts, admin.client);
    await admin.client.addToTeam(team.id, guest.user.id);
    await admin.client.addToChannel(guest.user.id, channel.id);
    await admin.client.demoteUserToGuest(guest.user.id);
    const post = await urgent(channel, `@${guest.user.username} @${bob.user.username} visitors at the door`);
    await guest.client.acknowledgePost(post.id, guest.user.id);
    expect(await sendDue(round(post, 1))).to.equal(2);
    await patchService({ AllowPersistentNotificationsForGuests: true });
    try {
      await guest.client.addReaction(guest.user.id, post.id, 'door');
      expect(await sendDue(round(post, 2))).to.equal(0);
    } finally {
      await patchService({ AllowPersistentNotificationsForGuests: false });
    }
  });

  it('stops when the post is deleted', async () => {
    const post = await urgent(channel, `@${bob.user.username} never mind soon`);
    expect(await sendDue(round(post, 1))).to.equal(1);
    await alice.client.deletePost(post.id);
    expect(await sendDue(round(post, 2))).to.equal(0);
    await fence(channel, [bob]);
    expect(triggeredFor(bob, post)).to.have.length(1);
  });

  it('stops after PersistentNotificationMaxCount sends', async () => {
    await patchService({ PersistentNotificationMaxCount: 2 });
    try {
      const post = await urgent(channel, `@${bob.user.username} twice at most`);
      expect(await sendDue(round(post, 1))).to.equal(1);
      expect(await sendDue(round(post, 2))).to.equal(1);
      expect(await sendDue(round(post, 3))).to.equal(0);
      await fence(channel, [bob]);
      expect(triggeredFor(bob, post)).to.have.length(2);
    } finally {
      await patchService({ PersistentNotificationMaxCount: 6 });
    }
  });

  it('sends nothing while AllowPersistentNotifications is off, and goes on once it is on again', async () => {
    const post = await urgent(channel, `@${bob.user.username} paused`);
    try {
      await patchService({ AllowPersistentNotifications: false });
      try {
        expect(await sendDue(round(post, 1))).to.equal(0);
        await fence(channel, [bob]);
        expect(triggeredFor(bob, post)).to.have.length(0);
      } finally {
        await patchService({ AllowPersistentNotifications: true });
      }
      expect(await sendDue(round(post, 1))).to.equal(1);
    } finally {
      await alice.client.deletePost(post.id);
    }
  });

  it('notifies the other user of a direct message, named after the sender', async () => {
    const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const post = await urgent(direct, 'call me now');
    try {
      expect(await sendDue(round(post, 1))).to.equal(1);
      await fence(direct, [bob]);
      const [event] = triggeredFor(bob, post);
      expect(event.data).to.include({ channel_type: 'D', channel_display_name: `@${alice.user.username}`, sender_name: `@${alice.user.username}`, team_id: '' });
      expect(JSON.parse(event.data.mentions as string)).to.deep.equal([bob.user.id]);
    } finally {
      await alice.client.deletePost(post.id);
    }
  });

  it('skips users on do not disturb, with desktop notifications off, or no longer in the channel', async () => {
    const room = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, carol.user.id, dave.user.id]);
    const post = await urgent(room, `@${bob.user.username} @${carol.user.username} @${dave.user.username} all hands`);
    const carolMe = await carol.client.getMe();
    try {
      await bob.client.updateStatus({ user_id: bob.user.id, status: 'dnd' } as never);
      await carol.client.patchMe({ notify_props: { ...carolMe.notify_props, desktop: 'none' } });
      await admin.client.removeFromChannel(dave.user.id, room.id);
      expect(await sendDue(round(post, 1))).to.equal(0);
      await bob.client.updateStatus({ user_id: bob.user.id, status: 'online' } as never);
      expect(await sendDue(round(post, 2))).to.equal(1);
      await fence(room, [bob]);
      expect(triggeredFor(bob, post)).to.have.length(1);
    } finally {
      await carol.client.patchMe({ notify_props: carolMe.notify_props });
      await alice.client.deletePost(post.id);
    }
  });

  it('stops for good when the channel is archived', async () => {
    const room = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    const post = await urgent(room, `@${bob.user.username} last call`);
    await admin.client.deleteChannel(room.id);
    await admin.client.unarchiveChannel(room.id);
    expect(await sendDue(round(post, 1))).to.equal(0);
  });

  it('sends each notification once per interval when two nodes sweep the same database', async () => {
    const second = await startTestServer({ databaseUrl: ts.databaseUrl });
    const elsewhere = await RawSocket.authenticated(second, bob.client.getToken());
    const posts: Post[] = [];
    try {
      for (let i = 0; i < 3; i++) posts.push(await urgent(channel, `@${bob.user.username} incident ${i}`));
      const at = round(posts[2], 1);
      const counts = await Promise.all([sendDue(at), second.server.services.persistentNotifications.sendDue(at), sendDue(at), second.server.services.persistentNotifications.sendDue(at)]);
      expect(counts.reduce((a, b) => a + b)).to.equal(3);
      // Without Redis each node tells only its own connections: fence each node with a post made through it.
      const aliceOnSecond = second.client();
      aliceOnSecond.setToken(alice.client.getToken());
      await Promise.all([fence(channel, [bob]), fenceOn(aliceOnSecond, channel, [elsewhere])]);
      const received = [...socketOf(bob).events(), ...elsewhere.events()].filter((e) => e.event === TRIGGERED).map((e) => (JSON.parse(e.data.post as string) as Post).id);
      expect(received.filter((id) => posts.some((p) => p.id === id))).to.have.members(posts.map((p) => p.id));
    } finally {
      for (const post of posts) await alice.client.deletePost(post.id);
      await elsewhere.close();
      await second.close();
    }
  });
});

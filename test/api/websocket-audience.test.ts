// Who receives a channel's or team's events is decided in memory, from memberships loaded when a
// user connects and kept current as they change: a slow database read for one user never holds up
// anyone else's events, and joining or leaving takes effect at once.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { RawSocket } from '../helpers/ws-client.ts';
import { newId } from '../../core/src/app/ids.ts';
import type { UserMemberships } from '../../core/src/app/membership-service.ts';

describe('WebSocket audiences', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  const open: RawSocket[] = [];

  const connect = async (who: LoggedIn) => {
    const socket = await RawSocket.authenticated(ts, who.client.getToken());
    open.push(socket);
    return socket;
  };
  /** Events reach each connection in publication order: once a later broadcast arrived, an earlier one would have. */
  const marker = async (...sockets: RawSocket[]) => {
    const id = newId();
    ts.server.events.publish({ event: 'test_marker', data: { id }, broadcast: {} });
    await Promise.all(sockets.map((s) => s.waitFor((f) => f.event === 'test_marker' && f.data?.id === id)));
  };
  const postedIds = (socket: RawSocket) => socket.events().filter((e) => e.event === 'posted').map((e) => JSON.parse(e.data.post as string).id as string);

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id]);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });
  after(async () => {
    await ts.close();
  });

  it('delivers a channel\'s events while another user\'s memberships are still loading', async () => {
    const memberships = ts.server.services.memberships;
    const load = memberships.membershipsOf.bind(memberships);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    memberships.membershipsOf = async (userId: string): Promise<UserMemberships> => {
      if (userId === bob.user.id) await held;
      return load(userId);
    };
    try {
      const a = await connect(alice);
      const bobConnecting = RawSocket.open(ts, { headers: { Authorization: `Bearer ${bob.client.getToken()}` } });
      const post = await admin.client.createPost({ channel_id: channel.id, message: 'while bob connects' } as Post);
      await a.waitFor((f) => f.event === 'posted' && JSON.parse(f.data?.post as string).id === post.id);
      // Bob joins the channel while his connection waits: the change is not lost.
      await admin.client.addToChannel(bob.user.id, channel.id);
      release();
      const b = await bobConnecting;
      open.push(b);
      await b.waitForEvent('hello');
      const later = await admin.client.createPost({ channel_id: channel.id, message: 'after bob connected' } as Post);
      await b.waitFor((f) => f.event === 'posted' && JSON.parse(f.data?.post as string).id === later.id);
      expect(postedIds(b)).to.deep.equal([later.id]);
    } finally {
      memberships.membershipsOf = load;
      release();
      await admin.client.removeFromChannel(bob.user.id, channel.id).catch(() => {});
    }
  });

  it('starts and stops delivering a channel\'s posts as a connected user joins and leaves it', async () => {
    const b = await connect(bob);
    const before = await admin.client.createPost({ channel_id: channel.id, message: 'before bob joined' } as Post);
    await admin.client.addToChannel(bob.user.id, channel.id);
    const during = await admin.client.createPost({ channel_id: channel.id, message: 'while bob is a member' } as Post);
    await b.waitFor((f) => f.event === 'posted' && JSON.parse(f.data?.post as string).id === during.id);
    await admin.client.removeFromChannel(bob.user.id, channel.id);
    const after = await admin.client.createPost({ channel_id: channel.id, message: 'after bob left' } as Post);
    await marker(b);
    // (The system messages of bob's joining and leaving are posts too; they are not what this checks.)
    expect(postedIds(b)).to.include(during.id).and.not.include(before.id).and.not.include(after.id);
  });

  it('delivers a new channel, direct and group message to their members at once', async () => {
    const [a, b] = await Promise.all([connect(alice), connect(bob)]);
    const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const post = await alice.client.createPost({ channel_id: direct.id, message: 'hello bob' } as Post);
    await b.waitFor((f) => f.event === 'posted' && JSON.parse(f.data?.post as string).id === post.id);
    const created = await bob.client.createChannel({ team_id: team.id, name: `fresh${Date.now()}`, display_name: 'Fresh', type: 'P' } as Channel);
    const own = await bob.client.createPost({ channel_id: created.id, message: 'in my new channel' } as Post);
    await b.waitFor((f) => f.event === 'posted' && JSON.parse(f.data?.post as string).id === own.id);
    await marker(a);
    expect(postedIds(a)).not.to.include(own.id);
  });

  it('stops delivering a team\'s channels to a user who leaves the team', async () => {
    const carol = await createUser(ts, admin.client);
    await admin.client.addToTeam(team.id, carol.user.id);
    const c = await connect(carol);
    const townSquare = await admin.client.getChannelByName(team.id, 'town-square');
    const inTeam = await admin.client.createPost({ channel_id: townSquare.id, message: 'carol is here' } as Post);
    await c.waitFor((f) => f.event === 'posted' && JSON.parse(f.data?.post as string).id === inTeam.id);
    await admin.client.removeFromTeam(team.id, carol.user.id);
    const afterLeaving = await admin.client.createPost({ channel_id: townSquare.id, message: 'carol has left' } as Post);
    await marker(c);
    expect(postedIds(c)).not.to.include(afterLeaving.id);
  });
});

// Unread counts with collapsed reply threads, as Mattermost's clients read them: a channel's root
// counts leave replies out, /users/me/teams/unread adds each team's unread followed threads when asked,
// and thread_updated says how many mentions a follower had before the reply.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team, TeamUnread } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { RecordingClient, eventually } from '../helpers/ws-client.ts';

describe('unread counts with collapsed reply threads (API)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let teamA: Team;
  let teamB: Team;
  let inA: Channel;
  let inB: Channel;

  const post = (who: LoggedIn, channel: Channel, message: string, rootId = '') => who.client.createPost({ channel_id: channel.id, message, root_id: rootId } as Post);
  const unreadOf = async (who: LoggedIn, team: Team, withThreads: boolean): Promise<TeamUnread> => {
    const list = await who.client.getMyTeamUnreads(withThreads);
    const found = list.find((u) => u.team_id === team.id);
    if (!found) throw new Error(`no unread counts for team ${team.name}`);
    return found;
  };

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    teamA = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    teamB = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    inA = await createChannelWith(admin.client, teamA, [alice.user.id, bob.user.id]);
    inB = await createChannelWith(admin.client, teamB, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('counts a reply in the channel totals but not in its root counts, and a mention in a reply only in the plain mentions', async () => {
    const root = await post(alice, inA, 'root of the counts');
    await alice.client.viewMyChannel(inA.id);
    const [channelBefore, memberBefore] = await Promise.all([alice.client.getChannel(inA.id), alice.client.getChannelMember(inA.id, alice.user.id)]);
    await post(bob, inA, `a reply for @${alice.user.username}`, root.id);
    const [channel, member] = await Promise.all([alice.client.getChannel(inA.id), alice.client.getChannelMember(inA.id, alice.user.id)]);
    expect(channel.total_msg_count - channelBefore.total_msg_count).to.equal(1);
    expect(channel.total_msg_count_root).to.equal(channelBefore.total_msg_count_root);
    expect(member.msg_count_root).to.equal(memberBefore.msg_count_root);
    expect(member.mention_count - memberBefore.mention_count).to.equal(1);
    expect(member.mention_count_root).to.equal(memberBefore.mention_count_root);

    await post(bob, inA, `a root post for @${alice.user.username}`);
    const [channelAfter, memberAfter] = await Promise.all([alice.client.getChannel(inA.id), alice.client.getChannelMember(inA.id, alice.user.id)]);
    expect(channelAfter.total_msg_count_root - memberAfter.msg_count_root).to.equal(1);
    expect(memberAfter.mention_count_root).to.equal(1);
    await alice.client.viewMyChannel(inA.id);
    await alice.client.updateThreadsReadForUser(alice.user.id, teamA.id);
  });

  it("reports each team's unread followed threads and their mentions when asked, not direct messages' threads", async () => {
    const rootA = await post(alice, inA, 'thread in team A');
    const rootB = await post(alice, inB, 'thread in team B');
    const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    const rootDm = await post(alice, dm, 'thread in a direct message');
    await post(bob, inA, `one for @${alice.user.username}`, rootA.id);
    await post(bob, inA, 'and another', rootA.id);
    await post(bob, inB, 'plain reply', rootB.id);
    await post(bob, dm, 'private reply', rootDm.id);

    const withThreads = await unreadOf(alice, teamA, true);
    expect(withThreads).to.include({ thread_count: 1, thread_mention_count: 1 });
    expect(await unreadOf(alice, teamB, true)).to.include({ thread_count: 1, thread_mention_count: 0 });
    expect(await unreadOf(alice, teamA, false)).to.include({ thread_count: 0, thread_mention_count: 0 });

    // The thread list of team A counts the direct message's thread too, as Mattermost's totals.
    const list = await alice.client.getUserThreads(alice.user.id, teamA.id, { totalsOnly: true });
    expect(list.total_unread_threads).to.equal(2);

    await alice.client.updateThreadReadForUser(alice.user.id, teamA.id, rootA.id, Date.now());
    expect(await unreadOf(alice, teamA, true)).to.include({ thread_count: 0, thread_mention_count: 0 });
    expect(await unreadOf(alice, teamB, true)).to.include({ thread_count: 1 });
  });

  it('reports no thread counts when collapsed threads are disabled', async () => {
    await admin.client.patchConfig({ ServiceSettings: { CollapsedThreads: 'disabled' } } as never);
    try {
      expect(await unreadOf(alice, teamB, true)).to.include({ thread_count: 0, thread_mention_count: 0 });
    } finally {
      await admin.client.patchConfig({ ServiceSettings: { CollapsedThreads: 'always_on' } } as never);
    }
    expect(await unreadOf(alice, teamB, true)).to.include({ thread_count: 1 });
  });

  it('tells a follower mentioned again how many mentions they had before the reply', async () => {
    const socket = new RecordingClient();
    try {
      await socket.connect(ts, alice.client.getToken());
      const root = await post(alice, inA, 'mention me twice');
      await post(bob, inA, `first @${alice.user.username}`, root.id);
      await post(bob, inA, `second @${alice.user.username}`, root.id);
      const updates = () => socket.events.filter((e) => e.event === 'thread_updated' && String(e.data.thread).includes(root.id));
      await eventually(() => expect(updates()).to.have.length(2));
      const [first, second] = updates();
      expect(JSON.parse(first.data.thread as string)).to.include({ unread_mentions: 1 });
      expect(first.data).to.include({ previous_unread_mentions: 0, previous_unread_replies: 0 });
      expect(JSON.parse(second.data.thread as string)).to.include({ unread_mentions: 2, unread_replies: 2 });
      expect(second.data).to.include({ previous_unread_mentions: 1, previous_unread_replies: 1 });
    } finally {
      socket.close();
    }
  });
});

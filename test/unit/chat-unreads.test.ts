// The web client's unread arithmetic: a channel's counts with collapsed reply threads on and off, a
// new post's effect on them, a team's sum, and how one thread's change moves the thread counts.
import { expect } from 'chai';
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import { channelUnread, countNewPost, readAll, teamUnread, unreadChannelCount } from '../../core/webapp/src/chat/unreads.ts';
import { countThreadChange, type TeamThreadUnreads } from '../../core/webapp/src/chat/threads/thread-unread-counts.ts';

function channel(id: string, teamId: string, total: number, totalRoot: number): ServerChannel {
  return { id, team_id: teamId, type: 'O', delete_at: 0, total_msg_count: total, total_msg_count_root: totalRoot, last_post_at: 100, last_root_post_at: 100 } as ServerChannel;
}

function member(channelId: string, counts: Partial<ChannelMembership> = {}): ChannelMembership {
  return {
    channel_id: channelId,
    msg_count: 0,
    msg_count_root: 0,
    mention_count: 0,
    mention_count_root: 0,
    urgent_mention_count: 0,
    last_viewed_at: 50,
    notify_props: { mark_unread: 'all' },
    ...counts,
  } as ChannelMembership;
}

describe('chat unread counts', () => {
  describe('channelUnread', () => {
    // Read up to 5 messages of 7, every root message (3 of 3) read: the 2 unread ones are replies, one mentioning me.
    const repliesOnly = channel('c1', 't1', 7, 3);
    const mine = member('c1', { msg_count: 5, msg_count_root: 3, mention_count: 1, mention_count_root: 0 });

    it('counts replies as unread with collapsed threads off', async () => {
      expect(channelUnread(repliesOnly, mine, false)).to.deep.equal({ unread: true, mentions: 1 });
    });

    it('leaves replies and their mentions out with collapsed threads on', async () => {
      expect(channelUnread(repliesOnly, mine, true)).to.deep.equal({ unread: false, mentions: 0 });
    });

    it('counts an unread root post and its mention with collapsed threads on', async () => {
      const withRoot = channel('c1', 't1', 8, 4);
      expect(channelUnread(withRoot, { ...mine, mention_count: 2, mention_count_root: 1 }, true)).to.deep.equal({ unread: true, mentions: 1 });
    });

    it('shows a muted channel unread only for its mentions', async () => {
      const muted = member('c1', { msg_count: 5, msg_count_root: 3, notify_props: { mark_unread: 'mention' } as ChannelMembership['notify_props'] });
      expect(channelUnread(repliesOnly, muted, false)).to.deep.equal({ unread: false, mentions: 0 });
      expect(channelUnread(repliesOnly, { ...muted, mention_count: 1 }, false)).to.deep.equal({ unread: true, mentions: 1 });
    });

    it('shows nothing for a channel I am not a member of', async () => {
      expect(channelUnread(repliesOnly, undefined, false)).to.deep.equal({ unread: false, mentions: 0 });
    });
  });

  describe('countNewPost', () => {
    const start = channel('c1', 't1', 10, 6);
    const read = member('c1', { msg_count: 10, msg_count_root: 6 });

    it('keeps the channel read with collapsed threads on when a reply arrives, and counts it with them off', async () => {
      const { channel: after, member: mine } = countNewPost(start, read, { root_id: 'r1', create_at: 200 }, { reading: false, mine: false, mentioned: false });
      expect(after).to.include({ total_msg_count: 11, total_msg_count_root: 6, last_post_at: 200, last_root_post_at: 100 });
      expect(channelUnread(after, mine, true).unread).to.equal(false);
      expect(channelUnread(after, mine, false).unread).to.equal(true);
    });

    it('makes the channel unread with a root post either way', async () => {
      const { channel: after, member: mine } = countNewPost(start, read, { root_id: '', create_at: 200 }, { reading: false, mine: false, mentioned: false });
      expect(after).to.include({ total_msg_count: 11, total_msg_count_root: 7, last_root_post_at: 200 });
      expect(channelUnread(after, mine, true).unread).to.equal(true);
      expect(channelUnread(after, mine, false).unread).to.equal(true);
    });

    it('counts a mention in a reply only without collapsed threads, and a root mention in both', async () => {
      const reply = countNewPost(start, read, { root_id: 'r1', create_at: 200 }, { reading: false, mine: false, mentioned: true });
      expect(reply.member).to.include({ mention_count: 1, mention_count_root: 0 });
      const root = countNewPost(start, read, { root_id: '', create_at: 200 }, { reading: false, mine: false, mentioned: true });
      expect(root.member).to.include({ mention_count: 1, mention_count_root: 1 });
    });

    it('reads everything when I read the channel', async () => {
      const unreadBefore = member('c1', { msg_count: 8, msg_count_root: 5, mention_count: 2, mention_count_root: 1 });
      const { channel: after, member: mine } = countNewPost(start, unreadBefore, { root_id: '', create_at: 200 }, { reading: true, mine: false, mentioned: true });
      expect(mine).to.include({ msg_count: 11, msg_count_root: 7, mention_count: 0, mention_count_root: 0, last_viewed_at: 200 });
      expect(channelUnread(after, mine, true)).to.deep.equal({ unread: false, mentions: 0 });
    });

    it('reads the messages but keeps the mentions, as the server does, when I post without reading the channel', async () => {
      const unreadBefore = member('c1', { msg_count: 8, msg_count_root: 5, mention_count: 2, mention_count_root: 1 });
      const { channel: after, member: mine } = countNewPost(start, unreadBefore, { root_id: 'r1', create_at: 200 }, { reading: false, mine: true, mentioned: false });
      expect(mine).to.include({ msg_count: 11, msg_count_root: 6, mention_count: 2, mention_count_root: 1, last_viewed_at: 200 });
      expect(channelUnread(after, mine, true)).to.deep.equal({ unread: true, mentions: 1 });
    });

    it('counts the channel without a membership to change', async () => {
      expect(countNewPost(start, undefined, { root_id: '', create_at: 200 }, { reading: false, mine: false, mentioned: true }).member).to.equal(undefined);
    });
  });

  describe('teamUnread and unreadChannelCount', () => {
    const state = {
      channels: { a: channel('a', 't1', 5, 2), b: channel('b', 't1', 3, 3), d: channel('d', '', 4, 4), x: channel('x', 't2', 9, 9) },
      myMembers: {
        a: member('a', { msg_count: 4, msg_count_root: 2, mention_count: 1 }),
        b: member('b', { msg_count: 3, msg_count_root: 3 }),
        d: member('d', { msg_count: 1, msg_count_root: 1, mention_count: 3, mention_count_root: 3 }),
        x: member('x', { msg_count: 9, msg_count_root: 9 }),
      },
    };

    it("sums a team's channels, leaving out direct messages", async () => {
      expect(teamUnread(state, 't1', false)).to.deep.equal({ unread: true, mentions: 1 });
      expect(teamUnread(state, 't1', true)).to.deep.equal({ unread: false, mentions: 0 });
    });

    it("adds the team's unread threads with collapsed threads on only", async () => {
      expect(teamUnread(state, 't2', true, { threads: 2, mentions: 1 })).to.deep.equal({ unread: true, mentions: 1 });
      expect(teamUnread(state, 't2', false, { threads: 2, mentions: 1 })).to.deep.equal({ unread: false, mentions: 0 });
    });

    it('counts the unread channels of every team and direct message for the tab title', async () => {
      expect(unreadChannelCount(state, false)).to.equal(2);
      expect(unreadChannelCount(state, true)).to.equal(1);
    });

    it('reads a channel wholly, whatever was unread', async () => {
      expect(readAll(state.channels.a, state.myMembers.a, 300)).to.include({ msg_count: 5, msg_count_root: 2, mention_count: 0, mention_count_root: 0, last_viewed_at: 300 });
    });
  });

  describe('countThreadChange', () => {
    const counts: Record<string, TeamThreadUnreads> = {
      t1: { inTeam: { threads: 1, mentions: 0 }, withDirect: { threads: 2, mentions: 1 } },
      t2: { inTeam: { threads: 0, mentions: 0 } },
    };

    it('counts a thread that became unread, with its mention, in its own team only', async () => {
      const next = countThreadChange(counts, 't1', { replies: 0, mentions: 0 }, { replies: 1, mentions: 1 });
      expect(next.t1).to.deep.equal({ inTeam: { threads: 2, mentions: 1 }, withDirect: { threads: 3, mentions: 2 } });
      expect(next.t2).to.equal(counts.t2);
    });

    it('adds a mention to a thread already unread without counting the thread again', async () => {
      const next = countThreadChange(counts, 't1', { replies: 2, mentions: 0 }, { replies: 3, mentions: 1 });
      expect(next.t1).to.deep.equal({ inTeam: { threads: 1, mentions: 1 }, withDirect: { threads: 2, mentions: 2 } });
    });

    it('takes a read thread and its mentions away, never below zero', async () => {
      const next = countThreadChange(counts, 't1', { replies: 4, mentions: 3 }, { replies: 0, mentions: 0 });
      expect(next.t1).to.deep.equal({ inTeam: { threads: 0, mentions: 0 }, withDirect: { threads: 1, mentions: 0 } });
    });

    it("counts a direct message's thread in every team's Threads item and in no team badge", async () => {
      const next = countThreadChange(counts, '', { replies: 0, mentions: 0 }, { replies: 1, mentions: 0 });
      expect(next.t1).to.deep.equal({ inTeam: { threads: 1, mentions: 0 }, withDirect: { threads: 3, mentions: 1 } });
      expect(next.t2).to.deep.equal({ inTeam: { threads: 0, mentions: 0 } });
    });
  });
});

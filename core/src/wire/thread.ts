// Collapsed reply threads on the wire: Mattermost's ThreadResponse (a followed thread as its user
// sees it) and Threads (a page of them with the user's totals).
import type { ThreadListView, ThreadView } from '../app/thread-view.ts';
import { toClientPost } from './post.ts';
import { toWireUser } from './user.ts';

export function toWireThread(thread: ThreadView): Record<string, unknown> {
  const profiles = thread.participantProfiles;
  return {
    id: thread.root.post.id,
    reply_count: thread.replyCount,
    last_reply_at: thread.lastReplyAt,
    last_viewed_at: thread.lastViewedAt,
    // Without `extended`, Mattermost's participants carry only their ids.
    participants: profiles ? profiles.users.map((user) => toWireUser(user, profiles.visibility)) : thread.participants.map((id) => ({ id })),
    post: toClientPost(thread.root),
    unread_replies: thread.unreadReplies,
    unread_mentions: thread.unreadMentions,
    is_urgent: false,
    delete_at: thread.root.post.deleteAt,
  };
}

export function toWireThreadList(list: ThreadListView): Record<string, unknown> {
  return {
    total: list.total,
    total_unread_threads: list.totalUnreadThreads,
    total_unread_mentions: list.totalUnreadMentions,
    total_unread_urgent_mentions: 0,
    threads: list.threads.map(toWireThread),
  };
}

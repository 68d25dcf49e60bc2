// The open channel: its header, its posts and the composer. Opening it loads its newest posts and
// marks it read (POST /channels/members/me/view); the posts that were unread keep their
// "New messages" line while the channel stays open.
import { useEffect, useId, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import { client, errorText } from '../client.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { loadOlderPosts, loadRecentPosts } from './chat-loader.ts';
import { channelLabel } from './channel-names.ts';
import { ChannelHeader } from './channel-header.tsx';
import { ChannelBookmarksBar } from './bookmarks/channel-bookmarks-bar.tsx';
import { ScheduledNotice } from './scheduled/scheduled-notice.tsx';
import { useScheduledPosts, useSchedulingEnabled } from './scheduled/scheduled-posts.ts';
import { usePriorityEnabled } from './priority/priority-picker.tsx';
import { PostList } from './post-list.tsx';
import { Composer } from './composer.tsx';
import { TypingIndicator } from './typing-indicator.tsx';
import { MessageContextProvider, useChannelMessageContext } from './message-context.tsx';
import { useUnreadSince } from './views/mark-unread.ts';
import { applyChannelsViewed } from './live-events.ts';

/** How many older pages a permalink may look through for its post. */
const PERMALINK_PAGES = 10;

export function ChannelView({ team, channelId, highlightPostId }: { team: Team; channelId: string; highlightPostId?: string }) {
  const store = useChatStore();
  const channel = useChat((s) => s.channels[channelId]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const headingId = useId();
  // What I had read when the channel opened (or where I marked it unread): the "New messages" line stays above what was new then.
  const unreadSince = useUnreadSince(channelId);
  const [problem, setProblem] = useState('');
  const messageContext = useChannelMessageContext(team, channelId);
  const schedulingEnabled = useSchedulingEnabled();
  const priorityEnabled = usePriorityEnabled();
  const scheduled = useScheduledPosts(team.id, schedulingEnabled).data ?? [];

  useEffect(() => {
    let current = true;
    (async () => {
      if (!store.takePostsPreloaded(channelId)) await loadRecentPosts(store, channelId);
      for (let page = 0; highlightPostId && current && !store.state.posts[highlightPostId] && page < PERMALINK_PAGES; page++) {
        if (!(await loadOlderPosts(store, channelId))) break;
      }
      applyChannelsViewed(store, (await client.viewMyChannel(channelId)).last_viewed_at_times);
    })().catch((err: unknown) => current && setProblem(errorText(err)));
    return () => {
      current = false;
    };
  }, [store, channelId, highlightPostId]);

  if (!channel) return <main className="channel-view page-message">Loading the channel…</main>;
  const label = channelLabel(channel, users, me);
  return (
    <MessageContextProvider value={messageContext}>
      <main className="channel-view" aria-labelledby={headingId} data-team={team.name}>
        <ChannelHeader channel={channel} teamId={team.id} headingId={headingId} />
        <ChannelBookmarksBar channel={channel} />
        {problem && <p role="alert" className="error">{problem}</p>}
        <PostList channelId={channelId} label={label} unreadSince={unreadSince} highlightPostId={highlightPostId} />
        <ScheduledNotice teamId={team.id} channelId={channelId} scheduled={scheduled} />
        <Composer channelId={channelId} teamId={team.id} label={label} schedulingEnabled={schedulingEnabled} priorityEnabled={priorityEnabled} />
        <TypingIndicator channelId={channelId} />
      </main>
    </MessageContextProvider>
  );
}

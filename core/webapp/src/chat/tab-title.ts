// The tab's title: how many channels are unread, then the open channel and team, as Mattermost's
// web app titles its tab ("(2) Town Square - Team").
import { useEffect } from 'react';
import { useChat } from './chat-store.ts';
import { unreadChannelCount } from './unreads.ts';
import { useCollapsedThreads } from './threads/collapsed-threads.ts';
import { channelLabel } from './channel-names.ts';

export function useTabTitle(channelId: string | undefined, teamName: string | undefined): void {
  const collapsedThreads = useCollapsedThreads();
  const unread = useChat((s) => unreadChannelCount(s, collapsedThreads));
  const label = useChat((s) => {
    const channel = channelId ? s.channels[channelId] : undefined;
    if (!channel) return 'Parley';
    return `${channelLabel(channel, s.users, s.me.id)} - ${teamName ?? 'Parley'}`;
  });
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ''}${label}`;
  }, [unread, label]);
}

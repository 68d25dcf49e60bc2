// "Pinned messages" in the right-hand panel: the channel's pinned posts (GET /channels/{id}/pinned),
// newest first, kept current by the channel's edits (a pin or unpin is one) and deletions; each can
// be unpinned here or opened in the channel.
import { useChat, useChatStore } from '../chat-store.ts';
import { client } from '../../client.ts';
import { channelLabel } from '../channel-names.ts';
import { ViewPanelFrame, ViewStatus } from './view-panel-frame.tsx';
import { ViewPostList, postsInOrder, withAuthors } from './view-post-list.tsx';
import { useViewRefresh } from './use-view-refresh.ts';
import { changesPins } from './view-events.ts';

export function PinnedMessages({ channelId, teamId, onClose }: { channelId: string; teamId: string; onClose: () => void }) {
  const store = useChatStore();
  const team = useChat((s) => s.teams[teamId]);
  const channel = useChat((s) => s.channels[channelId]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const pinned = useViewRefresh(
    channelId,
    async () => withAuthors(store, postsInOrder(await client.getPinnedPosts(channelId))),
    (live) => changesPins(live, channelId),
  );
  const posts = pinned.data ?? [];
  return (
    <ViewPanelFrame title="Pinned messages" subtitle={channel ? channelLabel(channel, users, me) : undefined} className="pinned-messages" onClose={onClose}>
      <ViewStatus loading={pinned.data === null} empty={posts.length === 0} problem={pinned.problem} emptyText="No pinned messages yet" />
      {team && <ViewPostList posts={posts} team={team} label="Pinned messages" action={{ label: 'Unpin', run: (post) => client.unpinPost(post.id).then(pinned.reload) }} />}
    </ViewPanelFrame>
  );
}

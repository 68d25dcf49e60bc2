// "Saved messages" in the right-hand panel: my saved posts in every team and conversation
// (GET /users/{id}/posts/flagged), newest first, fetched again whenever what I saved changes (here,
// in the post menu, or in another tab); each can be removed from the list or opened in its channel.
import { useChat, useChatStore } from '../chat-store.ts';
import { client } from '../../client.ts';
import { ViewPanelFrame, ViewStatus } from './view-panel-frame.tsx';
import { ViewPostList, postsInOrder, withAuthors } from './view-post-list.tsx';
import { useViewRefresh } from './use-view-refresh.ts';
import { savedKey, setSaved } from './saved-posts.ts';

/** As many as Mattermost's web app shows in the list. */
const SAVED_PER_PAGE = 60;

export function SavedMessages({ teamId, onClose }: { teamId: string; onClose: () => void }) {
  const store = useChatStore();
  const team = useChat((s) => s.teams[teamId]);
  const saved = useChat(savedKey);
  const list = useViewRefresh(
    saved,
    async () => withAuthors(store, postsInOrder(await client.getFlaggedPosts(store.state.me.id, '', '', 0, SAVED_PER_PAGE))),
    () => false,
  );
  const posts = list.data ?? [];
  return (
    <ViewPanelFrame title="Saved messages" className="saved-messages" onClose={onClose}>
      <ViewStatus loading={list.data === null} empty={posts.length === 0} problem={list.problem} emptyText="No saved messages yet" />
      {team && <ViewPostList posts={posts} team={team} label="Saved messages" action={{ label: 'Remove from Saved', run: (post) => setSaved(store, post.id, false) }} />}
    </ViewPanelFrame>
  );
}

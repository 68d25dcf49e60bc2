// What a post shows of its thread in the channel. With collapsed threads on, a root post with replies
// shows "N replies" and who took part (Mattermost's thread footer), which opens the thread; with them
// off, a reply shown in the channel says it answers a thread, and opens it too.
import { useEffect } from 'react';
import type { Post } from '@mattermost/types/posts';
import { useChat, useChatStore } from '../chat-store.ts';
import { ensureUsers } from '../chat-loader.ts';
import { useCollapsedThreads } from './collapsed-threads.ts';
import { useInThreadPanel, useOpenThread } from './open-thread.ts';

export function replyCountText(count: number): string {
  return count === 1 ? '1 reply' : `${count} replies`;
}

export function ThreadSummary({ post }: { post: Post }) {
  const collapsed = useCollapsedThreads();
  const inPanel = useInThreadPanel();
  if (inPanel) return null;
  if (post.root_id) return collapsed ? null : <RepliedTo post={post} />;
  return collapsed && post.reply_count > 0 ? <ThreadFooter post={post} /> : null;
}

function ThreadFooter({ post }: { post: Post }) {
  const store = useChatStore();
  const open = useOpenThread();
  const users = useChat((s) => s.users);
  const ids: string[] = Array.isArray(post.participants) ? (post.participants as Array<{ id: string }>).map((p) => p.id) : [];
  const missing = ids.filter((id) => !users[id]).join(',');
  useEffect(() => {
    if (missing) void ensureUsers(store, missing.split(',')).catch(() => undefined);
  }, [store, missing]);
  const names = ids.map((id) => users[id]?.username).filter(Boolean).join(', ');
  const count = replyCountText(post.reply_count);
  return (
    <div className="thread-footer">
      <button type="button" className="link-button" onClick={() => open(post.id)} aria-label={names ? `${count} from ${names}, open the thread` : `${count}, open the thread`}>
        {count}
      </button>
      {names && <span className="thread-participants">{names}</span>}
    </div>
  );
}

function RepliedTo({ post }: { post: Post }) {
  const open = useOpenThread();
  const rootAuthor = useChat((s) => s.users[s.posts[post.root_id]?.user_id ?? '']?.username);
  return (
    <button type="button" className="link-button replied-to" onClick={() => open(post.root_id)}>
      {rootAuthor ? `Replied to a thread by ${rootAuthor}` : 'Replied to a thread'}
    </button>
  );
}

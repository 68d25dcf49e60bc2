// The posts a view lists (pinned, saved): each with its channel, author, time and message, a "Jump"
// link to it in its channel, and the view's own action on it (Unpin, Remove from Saved).
import { useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { errorText } from '../../client.ts';
import { NavLink } from '../../nav-link.tsx';
import { Markdown } from '../../message/index.ts';
import { useChat, type ChatStore } from '../chat-store.ts';
import { ensureUsers } from '../chat-loader.ts';
import { channelLabel } from '../channel-names.ts';
import { permalinkPath } from '../chat-paths.ts';
import { useChannelMessageContext } from '../message-context.tsx';

export interface PostAction {
  /** The button's text; its accessible name adds whose message it acts on. */
  label: string;
  run: (post: Post) => Promise<unknown>;
}

export function ViewPostList({ posts, team, label, action }: { posts: Post[]; team: Team; label: string; action: PostAction }) {
  const channels = useChat((s) => s.channels);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const context = useChannelMessageContext(team, '');
  const [problem, setProblem] = useState('');
  const act = (post: Post) => {
    setProblem('');
    action.run(post).catch((err: unknown) => setProblem(errorText(err)));
  };
  return (
    <>
      {problem && <p role="alert" className="error view-status">{problem}</p>}
      <ol className="view-list" aria-label={label}>
        {posts.map((post) => {
          const channel = channels[post.channel_id];
          const author = users[post.user_id]?.username ?? 'someone';
          const time = new Date(post.create_at);
          return (
            <li key={post.id} className="view-item" data-post-id={post.id}>
              <div className="view-item-head">
                <span className="view-item-channel">{channel ? channelLabel(channel, users, me) : 'a channel'}</span>
                <strong>{author}</strong>
                <time dateTime={time.toISOString()}>{time.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</time>
              </div>
              <Markdown text={post.message} context={context} />
              <div className="view-item-actions">
                <NavLink to={permalinkPath(team.name, post.id)} current={false} label={`Jump to the message by ${author}`}>
                  Jump
                </NavLink>
                <button type="button" className="quiet" aria-label={`${action.label}: the message by ${author}`} onClick={() => act(post)}>
                  {action.label}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** The posts of a PostList in its order. */
export function postsInOrder(list: { order: string[]; posts: Record<string, Post> }): Post[] {
  return list.order.map((id) => list.posts[id]).filter((post): post is Post => post !== undefined && post.delete_at === 0);
}

/** `items` (posts, files) once the store knows the people who wrote or shared them. */
export async function withAuthors<T extends { user_id: string }>(store: ChatStore, items: T[]): Promise<T[]> {
  await ensureUsers(store, items.map((item) => item.user_id));
  return items;
}

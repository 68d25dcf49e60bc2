// What the post service returns: a post with what its readers see along with it (reply count,
// files, reactions, priority, acknowledgements), and lists of them. The wire layer encodes these;
// the services never do.
import type { Post } from '../store/entities/post.ts';
import type { FileInfo } from '../store/entities/file-info.ts';
import type { Reaction } from '../store/entities/reaction.ts';
import type { PostPriority } from '../store/post-repository.ts';
import type { PostAcknowledgement } from '../store/post-acknowledgement-repository.ts';

/** A post with what its wire form shows beside the row itself. */
export interface PostView {
  post: Post;
  replyCount: number;
  /** For a thread's root: who replied, oldest first. */
  participants?: string[];
  files: FileInfo[];
  reactions: Reaction[];
  /** The root post's priority, when it has one and PostPriority is on. */
  priority?: PostPriority;
  /** Who acknowledged the post, oldest first (empty while PostPriority is off). */
  acknowledgements: PostAcknowledgement[];
}

/** Mattermost's PostList: `order` lists ids newest first; `posts` may hold more (thread roots). */
export interface PostListView {
  order: string[];
  posts: PostView[];
  nextPostId: string;
  prevPostId: string;
  /** Only thread lists report it, as Mattermost's paginated thread. */
  hasNext?: boolean;
}

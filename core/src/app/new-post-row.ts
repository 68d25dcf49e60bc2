// A post row as it is first made: not yet edited, deleted, pinned or replied to. The post pipeline
// builds every stored post from it, and an ephemeral post (shown, never stored) has the same shape.
import type { Post } from '../store/entities/post.ts';

export type NewPostFields = Pick<Post, 'id' | 'createAt' | 'userId' | 'channelId' | 'rootId' | 'message' | 'type' | 'props' | 'fileIds' | 'hashtags' | 'pendingPostId'>;

export function newPostRow(fields: NewPostFields): Post {
  return { ...fields, updateAt: fields.createAt, editAt: 0, deleteAt: 0, isPinned: false, originalId: '', lastReplyAt: 0 } as Post;
}

// Posts on the wire: Mattermost's Post JSON as clients see it (attachment integrations stripped)
// and as stored (for plugins), post lists, and the bodies that create or edit a post.
import { clientPostProps } from './client-post-props.ts';
import { toWireFileInfo } from './file-info.ts';
import { toWireReaction } from './reaction.ts';
import { decodePostPriority, toWireAcknowledgement, toWirePriority } from './post-priority.ts';
import type { NewPostInput, PostChangesInput } from '../app/post-service.ts';
import type { PostListView, PostView } from '../app/post-view.ts';
import type { PostEdit } from '../store/post-repository.ts';
import { isValidId } from '../app/ids.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';
import { tracedSync } from '../tracing/phases.ts';

/** More ids than a post can hold files are refused outright; the service enforces the real limit (10). */
const MAX_FILE_IDS = 100;

/**
 * Mattermost's Post JSON as the post's readers see it: deleted posts keep only their identity, and
 * attachment actions lose their integration (see client-post-props.ts).
 */
export function toClientPost(view: PostView): Record<string, unknown> {
  const wire = toWirePost(view);
  return { ...wire, props: clientPostProps(wire.props as Record<string, unknown>) };
}

const clientJson = new WeakMap<PostView, string>();

/**
 * The client's post as JSON text, encoded once per view: the posted event and the HTTP answer of the
 * request that made the post share it.
 */
export function clientPostJson(view: PostView): string {
  let json = clientJson.get(view);
  if (json === undefined) clientJson.set(view, (json = tracedSync('encode', () => JSON.stringify(toClientPost(view)))));
  return json;
}

/** Mattermost's Post JSON as stored, integrations included: for plugins, never for clients. */
export function toWirePost(view: PostView): Record<string, unknown> {
  const { post } = view;
  const deleted = post.deleteAt > 0;
  return {
    id: post.id,
    create_at: post.createAt,
    update_at: post.updateAt,
    edit_at: post.editAt,
    delete_at: post.deleteAt,
    is_pinned: post.isPinned,
    user_id: post.userId,
    channel_id: post.channelId,
    root_id: post.rootId,
    original_id: post.originalId,
    message: deleted ? '' : post.message,
    type: post.type,
    props: deleted ? {} : post.props,
    hashtags: deleted ? '' : post.hashtags,
    pending_post_id: post.pendingPostId,
    reply_count: view.replyCount,
    last_reply_at: post.lastReplyAt,
    // Mattermost's Post.Participants: users with only their id, on a thread's root.
    participants: view.participants ? view.participants.map((id) => ({ id })) : null,
    file_ids: deleted ? [] : post.fileIds,
    metadata: {
      embeds: [],
      emojis: [],
      files: deleted ? [] : view.files.map(toWireFileInfo),
      images: {},
      reactions: deleted ? [] : view.reactions.map(toWireReaction),
      // Mattermost leaves both out when there are none.
      ...(view.priority && !deleted ? { priority: toWirePriority(view.priority) } : {}),
      ...(view.acknowledgements.length > 0 && !deleted ? { acknowledgements: view.acknowledgements.map(toWireAcknowledgement) } : {}),
    },
  };
}

/**
 * One entry of GET /posts/{id}/edit_history: the post as it was before an edit, as Mattermost keeps
 * it — its own id, original_id naming the post, deleted at the time the edit replaced it.
 */
export function toWireEditHistory(then: PostView, edit: PostEdit): Record<string, unknown> {
  return { ...toClientPost(then), id: edit.id, original_id: edit.postId, update_at: edit.replacedAt, delete_at: edit.replacedAt };
}

/** Mattermost's PostList JSON, for clients. */
export function toWirePostList(list: PostListView): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    order: list.order,
    posts: Object.fromEntries(list.posts.map((v) => [v.post.id, toClientPost(v)])),
    next_post_id: list.nextPostId,
    prev_post_id: list.prevPostId,
    first_inaccessible_post_time: 0,
  };
  if (list.hasNext !== undefined) wire.has_next = list.hasNext;
  return wire;
}

/** Mattermost's Post JSON a client sends to create one (POST /posts), as the post service takes it. */
export function decodeNewPost(body: unknown, refuse: Refusal = paramRefusal): NewPostInput {
  const fields = JsonFields.of(body, 'post', refuse);
  return {
    channelId: fields.id('channel_id'),
    message: fields.string('message'),
    rootId: fields.optionalId('root_id'),
    type: fields.string('type'),
    props: fields.object('props'),
    fileIds: fields.stringList('file_ids', { maxItems: MAX_FILE_IDS }).filter(isValidId),
    pendingPostId: fields.string('pending_post_id', { max: 64 }),
    priority: decodePostPriority(fields.has('metadata') ? fields.object('metadata') : {}, refuse),
  };
}

/**
 * An edit: PUT /posts/{id} replaces the message and props (absent ones become empty) and must name
 * the post; PUT /posts/{id}/patch changes only the fields it holds. Files change only when named.
 */
export function decodePostChanges(body: unknown, how: { postId: string; patch: boolean }, refuse: Refusal = paramRefusal): PostChangesInput {
  const fields = JsonFields.of(body, 'post', refuse);
  if (!how.patch && fields.string('id') !== how.postId) throw refuse('id', 'must match the post id in the URL');
  return {
    message: how.patch && !fields.has('message') ? undefined : fields.string('message'),
    props: how.patch && !fields.has('props') ? undefined : fields.object('props'),
    fileIds: fields.has('file_ids') ? fields.stringList('file_ids', { maxItems: MAX_FILE_IDS }).filter(isValidId) : undefined,
    isPinned: fields.has('is_pinned') ? fields.boolean('is_pinned') : undefined,
  };
}

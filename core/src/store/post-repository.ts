import { TEXT_LIST, Repository } from './repository.ts';
import { Post } from './entities/post.ts';
import { FileInfo } from './entities/file-info.ts';
import { Reaction } from './entities/reaction.ts';

export type PostChanges = Partial<Omit<Post, 'id' | 'createAt' | 'userId' | 'channelId'>>;

/** A channel member as the mention parser needs it. */
export interface MentionCandidate {
  userId: string;
  username: string;
  ignoresChannelMentions: boolean;
}

/** What the views of some posts need besides the posts: their threads' reply counts, files and reactions. */
export interface PostDecorations {
  /** Live replies by root post id (roots without replies are absent). */
  replyCounts: Map<string, number>;
  /** Live files of the posts, oldest first. */
  files: FileInfo[];
  /** Reactions to the posts, oldest first. */
  reactions: Reaction[];
}

/** Upper bound of GET /channels/{id}/posts?since, as Mattermost. */
const SINCE_LIMIT = 1000;

export class PostRepository extends Repository {
  findById(id: string): Promise<Post | null> {
    return this.selectOne(Post, 'select * from posts where id = ?', [id]);
  }

  findByIds(ids: readonly string[]): Promise<Post[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.select(Post, `select * from posts where id = any(${TEXT_LIST})`, [JSON.stringify(ids)]);
  }

  /** Live posts of a channel, newest first. `before`/`after` bound create_at exclusively. */
  async listChannel(channelId: string, options: { offset: number; limit: number; before?: number; after?: number }): Promise<Post[]> {
    const conditions = ['channel_id = ?', 'delete_at = 0'];
    const params: unknown[] = [channelId];
    if (options.before !== undefined) {
      conditions.push('create_at < ?');
      params.push(options.before);
    }
    if (options.after !== undefined) {
      conditions.push('create_at > ?');
      params.push(options.after);
    }
    // Posts after a cursor are paged from the cursor outwards (oldest first), then shown newest first.
    const direction = options.after !== undefined && options.before === undefined ? 'asc' : 'desc';
    const posts = await this.select(
      Post,
      `select * from posts where ${conditions.join(' and ')} order by create_at ${direction}, id ${direction} limit ? offset ?`,
      [...params, options.limit, options.offset],
    );
    return direction === 'asc' ? posts.reverse() : posts;
  }

  /** Posts created, edited or deleted after `since`, deleted ones included, newest first. */
  listChangedSince(channelId: string, since: number): Promise<Post[]> {
    return this.select(Post, 'select * from posts where channel_id = ? and update_at > ? order by create_at desc, id desc limit ?', [channelId, since, SINCE_LIMIT]);
  }

  /** The id of the newest live post created before `createAt` (older neighbour), or ''. */
  async idBefore(channelId: string, createAt: number): Promise<string> {
    const rows = await this.sql<{ id: string }>('select id from posts where channel_id = ? and delete_at = 0 and create_at < ? order by create_at desc, id desc limit 1', [channelId, createAt]);
    return rows[0]?.id ?? '';
  }

  /** The id of the oldest live post created after `createAt` (newer neighbour), or ''. */
  async idAfter(channelId: string, createAt: number): Promise<string> {
    const rows = await this.sql<{ id: string }>('select id from posts where channel_id = ? and delete_at = 0 and create_at > ? order by create_at asc, id asc limit 1', [channelId, createAt]);
    return rows[0]?.id ?? '';
  }

  /** A thread's live root and replies, oldest first. */
  findThread(rootId: string): Promise<Post[]> {
    return this.em().find(Post, { $or: [{ id: rootId }, { rootId }], deleteAt: 0 }, { orderBy: { createAt: 'asc', id: 'asc' } });
  }

  findPinned(channelId: string): Promise<Post[]> {
    return this.em().find(Post, { channelId, isPinned: true, deleteAt: 0 }, { orderBy: { createAt: 'desc', id: 'desc' } });
  }

  /**
   * Reply counts of `rootIds`' threads, the files and the reactions of `postIds`, in one round trip
   * (a page of posts is one query for the posts and one for this). Files are looked up only when
   * `withFiles` (some post names files).
   */
  async decorations(postIds: readonly string[], rootIds: readonly string[], withFiles: boolean): Promise<PostDecorations> {
    type Json = Record<string, unknown>;
    const posts = JSON.stringify(postIds);
    const [row] = await this.sql<{ reply_counts: Array<[string, number]>; files: Json[]; reactions: Json[] }>(
      `select
         (select coalesce(jsonb_agg(jsonb_build_array(root_id, n)), '[]') from (
            select root_id, count(*) as n from posts
             where root_id = any(${TEXT_LIST}) and delete_at = 0 group by root_id) counts) as reply_counts,
         (select coalesce(jsonb_agg(to_jsonb(f) order by f.create_at, f.id), '[]') from file_infos f
           where ? and f.post_id = any(${TEXT_LIST}) and f.delete_at = 0) as files,
         (select coalesce(jsonb_agg(to_jsonb(r) order by r.create_at, r.user_id, r.emoji_name), '[]') from reactions r
           where r.post_id = any(${TEXT_LIST})) as reactions`,
      [JSON.stringify(rootIds), withFiles, posts, posts],
    );
    return {
      replyCounts: new Map(row.reply_counts),
      files: row.files.map((file) => this.mapRow(FileInfo, file)),
      reactions: row.reactions.map((reaction) => this.mapRow(Reaction, reaction)),
    };
  }

  /** Applies `changes` and returns the updated row, or null when no post has that id. */
  async update(id: string, changes: PostChanges): Promise<Post | null> {
    await this.write((em) => em.nativeUpdate(Post, { id }, changes));
    return this.findById(id);
  }

  /** Soft-deletes a post, its replies and their files. */
  async softDelete(id: string, now: number): Promise<void> {
    const ids = await this.sql<{ id: string }>(
      `update posts set delete_at = ?, update_at = ? where (id = ? or root_id = ?) and delete_at = 0 returning id`,
      [now, now, id, id],
    );
    if (ids.length === 0) return;
    await this.sql(`update file_infos set delete_at = ?, update_at = ? where post_id = any(${TEXT_LIST}) and delete_at = 0`, [now, now, JSON.stringify(ids.map((r) => r.id))]);
  }

  /** Members of a channel with their usernames, for resolving @-mentions. */
  async mentionCandidates(channelId: string): Promise<MentionCandidate[]> {
    // The member's channel setting wins; "default" (or none) falls back to the user's account setting.
    const rows = await this.sql<{ user_id: string; username: string; ignores: boolean }>(
      `select cm.user_id, u.username,
              coalesce(nullif(cm.notify_props->>'ignore_channel_mentions', 'default') = 'on', u.notify_props->>'channel' = 'false', false) as ignores
         from channel_members cm join users u on u.id = cm.user_id
        where cm.channel_id = ? and u.delete_at = 0`,
      [channelId],
    );
    return rows.map((r) => ({ userId: r.user_id, username: r.username, ignoresChannelMentions: r.ignores }));
  }

  /**
   * Inserts a new post together with the bookkeeping it causes — channel counters, the thread
   * root's last reply, mention counts of the mentioned members, and the poster's read state (their
   * own post is read) — as one statement: atomic, and one round trip to the database. Mattermost
   * never stores pending_post_id (clients only need it echoed), so neither does this.
   */
  async insertPosted(post: Post, mentionedUserIds: readonly string[]): Promise<void> {
    const isRoot = post.rootId === '' ? 1 : 0;
    const at = post.createAt;
    await this.sql(
      `with new_post as (
         insert into posts (id, create_at, update_at, edit_at, delete_at, is_pinned, user_id, channel_id, root_id, original_id,
                            message, type, props, hashtags, file_ids, pending_post_id, last_reply_at)
         values (?, ?, ?, 0, 0, false, ?, ?, ?, '', ?, ?, cast(? as jsonb), ?, cast(? as jsonb), '', 0)
       ), channel as (
         update channels set last_post_at = greatest(last_post_at, ?),
                last_root_post_at = case when ? = 1 then greatest(last_root_post_at, ?) else last_root_post_at end,
                total_msg_count = total_msg_count + 1, total_msg_count_root = total_msg_count_root + ?
          where id = ?
         returning id, total_msg_count, total_msg_count_root
       ), thread_root as (
         update posts set last_reply_at = greatest(last_reply_at, ?), update_at = greatest(update_at, ?) where ? = 0 and id = ?
       ), mentioned as (
         update channel_members set mention_count = mention_count + 1, mention_count_root = mention_count_root + ?, last_update_at = ?
          where channel_id = ? and user_id = any(${TEXT_LIST})
       )
       update channel_members cm set last_viewed_at = greatest(cm.last_viewed_at, ?), msg_count = channel.total_msg_count,
              msg_count_root = channel.total_msg_count_root, last_update_at = ?
         from channel where cm.channel_id = channel.id and cm.user_id = ?`,
      [
        post.id, at, post.updateAt, post.userId, post.channelId, post.rootId,
        post.message, post.type, JSON.stringify(post.props), post.hashtags, JSON.stringify(post.fileIds),
        at, isRoot, at, isRoot, post.channelId,
        at, at, isRoot, post.rootId,
        isRoot, at, post.channelId, JSON.stringify(mentionedUserIds),
        at, at, post.userId,
      ],
    );
  }

  /**
   * Attaches the poster's own unattached files, uploaded to the post's channel, to the post; returns
   * the ids actually attached (Mattermost drops the others without failing the post).
   */
  async attachFiles(fileIds: readonly string[], creatorId: string, postId: string, channelId: string, now: number): Promise<string[]> {
    if (fileIds.length === 0) return [];
    const rows = await this.sql<{ id: string }>(
      `update file_infos set post_id = ?, update_at = ?
        where id = any(${TEXT_LIST}) and creator_id = ? and channel_id = ? and post_id = '' and delete_at = 0 returning id`,
      [postId, now, JSON.stringify(fileIds), creatorId, channelId],
    );
    const attached = new Set(rows.map((r) => r.id));
    return fileIds.filter((id) => attached.has(id));
  }

  /** Soft-deletes the files of a post other than `keep` (files taken off the post by an edit). */
  async deleteFilesExcept(postId: string, keep: readonly string[], now: number): Promise<void> {
    await this.sql(`update file_infos set delete_at = ?, update_at = ? where post_id = ? and delete_at = 0 and id <> all(${TEXT_LIST})`, [now, now, postId, JSON.stringify(keep)]);
  }

  /** Live file infos attached to the given posts, oldest first. */
  findFiles(postIds: readonly string[]): Promise<FileInfo[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.select(FileInfo, `select * from file_infos where post_id = any(${TEXT_LIST}) and delete_at = 0 order by create_at asc, id asc`, [JSON.stringify([...postIds])]);
  }
}

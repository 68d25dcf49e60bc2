import { TEXT_LIST, Repository } from './repository.ts';
import { Post } from './entities/post.ts';
import { FileInfo } from './entities/file-info.ts';
import { Reaction } from './entities/reaction.ts';
import { toAcknowledgement, type AcknowledgementRow, type PostAcknowledgement } from './post-acknowledgement-repository.ts';

export type PostChanges = Partial<Omit<Post, 'id' | 'createAt' | 'userId' | 'channelId'>>;

/** A channel member as the mention parser needs it. */
export interface MentionCandidate {
  userId: string;
  username: string;
  ignoresChannelMentions: boolean;
}

/** The id lists of decorations(), read once in its `ids` CTE. */
const ROOT_IDS = 'cast((select roots from ids) as text[])';
const POST_IDS = 'cast((select posts from ids) as text[])';

/** Mattermost's post priorities: none (''), important or urgent. */
export const PRIORITIES = ['', 'important', 'urgent'] as const;

/** A root post's priority as its author set it (Mattermost's PostPriority). */
export interface PostPriority {
  priority: (typeof PRIORITIES)[number];
  /** Readers are asked to acknowledge the post. */
  requestedAck: boolean;
  /** The mentioned users are notified again until one of them acknowledges, replies or reacts (persistent-notifications.ts). */
  persistentNotifications: boolean;
}

/** What the views of some posts need besides the posts: their threads' reply counts, files, reactions, priorities and acknowledgements. */
export interface PostDecorations {
  /** Live replies by root post id (roots without replies are absent). */
  replyCounts: Map<string, number>;
  /** Live files of the posts, oldest first. */
  files: FileInfo[];
  /** Reactions to the posts, oldest first. */
  reactions: Reaction[];
  /** Who replied to each thread among the roots (threads without replies are absent), oldest first. */
  participants: Map<string, string[]>;
  /** The priorities of the posts that have one, by post id. */
  priorities: Map<string, PostPriority>;
  /** Acknowledgements of the posts, oldest first. */
  acknowledgements: PostAcknowledgement[];
}

/** A message a post had before an edit replaced it. */
export interface PostEdit {
  id: string;
  postId: string;
  message: string;
  /** The post's edit_at while this message was current (0 for the original message). */
  editAt: number;
  /** When the edit replaced it. */
  replacedAt: number;
}

interface PostEditRow {
  id: string;
  post_id: string;
  message: string;
  edit_at: string;
  replaced_at: string;
}

function toPostEdit(row: PostEditRow): PostEdit {
  return { id: row.id, postId: row.post_id, message: row.message, editAt: Number(row.edit_at), replacedAt: Number(row.replaced_at) };
}

/** A follower's view of a thread right after a reply: what thread_updated tells them. */
export interface ReplyFollower {
  userId: string;
  lastViewed: number;
  unreadMentions: number;
  unreadReplies: number;
  /** Did not follow the thread before this reply. */
  isNew: boolean;
}

/** The thread after a reply (PostRepository.insertReply). */
export interface ReplyOutcome {
  replyCount: number;
  lastReplyAt: number;
  /** Ids of the users who replied, oldest first. */
  participants: string[];
  followers: ReplyFollower[];
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
  async listChannel(channelId: string, options: { offset: number; limit: number; before?: number; after?: number; rootsOnly?: boolean }): Promise<Post[]> {
    const conditions = ['channel_id = ?', 'delete_at = 0'];
    if (options.rootsOnly) conditions.push(`root_id = ''`);
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
  listChangedSince(channelId: string, since: number, rootsOnly = false): Promise<Post[]> {
    return this.select(
      Post,
      `select * from posts where channel_id = ? and update_at > ? and (not ? or root_id = '') order by create_at desc, id desc limit ?`,
      [channelId, since, rootsOnly, SINCE_LIMIT],
    );
  }

  /** The id of the newest live post created before `createAt` (older neighbour), or ''. */
  async idBefore(channelId: string, createAt: number, rootsOnly = false): Promise<string> {
    const rows = await this.sql<{ id: string }>(
      `select id from posts where channel_id = ? and delete_at = 0 and create_at < ? and (not ? or root_id = '') order by create_at desc, id desc limit 1`,
      [channelId, createAt, rootsOnly],
    );
    return rows[0]?.id ?? '';
  }

  /** The id of the oldest live post created after `createAt` (newer neighbour), or ''. */
  async idAfter(channelId: string, createAt: number, rootsOnly = false): Promise<string> {
    const rows = await this.sql<{ id: string }>(
      `select id from posts where channel_id = ? and delete_at = 0 and create_at > ? and (not ? or root_id = '') order by create_at asc, id asc limit 1`,
      [channelId, createAt, rootsOnly],
    );
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
   * Reply counts and repliers of `rootIds`' threads, the files, reactions, priorities and acknowledgements of `postIds`, in one round trip
   * (a page of posts is one query for the posts and one for this). Files are looked up only when
   * `withFiles` (some post names files). The reply counts are the threads rows' (one primary-key
   * lookup per root), not a count over the replies: the statement that inserts a reply adds one, the
   * one that deletes replies takes them off (softDelete), and posts enter or leave no other way.
   */
  async decorations(postIds: readonly string[], rootIds: readonly string[], withFiles: boolean): Promise<PostDecorations> {
    type Json = Record<string, unknown>;
    const posts = JSON.stringify(postIds);
    type PriorityRow = { priority: PostPriority['priority']; requested_ack: boolean; persistent_notifications: boolean };
    const [row] = await this.sql<{ threads: Record<string, [number, string[]]>; files: Json[]; reactions: Json[]; priorities: Record<string, PriorityRow>; acks: AcknowledgementRow[] }>(
      // Each id list is read from its JSON once (a subselect of its own would read it again: ~60 µs a time for a page).
      `with ids as (select ${TEXT_LIST} as roots, ${TEXT_LIST} as posts)
       select
         (select coalesce(jsonb_object_agg(post_id, jsonb_build_array(reply_count, participants)), '{}') from threads
           where post_id = any(${ROOT_IDS})) as threads,
         (select coalesce(jsonb_agg(to_jsonb(f) order by f.create_at, f.id), '[]') from file_infos f
           where ? and f.post_id = any(${POST_IDS}) and f.delete_at = 0) as files,
         (select coalesce(jsonb_agg(to_jsonb(r) order by r.create_at, r.user_id, r.emoji_name), '[]') from reactions r
           where r.post_id = any(${POST_IDS})) as reactions,
         (select coalesce(jsonb_object_agg(p.post_id, to_jsonb(p) - 'post_id' - 'channel_id'), '{}') from posts_priority p
           where p.post_id = any(${POST_IDS})) as priorities,
         (select coalesce(jsonb_agg(to_jsonb(a) order by a.acknowledged_at, a.user_id), '[]') from post_acknowledgements a
           where a.post_id = any(${POST_IDS})) as acks`,
      [JSON.stringify(rootIds), posts, withFiles],
    );
    const threads = Object.entries(row.threads);
    return {
      replyCounts: new Map(threads.flatMap(([rootId, [count]]) => (count > 0 ? [[rootId, Number(count)]] : []))),
      files: row.files.map((file) => this.mapRow(FileInfo, file)),
      reactions: row.reactions.map((reaction) => this.mapRow(Reaction, reaction)),
      participants: new Map(threads.map(([rootId, [, participants]]) => [rootId, participants])),
      priorities: new Map(
        Object.entries(row.priorities).map(([postId, p]) => [postId, { priority: p.priority, requestedAck: p.requested_ack, persistentNotifications: p.persistent_notifications }]),
      ),
      acknowledgements: row.acks.map(toAcknowledgement),
    };
  }

  /** Applies `changes` and returns the updated row, or null when no post has that id. */
  async update(id: string, changes: PostChanges): Promise<Post | null> {
    await this.write((em) => em.nativeUpdate(Post, { id }, changes));
    return this.findById(id);
  }

  /** Soft-deletes a post, its replies and their files. */
  async softDelete(id: string, now: number): Promise<void> {
    // A deleted reply no longer counts in its thread's reply count (Mattermost's Threads.ReplyCount).
    const ids = await this.sql<{ id: string }>(
      `with deleted as (
         update posts set delete_at = ?, update_at = ? where (id = ? or root_id = ?) and delete_at = 0 returning id, root_id
       ), thread as (
         update threads t set reply_count = greatest(t.reply_count - d.n, 0)
           from (select root_id, count(*) as n from deleted where root_id <> '' group by root_id) d where t.post_id = d.root_id
       )
       select id from deleted`,
      [now, now, id, id],
    );
    if (ids.length === 0) return;
    await this.sql(`update file_infos set delete_at = ?, update_at = ? where post_id = any(${TEXT_LIST}) and delete_at = 0`, [now, now, JSON.stringify(ids.map((r) => r.id))]);
  }

  /** Keeps the message a post had before an edit (GET /posts/{id}/edit_history). */
  async recordEdit(edit: PostEdit): Promise<void> {
    await this.sql('insert into post_edits (id, post_id, message, edit_at, replaced_at) values (?, ?, ?, ?, ?)', [edit.id, edit.postId, edit.message, edit.editAt, edit.replacedAt]);
  }

  /** A post's earlier messages, the most recently replaced first. */
  async editHistory(postId: string): Promise<PostEdit[]> {
    const rows = await this.sql<PostEditRow>('select * from post_edits where post_id = ? order by replaced_at desc, id desc', [postId]);
    return rows.map(toPostEdit);
  }

  /** One entry of an edit history, by its id, or null. */
  async findEdit(editId: string): Promise<PostEdit | null> {
    const [row] = await this.sql<PostEditRow>('select * from post_edits where id = ?', [editId]);
    return row ? toPostEdit(row) : null;
  }

  /**
   * Live posts a user saved (their `flagged_post` preferences) in channels they are a member of,
   * newest first; within a team (its channels and the user's direct and group messages) or one channel.
   */
  listFlagged(userId: string, scope: { teamId: string; channelId: string }, page: { offset: number; limit: number }): Promise<Post[]> {
    return this.select(
      Post,
      `select p.* from preferences f
         join posts p on p.id = f.name
         join channel_members cm on cm.channel_id = p.channel_id and cm.user_id = f.user_id
         join channels c on c.id = p.channel_id
        where f.user_id = ? and f.category = 'flagged_post' and f.value = 'true' and p.delete_at = 0
          and (? = '' or c.team_id = ? or c.team_id = '') and (? = '' or p.channel_id = ?)
        order by p.create_at desc, p.id desc limit ? offset ?`,
      [userId, scope.teamId, scope.teamId, scope.channelId, scope.channelId, page.limit, page.offset],
    );
  }

  /** The oldest live post of a channel created after `at` (the first one a member has not read), or null. */
  async firstAfter(channelId: string, at: number, rootsOnly: boolean): Promise<Post | null> {
    const id = await this.idAfter(channelId, at, rootsOnly);
    return id === '' ? null : this.findById(id);
  }

  /** Live posts of a channel from `from` on (inclusive), oldest first, at most `limit`: what a member has not read. */
  listFrom(channelId: string, from: number, limit: number): Promise<Post[]> {
    return this.select(Post, 'select * from posts where channel_id = ? and delete_at = 0 and create_at >= ? order by create_at asc, id asc limit ?', [channelId, from, limit]);
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
   * Inserts a new root post together with the bookkeeping it causes — channel counters, mention
   * counts of the mentioned members, and the poster's read state (their own post is read) — as one
   * statement: atomic, and one round trip to the database. Mattermost never stores pending_post_id
   * (clients only need it echoed), so neither does this.
   */
  async insertPosted(post: Post, mentionedUserIds: readonly string[], priority: PostPriority | null = null): Promise<void> {
    if (!priority) {
      await this.sql(`${postedSteps()} ${POSTER_READ}`, postedParams(post, mentionedUserIds));
      return;
    }
    // The priority rows reference the post: the foreign keys are checked at the end of the statement, once all are in.
    // Only a post asking for persistent notifications gets the sweep's row (m0028), in the same statement.
    const persistent = priority.persistentNotifications ? `, persistent as (insert into persistent_notifications (post_id, create_at) values (?, ?))` : '';
    await this.sql(
      `${postedSteps()}, priority as (
         insert into posts_priority (post_id, channel_id, priority, requested_ack, persistent_notifications) values (?, ?, ?, ?, ?)
       )${persistent} ${POSTER_READ}`,
      [
        ...postedStepParams(post, mentionedUserIds),
        post.id, post.channelId, priority.priority, priority.requestedAck, priority.persistentNotifications,
        ...(priority.persistentNotifications ? [post.id, post.createAt] : []),
        ...posterReadParams(post),
      ],
    );
  }

  /**
   * Inserts a reply with the same bookkeeping as insertPosted, and in the same one statement the
   * thread's: its row (reply count, last reply, repliers) and its followers (Mattermost's
   * ThreadAutoFollow). The poster, the root's author and the users the reply mentions
   * follow the thread — except that only a mention brings back someone who unfollowed it; a mention
   * counts as an unread mention; the poster has read the thread up to their reply. With
   * `follow.track` off (collapsed threads disabled) no membership is written. Returns the thread
   * and the state after the reply of every follower still in the channel, for the
   * thread_updated events.
   */
  async insertReply(post: Post, mentionedUserIds: readonly string[], follow: { rootUserId: string; autoFollow: boolean; track: boolean }): Promise<ReplyOutcome> {
    const root = post.rootId;
    const at = post.createAt;
    const [row] = await this.sql<{ reply_count: string; last_reply_at: string; participants: string[]; followers: Array<{ user_id: string; last_viewed: number; unread_mentions: number; unread_replies: number; is_new: boolean }> }>(
      `${postedSteps()}, poster_read as (${POSTER_READ}),
       thread as (
         insert into threads (post_id, channel_id, reply_count, last_reply_at, participants)
         values (?, ?, 1, ?, jsonb_build_array(cast(? as text)))
         on conflict (post_id) do update set reply_count = threads.reply_count + 1,
                last_reply_at = greatest(threads.last_reply_at, excluded.last_reply_at),
                participants = case when threads.participants @> excluded.participants then threads.participants else threads.participants || excluded.participants end
         returning reply_count, last_reply_at, participants
       ), before as (
         select user_id, following from thread_memberships where post_id = ?
       ), candidates as (
         select user_id, bool_or(mentioned) as mentioned, bool_or(is_poster) as is_poster from (
           select cast(? as text) as user_id, false as mentioned, true as is_poster
           union all select cast(? as text), false, false
           union all select m, true, false from jsonb_array_elements_text(cast(? as jsonb)) m
         ) c group by user_id
       ), upserted as (
         insert into thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
         select ?, c.user_id, true, case when c.is_poster then cast(? as bigint) else 0 end, ?, case when c.mentioned then 1 else 0 end
           from candidates c left join before b on b.user_id = c.user_id
          where ? and (? or b.user_id is not null)
         on conflict (post_id, user_id) do update set
                following = thread_memberships.following or (excluded.unread_mentions > 0 and ?),
                unread_mentions = case when excluded.last_viewed > 0 then 0 else thread_memberships.unread_mentions + excluded.unread_mentions end,
                last_viewed = greatest(thread_memberships.last_viewed, excluded.last_viewed),
                last_updated = excluded.last_updated
          where thread_memberships.following or excluded.unread_mentions > 0
         returning user_id, following, last_viewed, unread_mentions
       ), followers as (
         select u.user_id, u.last_viewed, u.unread_mentions, not coalesce(b.following, false) as is_new
           from upserted u left join before b on b.user_id = u.user_id where u.following
         union all
         select m.user_id, m.last_viewed, m.unread_mentions, false from thread_memberships m
          where ? and m.post_id = ? and m.following and not exists (select 1 from upserted u where u.user_id = m.user_id)
       )
       select t.reply_count, t.last_reply_at, t.participants,
              (select coalesce(jsonb_agg(jsonb_build_object('user_id', f.user_id, 'last_viewed', f.last_viewed, 'unread_mentions', f.unread_mentions, 'is_new', f.is_new,
                 'unread_replies', (select count(*) from posts r where r.root_id = ? and r.delete_at = 0 and r.create_at > f.last_viewed) + case when ? > f.last_viewed then 1 else 0 end)), '[]')
                 from followers f where exists (select 1 from channel_members cm where cm.channel_id = ? and cm.user_id = f.user_id)) as followers
         from thread t`,
      [
        ...postedParams(post, mentionedUserIds),
        root, post.channelId, at, post.userId,
        root,
        post.userId, follow.rootUserId, JSON.stringify(mentionedUserIds),
        root, at, at, follow.track, follow.autoFollow, follow.autoFollow,
        follow.track, root,
        root, at, post.channelId,
      ],
    );
    return {
      replyCount: Number(row.reply_count),
      lastReplyAt: Number(row.last_reply_at),
      participants: row.participants,
      followers: row.followers.map((f) => ({
        userId: f.user_id,
        lastViewed: Number(f.last_viewed),
        unreadMentions: Number(f.unread_mentions),
        unreadReplies: Number(f.unread_replies),
        isNew: f.is_new,
      })),
    };
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

/**
 * The steps every new post takes, as the data-modifying parts of one statement: the insert, the
 * channel's counters and last post times, the thread root's last reply, and the mentioned members'
 * counts. The statement ends with POSTER_READ (its `channel` step's counts).
 */
function postedSteps(): string {
  return `with new_post as (
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
       )`;
}

/** The poster has read their channel up to their own post. */
const POSTER_READ = `update channel_members cm set last_viewed_at = greatest(cm.last_viewed_at, ?), msg_count = channel.total_msg_count,
              msg_count_root = channel.total_msg_count_root, last_update_at = ?
         from channel where cm.channel_id = channel.id and cm.user_id = ?`;

function postedParams(post: Post, mentionedUserIds: readonly string[]): unknown[] {
  return [...postedStepParams(post, mentionedUserIds), ...posterReadParams(post)];
}

/** The parameters of postedSteps(). */
function postedStepParams(post: Post, mentionedUserIds: readonly string[]): unknown[] {
  const isRoot = post.rootId === '' ? 1 : 0;
  const at = post.createAt;
  return [
    post.id, at, post.updateAt, post.userId, post.channelId, post.rootId,
    post.message, post.type, JSON.stringify(post.props), post.hashtags, JSON.stringify(post.fileIds),
    at, isRoot, at, isRoot, post.channelId,
    at, at, isRoot, post.rootId,
    isRoot, at, post.channelId, JSON.stringify(mentionedUserIds),
  ];
}

/** The parameters of POSTER_READ. */
function posterReadParams(post: Post): unknown[] {
  return [post.createAt, post.createAt, post.userId];
}

// One post: author and time (left out when the same person posted just before), the text, and what
// marks it: "(edited)", a system message's own style, "(only visible to you)" for an ephemeral one,
// and the highlight of a permalink's post, and its priority label. Its files, reactions and (when it
// asks for them) acknowledgements follow the text.
import type { Post } from '@mattermost/types/posts';
import { useChat } from './chat-store.ts';
import { PostBody } from './post-body.tsx';
import { PostMenu } from './post-menu.tsx';
import { ThreadSummary } from './threads/thread-summary.tsx';
import { PostFiles } from './files/post-files.tsx';
import { PostReactions } from './reactions/post-reactions.tsx';
import { PostAcknowledge, PriorityLabel } from './priority/post-priority.tsx';
import { PostMarkers } from './views/post-markers.tsx';
import { EditedMarker } from './views/edited-marker.tsx';
import { useAltClickUnread } from './views/mark-unread.ts';
import { UserAvatar } from './people/user-avatar.tsx';
import { CustomStatusEmoji } from './people/custom-status-emoji.tsx';
import { GuestTag } from './people/guest-tag.tsx';
import { dateAndTime, timeOfDay } from './date-formats.ts';

export function isSystemPost(post: Post): boolean {
  return post.type.startsWith('system_');
}

export function PostItem({ post, continued, highlighted }: { post: Post; continued: boolean; highlighted: boolean }) {
  const author = useChat((s) => s.users[post.user_id]);
  const teamId = useChat((s) => s.channels[post.channel_id]?.team_id ?? '');
  const name = author ? author.username : 'someone';
  const ephemeral = post.type === 'system_ephemeral';
  const time = new Date(post.create_at);
  const altClick = useAltClickUnread(post);
  const classes = ['post', continued ? 'continued' : '', isSystemPost(post) ? 'post-system' : '', ephemeral ? 'post-ephemeral' : '', highlighted ? 'highlighted' : ''];
  return (
    <li className={classes.filter(Boolean).join(' ')} data-post-id={post.id} aria-current={highlighted ? 'true' : undefined} onClick={altClick}>
      <div className={continued ? 'visually-hidden' : 'post-head'}>
        {!isSystemPost(post) && <UserAvatar user={author} />}
        <strong className="post-author">{isSystemPost(post) && !ephemeral ? 'System' : name}</strong>
        {!isSystemPost(post) && <GuestTag user={author} />}
        {!isSystemPost(post) && <CustomStatusEmoji userId={post.user_id} />}{' '}
        <time dateTime={time.toISOString()} title={dateAndTime(time)}>
          {timeOfDay(time)}
        </time>
        {!isSystemPost(post) && <PriorityLabel post={post} />}
        {ephemeral && <span className="post-note"> (only visible to you)</span>}
      </div>
      {!ephemeral && !isSystemPost(post) && <PostMenu post={post} teamId={teamId} />}
      <PostMarkers post={post} />
      <PostBody post={post} teamId={teamId} />
      {post.edit_at > 0 && <EditedMarker post={post} teamId={teamId} />}
      <PostFiles post={post} />
      {!ephemeral && !isSystemPost(post) && <PostAcknowledge post={post} />}
      {!ephemeral && !isSystemPost(post) && <PostReactions post={post} />}
      {!isSystemPost(post) && <ThreadSummary post={post} />}
    </li>
  );
}

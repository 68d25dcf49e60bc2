// A post's content: its message as Markdown (or, for a plugin's custom post type, the plugin's
// blocks), then its Slack-style attachments with their buttons and selects.
import type { Post } from '@mattermost/types/posts';
import type { MessageAttachment } from '@mattermost/types/message_attachments';
import { Markdown, PostAttachments } from '../message/index.ts';
import { CustomPost } from '../plugin-surfaces/custom-post.tsx';
import { useMessageContext } from './message-context.tsx';
import { runPostAction } from './post-actions.ts';
import { CallPostSlot } from '../calls/calls-slots.tsx';

export function PostBody({ post, teamId }: { post: Post; teamId: string }) {
  const context = useMessageContext();
  const attachments = (post.props as { attachments?: unknown } | undefined)?.attachments;
  const text = <Markdown text={post.message} context={context} />;
  return (
    <div className="post-body">
      {(post.type as string) === 'custom_calls' ? (
        <CallPostSlot post={post} fallback={text} />
      ) : post.type.startsWith('custom_') ? (
        <CustomPost
          post={{ type: post.type, message: post.message, props: (post.props ?? {}) as Record<string, unknown> }}
          place={{ teamId, channelId: post.channel_id, postId: post.id }}
          renderMarkdown={(markdown) => <Markdown text={markdown} context={context} />}
          fallback={text}
        />
      ) : (
        text
      )}
      {Array.isArray(attachments) && attachments.length > 0 && (
        <PostAttachments attachments={attachments as MessageAttachment[]} context={context} onAction={(actionId, option, action) => runPostAction(post.id, actionId, option, action.cookie, { teamId, channelId: post.channel_id })} />
      )}
    </div>
  );
}

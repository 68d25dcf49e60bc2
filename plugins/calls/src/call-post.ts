// The call post: a `custom_calls` post in the channel (or the thread the call was started from),
// by the user who started the call, with the call's facts in its props as Mattermost's clients
// render them: `start_at` and `title` when it starts, then `end_at` and `participants` when it ends.
import type { PluginAPI } from '@parley/plugin-api';

export const CALL_POST_TYPE = 'custom_calls';

function attachment(text: string): Record<string, string> {
  return { fallback: text, title: text, text };
}

/** Posts the call's start; answers the post's id and the thread the call belongs to. */
export async function createCallPost(api: PluginAPI, call: { channel_id: string; owner_id: string; start_at: number; title: string }, threadId: string): Promise<{ postId: string; threadId: string }> {
  const owner = await api.users.get(call.owner_id);
  const message = `@${owner.username} started a call`;
  const post = await api.posts.create({
    channel_id: call.channel_id,
    user_id: call.owner_id,
    root_id: threadId,
    message,
    type: CALL_POST_TYPE,
    props: { attachments: [attachment(message)], start_at: call.start_at, title: call.title },
  });
  return { postId: post.id, threadId: threadId || post.id };
}

/** Marks the call post ended, with who took part. */
export async function endCallPost(api: PluginAPI, postId: string, participants: string[], endAt: number): Promise<void> {
  const post = await api.posts.get(postId);
  const message = 'Call ended';
  await api.posts.update({ id: postId, message, props: { ...post.props, attachments: [attachment(message)], end_at: endAt, participants } });
}

// "Follow" / "Following" for a thread, as Mattermost's thread header and thread list show it: a
// toggle (aria-pressed) that starts or stops following (PUT/DELETE .../threads/{id}/following).
// The server's thread_follow_changed event then tells every tab, and moves the unread counts.
import { client } from '../../client.ts';
import { useAction } from '../../action-status.tsx';
import { useChat, useChatStore } from '../chat-store.ts';
import { patchThread } from './thread-store.ts';

export function FollowButton({ teamId, threadId, className }: { teamId: string; threadId: string; className?: string }) {
  const store = useChatStore();
  const following = useChat((s) => s.userThreads[threadId]?.is_following === true);
  const { busy, outcome, run } = useAction();
  // A failed toggle leaves `following` as it was, so the words below name what was tried.
  const problem = outcome && !outcome.ok ? `${following ? 'Unfollowing' : 'Following'} the thread failed: ${outcome.text}` : '';
  const toggle = () =>
    run(async () => {
      await client.updateThreadFollowForUser(store.state.me.id, teamId, threadId, !following);
      patchThread(store, threadId, { is_following: !following });
      return '';
    });
  return (
    <>
      <button type="button" className={`follow-button${following ? ' following' : ''}${className ? ` ${className}` : ''}`} aria-pressed={following} disabled={busy} onClick={() => void toggle()}>
        {following ? 'Following' : 'Follow'}
      </button>
      {problem && <span role="alert" className="error">{problem}</span>}
    </>
  );
}

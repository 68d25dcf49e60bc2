// A post's priority, as Mattermost's web app shows it: an "Important" or "Urgent" label beside the
// time, and under a post that asks for acknowledgements an "Acknowledge" button with how many
// acknowledged, pressed once I have (a click then takes mine back, which the server allows for 5
// minutes). Counts follow the post_acknowledgement events live.
import { useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import { client, errorText } from '../../client.ts';
import { useChat, useChatStore } from '../chat-store.ts';
import { acknowledgementsOf, applyAcknowledgement } from './acknowledgement-events.ts';
import './priority.css';

const LABELS: Record<string, string> = { important: 'Important', urgent: 'Urgent' };

export function PriorityLabel({ post }: { post: Post }) {
  const priority = post.metadata?.priority?.priority ?? '';
  const label = LABELS[priority];
  if (!label) return null;
  return <span className={`priority-label priority-${priority}`}>{label}</span>;
}

export function PostAcknowledge({ post }: { post: Post }) {
  const store = useChatStore();
  const me = useChat((s) => s.me.id);
  const [problem, setProblem] = useState('');
  if (!post.metadata?.priority?.requested_ack) return null;
  const acknowledgements = acknowledgementsOf(post);
  const mine = acknowledgements.some((a) => a.user_id === me);

  const toggle = async () => {
    setProblem('');
    try {
      if (mine) {
        await client.unacknowledgePost(post.id, me);
        applyAcknowledgement(store, { user_id: me, post_id: post.id, acknowledged_at: 0 }, false);
      } else {
        applyAcknowledgement(store, await client.acknowledgePost(post.id, me), true);
      }
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  const count = acknowledgements.length;
  return (
    <div className="post-acknowledge">
      <button type="button" className="acknowledge" aria-pressed={mine} onClick={() => void toggle()}>
        <span aria-hidden="true">✓</span> {mine ? 'Acknowledged' : 'Acknowledge'}
        {count > 0 && <span className="acknowledge-count"> {count}</span>}
      </button>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </div>
  );
}

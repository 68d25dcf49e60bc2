// "Scheduled messages" in the right-hand panel: my messages waiting to go in this team, soonest first,
// each with its channel, time (in my time zone) and text, why it could not be sent if the sweep
// failed, and Edit (time and text), Send now and Delete. Follows scheduled_post_* events live.
import { useState } from 'react';
import type { ScheduledPost } from '@mattermost/types/schedule_post';
import { client, errorText } from '../../client.ts';
import { useChat } from '../chat-store.ts';
import { channelLabel } from '../channel-names.ts';
import { ViewPanelFrame, ViewStatus } from '../views/view-panel-frame.tsx';
import { failureText, useScheduledPosts } from './scheduled-posts.ts';
import { ScheduleDialog } from './schedule-dialog.tsx';
import { userTimeZone, whenText } from './zoned-time.ts';

export function ScheduledMessages({ teamId, onClose }: { teamId: string; onClose: () => void }) {
  const list = useScheduledPosts(teamId);
  const channels = useChat((s) => s.channels);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me);
  const timeZone = userTimeZone(me);
  const [editing, setEditing] = useState<ScheduledPost | null>(null);
  const [problem, setProblem] = useState('');
  const posts = list.data ?? [];

  const act = (work: () => Promise<unknown>) => {
    setProblem('');
    work().then(list.reload, (err: unknown) => setProblem(errorText(err)));
  };
  const sendNow = (post: ScheduledPost) =>
    act(async () => {
      await client.createPost({ channel_id: post.channel_id, root_id: post.root_id, message: post.message, file_ids: post.file_ids ?? [], props: post.props });
      await client.deleteScheduledPost(me.id, post.id, '');
    });
  const remove = (post: ScheduledPost) => window.confirm('Delete this scheduled message? It will not be sent.') && act(() => client.deleteScheduledPost(me.id, post.id, ''));

  return (
    <ViewPanelFrame title="Scheduled messages" subtitle={timeZone} className="scheduled-messages" onClose={onClose}>
      <ViewStatus loading={list.data === null} empty={posts.length === 0} problem={list.problem || problem} emptyText="No scheduled messages" />
      <ul className="view-list" aria-label="Scheduled messages">
        {posts.map((post) => {
          const channel = channels[post.channel_id];
          const where = channel ? channelLabel(channel, users, me.id) : 'a channel';
          const failure = failureText(post);
          return (
            <li key={post.id} className="view-item scheduled-item">
              <div className="view-item-head">
                <span className="view-item-channel">{post.root_id ? `Reply in ${where}` : where}</span>
                <time dateTime={new Date(post.scheduled_at).toISOString()}>{whenText(post.scheduled_at, timeZone)}</time>
              </div>
              <p className="scheduled-text">{post.message}</p>
              {failure && <p className="error">{failure}</p>}
              <div className="view-item-actions">
                <button type="button" className="quiet" aria-label={`Edit the message scheduled in ${where}`} onClick={() => setEditing(post)}>
                  Edit
                </button>
                <button type="button" className="quiet" aria-label={`Send now the message scheduled in ${where}`} onClick={() => sendNow(post)}>
                  Send now
                </button>
                <button type="button" className="quiet danger" aria-label={`Delete the message scheduled in ${where}`} onClick={() => remove(post)}>
                  Delete
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {editing && (
        <ScheduleDialog
          title="Edit scheduled message"
          timeZone={timeZone}
          initialAt={editing.scheduled_at}
          initialMessage={editing.message}
          submitLabel="Save"
          onSubmit={(scheduledAt, message) => client.updateScheduledPost({ ...editing, scheduled_at: scheduledAt, message: message ?? editing.message }, '').then(list.reload)}
          onClose={() => setEditing(null)}
        />
      )}
    </ViewPanelFrame>
  );
}

// The line above a channel's message box when I have messages scheduled there, as Mattermost's:
// how many, and a button to the list.
import type { ScheduledPost } from '@mattermost/types/schedule_post';
import { useChatStore } from '../chat-store.ts';
import { toggleViewPanel } from '../views/view-panels.ts';
import './scheduled.css';

export function ScheduledNotice({ teamId, channelId, scheduled }: { teamId: string; channelId: string; scheduled: readonly ScheduledPost[] }) {
  const store = useChatStore();
  const here = scheduled.filter((post) => post.channel_id === channelId && !post.root_id);
  if (here.length === 0) return null;
  const failed = here.filter((post) => post.error_code).length;
  return (
    <p className="scheduled-notice" role="status">
      {here.length === 1 ? 'You have 1 scheduled message in this channel.' : `You have ${here.length} scheduled messages in this channel.`}
      {failed > 0 && ` ${failed} could not be sent.`}{' '}
      <button type="button" className="quiet" onClick={() => toggleViewPanel(store, { kind: 'scheduled', teamId })}>
        See all scheduled messages
      </button>
    </p>
  );
}

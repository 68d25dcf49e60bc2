// The channel header's buttons for the right-hand views, as Mattermost's header: the member count
// (opens "Members"), the pinned count (opens "Pinned messages") and "Channel files". The counts come
// from GET /channels/{id}/stats and are read again when members come and go or a post is pinned.
import type { ReactNode } from 'react';
import type { ServerChannel } from '@mattermost/types/channels';
import type { ChannelStats } from '@mattermost/types/channels';
import { client } from '../../client.ts';
import { useChat, useChatStore } from '../chat-store.ts';
import { useViewRefresh } from './use-view-refresh.ts';
import { isShown, toggleViewPanel, type ViewPanel } from './view-panels.ts';
import { changesMembers, changesPins } from './view-events.ts';
import { useSchedulingEnabled } from '../scheduled/scheduled-posts.ts';

export function ChannelHeaderViews({ channel, teamId }: { channel: ServerChannel; teamId: string }) {
  const stats = useViewRefresh<ChannelStats>(
    channel.id,
    () => client.getChannelStats(channel.id),
    (live) => changesPins(live, channel.id) || changesMembers(live, channel.id),
  ).data;
  const members = stats?.member_count;
  const pinned = stats?.pinnedpost_count;
  const where = { channelId: channel.id, teamId };
  return (
    <div className="channel-header-views" role="group" aria-label="Channel views">
      {channel.type !== 'D' && members !== undefined && (
        <ViewButton panel={{ kind: 'members', ...where }} title="Members" className="member-count">
          <span aria-hidden="true">👥</span> {members} member{members === 1 ? '' : 's'}
        </ViewButton>
      )}
      <ViewButton panel={{ kind: 'pinned', ...where }} label={`Pinned messages${pinned === undefined ? '' : `: ${pinned}`}`}>
        <span aria-hidden="true">📌</span> {pinned ?? ''}
      </ViewButton>
      <ViewButton panel={{ kind: 'channel-files', ...where }} label="Channel files">
        <span aria-hidden="true">📁</span> Files
      </ViewButton>
    </div>
  );
}

/** The top bar's "Saved messages" button. */
export function SavedMessagesButton({ teamId }: { teamId: string }) {
  return (
    <ViewButton panel={{ kind: 'saved', teamId }} label="Saved messages">
      <span aria-hidden="true">🔖</span>
    </ViewButton>
  );
}

/** The top bar's "Scheduled messages" button, where the server schedules messages. */
export function ScheduledMessagesButton({ teamId }: { teamId: string }) {
  if (!useSchedulingEnabled()) return null;
  return (
    <ViewButton panel={{ kind: 'scheduled', teamId }} label="Scheduled messages">
      <span aria-hidden="true">🕓</span>
    </ViewButton>
  );
}

/** A header button that opens or closes its view; `label` names it when its text alone does not, `title` is a hint. */
function ViewButton({ panel, label, title, className, children }: { panel: ViewPanel; label?: string; title?: string; className?: string; children: ReactNode }) {
  const store = useChatStore();
  const shown = useChat((s) => isShown(s.rhs, panel));
  return (
    <button type="button" className={`quiet view-button ${className ?? ''}`} aria-label={label} title={title ?? label} aria-expanded={shown} onClick={() => toggleViewPanel(store, panel)}>
      {children}
    </button>
  );
}

// The right-hand panel's case for the views of this folder (right-hand-panel.tsx hands them here).
import type { ViewPanel } from './view-panels.ts';
import { PinnedMessages } from './pinned-messages.tsx';
import { ChannelFiles } from './channel-files.tsx';
import { ChannelMembers } from './channel-members.tsx';
import { SavedMessages } from './saved-messages.tsx';
import { EditHistory } from './edit-history.tsx';
import { ScheduledMessages } from '../scheduled/scheduled-messages.tsx';

export function ViewPanelHost({ panel, onClose }: { panel: ViewPanel; onClose: () => void }) {
  switch (panel.kind) {
    case 'pinned':
      return <PinnedMessages key={panel.channelId} channelId={panel.channelId} teamId={panel.teamId} onClose={onClose} />;
    case 'channel-files':
      return <ChannelFiles key={panel.channelId} channelId={panel.channelId} teamId={panel.teamId} onClose={onClose} />;
    case 'members':
      return <ChannelMembers key={panel.channelId} channelId={panel.channelId} onClose={onClose} />;
    case 'saved':
      return <SavedMessages teamId={panel.teamId} onClose={onClose} />;
    case 'scheduled':
      return <ScheduledMessages teamId={panel.teamId} onClose={onClose} />;
    case 'edit-history':
      return <EditHistory key={panel.postId} postId={panel.postId} teamId={panel.teamId} onClose={onClose} />;
  }
}

// The top of a channel: its name, purpose, header text, the favorite toggle, the buttons of the
// right-hand views (members, pinned, files, saved), and the running plugins' channel header buttons.
import { useState } from 'react';
import type { ServerChannel } from '@mattermost/types/channels';
import { useChat, useChatStore } from './chat-store.ts';
import { channelLabel } from './channel-names.ts';
import { isFavorite, toggleFavorite } from './favorites.ts';
import { SearchBox } from './search-box.tsx';
import { ChannelHeaderButtons } from '../plugin-surfaces/channel-header-buttons.tsx';
import { ChannelHeaderViews, SavedMessagesButton, ScheduledMessagesButton } from './views/channel-header-views.tsx';
import { CallButtonSlot } from '../calls/calls-slots.tsx';

export function ChannelHeader({ channel, teamId, headingId }: { channel: ServerChannel; teamId: string; headingId: string }) {
  const store = useChatStore();
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const favorite = useChat(() => isFavorite(store, channel.id));
  const [problem, setProblem] = useState('');

  const label = channelLabel(channel, users, me);
  return (
    <header className="channel-header">
      <div className="channel-title">
        <h1 id={headingId}>
          {channel.type === 'O' && <span aria-hidden="true"># </span>}
          {label}
        </h1>
        <button type="button" className="quiet" aria-pressed={favorite} onClick={() => toggleFavorite(store, channel.id).catch((err: unknown) => setProblem(String(err)))}>
          {favorite ? '★ Favorite' : '☆ Add to favorites'}
        </button>
        <ChannelHeaderViews channel={channel} teamId={teamId} />
        <CallButtonSlot channel={channel} />
      </div>
      <div className="header-search">
        <SearchBox teamId={teamId} />
        <SavedMessagesButton teamId={teamId} />
        <ScheduledMessagesButton teamId={teamId} />
      </div>
      <ChannelHeaderButtons place={{ teamId, channelId: channel.id, postId: '' }} />
      {channel.purpose && <p className="channel-purpose">{channel.purpose}</p>}
      {channel.header && <p className="channel-header-text">{channel.header}</p>}
      {problem && <p role="alert" className="error">{problem}</p>}
    </header>
  );
}

// The top of a channel: its name, purpose, header text and member count, the favorite toggle, and
// the running plugins' channel header buttons.
import { useEffect, useState } from 'react';
import type { ServerChannel } from '@mattermost/types/channels';
import { client } from '../client.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { channelLabel } from './channel-names.ts';
import { isFavorite, toggleFavorite } from './favorites.ts';
import { SearchBox } from './search-box.tsx';
import { ChannelHeaderButtons } from '../plugin-surfaces/channel-header-buttons.tsx';

export function ChannelHeader({ channel, teamId, headingId }: { channel: ServerChannel; teamId: string; headingId: string }) {
  const store = useChatStore();
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const favorite = useChat(() => isFavorite(store, channel.id));
  const [memberCount, setMemberCount] = useState<number | undefined>(undefined);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    client.getChannelStats(channel.id).then(
      (stats) => setMemberCount(stats.member_count),
      () => setMemberCount(undefined), // the count is a detail: the channel works without it
    );
  }, [channel.id]);

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
        {memberCount !== undefined && (
          <span className="member-count">
            {memberCount} member{memberCount === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <SearchBox teamId={teamId} />
      <ChannelHeaderButtons place={{ teamId, channelId: channel.id, postId: '' }} />
      {channel.purpose && <p className="channel-purpose">{channel.purpose}</p>}
      {channel.header && <p className="channel-header-text">{channel.header}</p>}
      {problem && <p role="alert" className="error">{problem}</p>}
    </header>
  );
}

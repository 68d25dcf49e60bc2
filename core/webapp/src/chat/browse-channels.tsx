// The team's public channels I am not in, to join one (GET /teams/{id}/channels, then
// POST /channels/{id}/members with myself).
import { useEffect, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel } from '@mattermost/types/channels';
import { client, errorText } from '../client.ts';
import { navigate } from '../navigation.ts';
import { useChatStore } from './chat-store.ts';
import { ModalDialog } from '../modal-dialog.tsx';
import { channelPath } from './chat-paths.ts';
import { JoinableItem } from './joinable-item.tsx';

export function BrowseChannels({ team, onClose }: { team: Team; onClose: () => void }) {
  const store = useChatStore();
  const [channels, setChannels] = useState<ServerChannel[] | undefined>(undefined);
  const [problem, setProblem] = useState('');
  const [filter, setFilter] = useState('');

  useEffect(() => {
    client.getChannels(team.id, 0, 200).then(
      (list) => setChannels(list.filter((c) => !store.state.myMembers[c.id])),
      (err: unknown) => setProblem(errorText(err)),
    );
  }, [store, team.id]);

  const join = async (channel: ServerChannel) => {
    try {
      const member = await client.addToChannel(store.state.me.id, channel.id);
      store.addChannels([channel], [member]);
      onClose();
      navigate(channelPath(team.name, channel));
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  const shown = (channels ?? []).filter((c) => `${c.display_name} ${c.name} ${c.purpose}`.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <ModalDialog title="Browse channels" onClose={onClose}>
      <label htmlFor="browse-filter">Search channels</label>
      <input id="browse-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {problem && <p role="alert" className="error">{problem}</p>}
      {!channels && !problem && <p role="status">Loading channels…</p>}
      {channels && shown.length === 0 && <p role="status">No more channels to join.</p>}
      <ul className="picker-list">
        {shown.map((channel) => (
          <JoinableItem key={channel.id} name={channel.display_name} description={channel.purpose} onJoin={() => void join(channel)} />
        ))}
      </ul>
    </ModalDialog>
  );
}

// For a user in no team: the teams open to anyone (GET /teams, allow_open_invite) to join one
// (POST /teams/{id}/members with myself); the app then opens its first channel.
import { useEffect, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import { client, errorText } from '../client.ts';
import { navigate } from '../navigation.ts';
import { PageHeading } from '../page-heading.tsx';
import { useChatStore } from './chat-store.ts';
import { loadMyWorld } from './chat-loader.ts';
import { DEFAULT_CHANNEL } from './chat-paths.ts';
import { JoinableItem } from './joinable-item.tsx';

export function JoinTeamPage({ onLogOut }: { onLogOut: () => void }) {
  const store = useChatStore();
  const [teams, setTeams] = useState<Team[] | undefined>(undefined);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    client.getTeams(0, 200).then(
      (list) => setTeams((Array.isArray(list) ? list : list.teams).filter((t) => t.allow_open_invite && t.delete_at === 0)),
      (err: unknown) => setProblem(errorText(err)),
    );
  }, []);

  const join = async (team: Team) => {
    try {
      await client.addToTeam(team.id, store.state.me.id);
      await loadMyWorld(store);
      navigate(`/${team.name}/channels/${DEFAULT_CHANNEL}`);
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  return (
    <main className="login join-team">
      <PageHeading>Join a team</PageHeading>
      <p>You are not in a team yet. Join one of the teams open to everyone, or ask a team admin to add you.</p>
      {problem && <p role="alert" className="error">{problem}</p>}
      {!teams && !problem && <p role="status">Loading teams…</p>}
      {teams && teams.length === 0 && <p>No team is open to join right now.</p>}
      <ul className="picker-list">
        {teams?.map((team) => (
          <JoinableItem key={team.id} name={team.display_name} description={team.description} onJoin={() => void join(team)} />
        ))}
      </ul>
      <button type="button" className="quiet" onClick={onLogOut}>
        Sign out
      </button>
    </main>
  );
}

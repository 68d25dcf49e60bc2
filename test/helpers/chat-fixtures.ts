// Teams and channels for suites that need somewhere to post: created through the API as an admin
// would, with the given users added to both.
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { uniqueName } from './fixtures.ts';

/** A new open team with `userIds` as members. */
export async function createTeamWith(admin: Client4, userIds: string[]): Promise<Team> {
  const name = uniqueName('team');
  const team = await admin.createTeam({ name, display_name: name, type: 'O' } as Team);
  for (const userId of userIds) await admin.addToTeam(team.id, userId);
  return team;
}

/** A new channel of `team` (open unless `type` is 'P') with `userIds` as members besides the admin. */
export async function createChannelWith(admin: Client4, team: Team, userIds: string[], type: 'O' | 'P' = 'O'): Promise<Channel> {
  const name = uniqueName('chan');
  const channel = await admin.createChannel({ team_id: team.id, name, display_name: name, type } as Channel);
  for (const userId of userIds) await admin.addToChannel(userId, channel.id);
  return channel;
}

// Opening a conversation with the people picked in "New direct message": the direct message with one
// person, or the group message with two to seven (POST /channels/group, which gives the existing one
// when these people already share one), at the address Mattermost's web app uses for it.
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../../client.ts';
import type { ChatStore } from '../chat-store.ts';
import { channelPath } from '../chat-paths.ts';

/** Mattermost's limit: a group message has at most eight members, you included. */
export const MAX_OTHERS_IN_GROUP = 7;

/** The address to open for a conversation with `people` (others than me, 1 to 7). */
export async function conversationPath(store: ChatStore, team: Team, people: UserProfile[]): Promise<string> {
  store.addUsers(people);
  if (people.length === 1) return `/${team.name}/messages/@${encodeURIComponent(people[0].username)}`;
  const me = store.state.me.id;
  const channel = await client.createGroupChannel([me, ...people.map((p) => p.id)]);
  const member = await client.getChannelMember(channel.id, me);
  store.addChannels([channel], [member]);
  return channelPath(team.name, channel);
}

/** The label of a group message: its other members' usernames, as the server lists them in its display name. */
export function groupLabel(displayName: string, myUsername: string): string {
  const others = displayName.split(',').map((name) => name.trim()).filter((name) => name !== '' && name !== myUsername);
  return others.join(', ') || displayName;
}

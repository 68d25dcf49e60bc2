// Turns a chat address into the channel to show: finds it among mine, joins a public channel the
// address names, opens (or creates) the direct message with a username, or finds a permalink's post.
// Addresses that name no channel (`/`, a bare team) are answered with the channel to go to.
import type { ServerChannel } from '@mattermost/types/channels';
import { client, errorText } from '../client.ts';
import type { ChatStore } from './chat-store.ts';
import { ensureUsers } from './chat-loader.ts';
import { DEFAULT_CHANNEL, channelPath, type ChatRoute } from './chat-paths.ts';
import { directPartnerId } from './channel-names.ts';
import { lastChannel } from './last-channel.ts';

export type Opened =
  | { kind: 'channel'; teamId: string; channelId: string; highlightPostId?: string }
  | { kind: 'threads'; teamId: string; threadId?: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'no-team' }
  | { kind: 'problem'; text: string };

export async function openRoute(store: ChatStore, route: ChatRoute): Promise<Opened> {
  const state = store.state;
  const teams = Object.values(state.teams).sort((a, b) => a.display_name.localeCompare(b.display_name));
  if (route.kind === 'home') {
    const last = lastChannel(state.me.id);
    if (last && teams.some((t) => t.name === last.teamName)) return { kind: 'redirect', to: last.path };
    return teams[0] ? { kind: 'redirect', to: `/${teams[0].name}/channels/${DEFAULT_CHANNEL}` } : { kind: 'no-team' };
  }
  if (route.kind === 'unknown') return { kind: 'problem', text: 'This address is not a page of Parley.' };
  const team = teams.find((t) => t.name === route.team);
  if (!team) return { kind: 'problem', text: `You are not a member of a team named “${route.team}”.` };
  try {
    switch (route.kind) {
      case 'team':
        return { kind: 'redirect', to: `/${team.name}/channels/${DEFAULT_CHANNEL}` };
      case 'threads':
        return { kind: 'threads', teamId: team.id, threadId: route.threadId };
      case 'channel':
        return { kind: 'channel', teamId: team.id, channelId: (await channelNamed(store, team.id, route.channel)).id };
      case 'direct':
        return { kind: 'channel', teamId: team.id, channelId: (await directWith(store, route.username)).id };
      case 'permalink': {
        const post = await client.getPost(route.postId);
        if (!store.state.myMembers[post.channel_id]) await join(store, await client.getChannel(post.channel_id));
        return { kind: 'channel', teamId: team.id, channelId: post.channel_id, highlightPostId: post.id };
      }
    }
  } catch (err) {
    return { kind: 'problem', text: errorText(err) };
  }
}

/** My channel of that name in the team (or a direct/group message), else the team's public channel of that name, which I then join. */
async function channelNamed(store: ChatStore, teamId: string, name: string): Promise<ServerChannel> {
  const mine = Object.values(store.state.channels).find((c) => c.name === name && (c.team_id === teamId || c.team_id === '') && store.state.myMembers[c.id]);
  if (mine) return mine;
  const team = store.state.teams[teamId];
  return join(store, await client.getChannelByNameAndTeamName(team.name, name));
}

async function join(store: ChatStore, channel: ServerChannel): Promise<ServerChannel> {
  const member = await client.addToChannel(store.state.me.id, channel.id);
  store.addChannels([channel], [member]);
  return channel;
}

/** The direct message with `username`, created when we never talked. */
export async function directWith(store: ChatStore, username: string): Promise<ServerChannel> {
  const me = store.state.me;
  const partner = Object.values(store.state.users).find((u) => u.username === username) ?? (await client.getUserByUsername(username));
  store.addUsers([partner]);
  const existing = Object.values(store.state.channels).find((c) => c.type === 'D' && directPartnerId(c, me.id) === partner.id && store.state.myMembers[c.id]);
  if (existing) return existing;
  const channel = await client.createDirectChannel([me.id, partner.id]);
  const member = await client.getChannelMember(channel.id, me.id);
  store.addChannels([channel], [member]);
  await ensureUsers(store, [partner.id]);
  return channel;
}

/** The address of a channel I am in, for links. */
export function pathOfChannel(store: ChatStore, teamName: string, channel: ServerChannel): string {
  const partner = channel.type === 'D' ? store.state.users[directPartnerId(channel, store.state.me.id)] : undefined;
  return channelPath(teamName, channel, partner?.username);
}

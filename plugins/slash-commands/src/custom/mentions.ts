// The @user and ~channel mentions of a command's text, sent to the integration as Mattermost does:
// users of the team (`user_mentions`, `user_mentions_ids`) and public channels of the team
// (`channel_mentions`, `channel_mentions_ids`), comma-separated, only when there are any.
import type { PluginAPI } from '@parley/plugin-api';

const AT_MENTION = /\B@[\p{L}\p{N}][\p{L}\p{N}.\-_:]*/gu;
const CHANNEL_MENTION = /\B~[a-zA-Z0-9\-_]+/g;
/** Mattermost's username rule (lower-cased already). */
const USERNAME = /^[a-z][a-z0-9.\-_]{2,63}$/;

/** The distinct well-formed usernames mentioned (lower-cased). */
export function mentionedNames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(AT_MENTION)) {
    const name = match[0].slice(1).toLowerCase();
    if (USERNAME.test(name)) names.add(name);
  }
  return [...names];
}

export function mentionedChannels(text: string): string[] {
  return [...new Set([...text.matchAll(CHANNEL_MENTION)].map((match) => match[0].slice(1).toLowerCase()))];
}

/** The mentioned team member as [username, id], trying the name without trailing punctuation too. */
async function teamUser(api: PluginAPI, name: string, teamId: string): Promise<[string, string] | null> {
  for (let candidate = name; candidate !== ''; candidate = candidate.slice(0, -1)) {
    const user = await api.users.getByUsername(candidate).catch(() => null);
    if (user) return (await api.users.hasPermission(user.id, 'view_team', { team_id: teamId })) ? [candidate, user.id] : null;
    if (!/[.\-_]$/.test(candidate)) return null;
  }
  return null;
}

function asFields(prefix: string, found: Array<[string, string]>): Record<string, string> {
  if (found.length === 0) return {};
  return { [prefix]: found.map(([name]) => name).join(','), [`${prefix}_ids`]: found.map(([, id]) => id).join(',') };
}

export async function mentionFields(api: PluginAPI, text: string, teamId: string): Promise<Record<string, string>> {
  const users: Array<[string, string]> = [];
  for (const name of mentionedNames(text)) {
    const user = await teamUser(api, name, teamId);
    if (user) users.push(user);
  }
  const channels: Array<[string, string]> = [];
  for (const name of mentionedChannels(text)) {
    const channel = await api.channels.getByName(teamId, name).catch(() => null);
    if (channel?.type === 'O') channels.push([name, channel.id]);
  }
  return { ...asFields('user_mentions', users), ...asFields('channel_mentions', channels) };
}

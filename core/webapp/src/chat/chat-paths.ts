// The chat's addresses, Mattermost's own: a team's channel, a direct message by username, a
// permalink to a post, and the team's followed threads (with one of them open).
import type { ServerChannel } from '@mattermost/types/channels';

export type ChatRoute =
  | { kind: 'home' }
  | { kind: 'channel'; team: string; channel: string }
  | { kind: 'direct'; team: string; username: string }
  | { kind: 'permalink'; team: string; postId: string }
  | { kind: 'team'; team: string }
  | { kind: 'threads'; team: string; threadId?: string }
  | { kind: 'unknown' };

export const DEFAULT_CHANNEL = 'town-square';

export function parseChatPath(pathname: string): ChatRoute {
  if (pathname === '/' || pathname === '') return { kind: 'home' };
  const [team = '', section = '', target = ''] = pathname.split('/').slice(1).map(safeDecode);
  if (section === 'channels' && target) return { kind: 'channel', team, channel: target };
  if (section === 'messages' && target.startsWith('@') && target.length > 1) return { kind: 'direct', team, username: target.slice(1) };
  if (section === 'messages' && target) return { kind: 'channel', team, channel: target };
  if (section === 'pl' && target) return { kind: 'permalink', team, postId: target };
  if (team && section === 'threads') return target ? { kind: 'threads', team, threadId: target } : { kind: 'threads', team };
  if (team && (section === '' || section === 'channels')) return { kind: 'team', team };
  return { kind: 'unknown' };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function channelPath(teamName: string, channel: ServerChannel, partnerUsername?: string): string {
  if (channel.type === 'D' && partnerUsername) return `/${teamName}/messages/@${encodeURIComponent(partnerUsername)}`;
  if (channel.type === 'G') return `/${teamName}/messages/${encodeURIComponent(channel.name)}`;
  return `/${teamName}/channels/${encodeURIComponent(channel.name)}`;
}

export function permalinkPath(teamName: string, postId: string): string {
  return `/${teamName}/pl/${postId}`;
}

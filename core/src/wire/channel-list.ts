// The JSON of the channel lists: Mattermost's TeamUnread and ChannelMemberWithTeamData, and the
// bodies of channel searches.
import type { TeamUnread } from '@mattermost/types/teams';
import type { ChannelMemberWithTeam, TeamUnreads } from '../app/channel-list-service.ts';
import { toWireChannelMember, type WireChannelMember } from './channel.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's TeamUnread, with the urgent mentions its server sends beside the client's type. */
export type WireTeamUnread = Required<TeamUnread> & { urgent_mention_count: number };

export type WireChannelMemberWithTeam = WireChannelMember & { team_display_name: string; team_name: string; team_update_at: number };

export function toWireTeamUnread(unread: TeamUnreads): WireTeamUnread {
  return {
    team_id: unread.teamId,
    msg_count: unread.msgCount,
    msg_count_root: unread.msgCountRoot,
    mention_count: unread.mentionCount,
    mention_count_root: unread.mentionCountRoot,
    urgent_mention_count: unread.urgentMentionCount,
    thread_count: unread.threadCount,
    thread_mention_count: unread.threadMentionCount,
    // Thread memberships keep no urgent mentions.
    thread_urgent_mention_count: 0,
  };
}

export function toWireChannelMemberWithTeam(entry: ChannelMemberWithTeam): WireChannelMemberWithTeam {
  return { ...toWireChannelMember(entry.member), team_display_name: entry.teamDisplayName, team_name: entry.teamName, team_update_at: entry.teamUpdateAt };
}

/** The `term` of a ChannelSearch (POST /teams/{team_id}/channels/search, POST /channels/group/search). */
export function decodeChannelSearchTerm(body: unknown, refuse: Refusal = paramRefusal): string {
  const fields = JsonFields.of(body, 'channel_search', refuse);
  if (!fields.has('term')) throw refuse('term', 'expected the text to search for');
  return fields.string('term', { max: 256 });
}

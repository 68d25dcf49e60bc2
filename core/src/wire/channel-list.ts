// The JSON of the channel lists: Mattermost's TeamUnread, ChannelUnread and ChannelMemberWithTeamData,
// and the bodies of channel searches.
import type { TeamUnread } from '@mattermost/types/teams';
import type { ChannelMemberWithTeam, ChannelUnreadCounts, ChannelWithTeam, TeamChannelFilter, TeamUnreads } from '../app/channel-list-service.ts';
import { isValidId } from '../app/ids.ts';
import { toWireChannel, toWireChannelMember, type WireChannel, type WireChannelMember } from './channel.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's TeamUnread, with the urgent mentions its server sends beside the client's type. */
export type WireTeamUnread = Required<TeamUnread> & { urgent_mention_count: number };

/** Mattermost's ChannelUnread as its server sends it (the client's type adds fields of its own store). */
export interface WireChannelUnread {
  team_id: string;
  channel_id: string;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
}

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

export function toWireChannelUnread(unread: ChannelUnreadCounts): WireChannelUnread {
  return {
    team_id: unread.teamId,
    channel_id: unread.channelId,
    msg_count: unread.msgCount,
    msg_count_root: unread.msgCountRoot,
    mention_count: unread.mentionCount,
    mention_count_root: unread.mentionCountRoot,
    urgent_mention_count: unread.urgentMentionCount,
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

/** Mattermost's ChannelWithTeamData: a channel with its team's names. */
export type WireChannelWithTeam = WireChannel & { team_display_name: string; team_name: string; team_update_at: number };

export function toWireChannelWithTeam(entry: ChannelWithTeam): WireChannelWithTeam {
  return { ...toWireChannel(entry.channel), team_display_name: entry.teamDisplayName, team_name: entry.teamName, team_update_at: entry.teamUpdateAt };
}

/** Mattermost's most channels per page of the console's lists. */
export const TEAM_CHANNELS_MAX_PER_PAGE = 200;

/**
 * Mattermost's ChannelSearch for POST /channels/search (the System Console's): a term, the kinds,
 * teams and archived state wanted, and a page (null when not asked: then the first
 * TEAM_CHANNELS_MAX_PER_PAGE, unpaged). `includeArchived` comes from the query string.
 */
export function decodeTeamChannelSearch(body: unknown, includeArchived: boolean, refuse: Refusal = paramRefusal): { filter: TeamChannelFilter; paged: boolean } {
  const fields = JsonFields.of(body, 'channel_search', refuse);
  const publicOnly = fields.boolean('public');
  const privateOnly = fields.boolean('private');
  const teamIds = fields.has('team_ids') ? fields.stringList('team_ids', { maxItems: 1000 }) : [];
  if (teamIds.some((id) => !isValidId(id))) throw refuse('team_ids', 'must be 26-character team ids');
  const paged = fields.has('page') || fields.has('per_page');
  const page = fields.integer('page', { min: 0, max: 100_000 }, 0);
  const perPage = fields.integer('per_page', { min: 1, max: TEAM_CHANNELS_MAX_PER_PAGE }, TEAM_CHANNELS_MAX_PER_PAGE);
  const archivedOnly = fields.boolean('deleted');
  return {
    paged,
    filter: {
      term: fields.string('term', { max: 256 }).trim(),
      includeArchived: includeArchived || fields.boolean('include_deleted') || archivedOnly,
      archivedOnly,
      excludeDefault: fields.boolean('exclude_default_channels'),
      // Both or neither: every kind.
      type: publicOnly === privateOnly ? undefined : publicOnly ? 'O' : 'P',
      teamIds,
      offset: page * perPage,
      limit: perPage,
    },
  };
}

// Mattermost's PostInfo JSON (GET /posts/{id}/info): for a direct or group message the team fields
// are empty, as Go's zero values.
import type { PostInfo as WirePostInfo } from '@mattermost/types/posts';
import type { ChannelType } from '@mattermost/types/channels';
import type { TeamType } from '@mattermost/types/teams';
import type { PostInfo } from '../app/post-info-service.ts';

export function toWirePostInfo({ channel, hasJoinedChannel, team, hasJoinedTeam }: PostInfo): WirePostInfo {
  return {
    channel_id: channel.id,
    channel_type: channel.type as ChannelType,
    channel_display_name: channel.displayName,
    has_joined_channel: hasJoinedChannel,
    team_id: team?.id ?? '',
    // Mattermost tells open teams from invite-only ones by allow_open_invite here, not by the team's type.
    team_type: (team ? (team.allowOpenInvite ? 'O' : 'I') : '') as TeamType,
    team_display_name: team?.displayName ?? '',
    has_joined_team: hasJoinedTeam,
  };
}

// Channels and channel members as Mattermost's API shows them.
import type { Channel } from '../store/entities/channel.ts';
import type { ChannelMember } from '../store/entities/channel-member.ts';
import { memberRoles } from '../app/roles.ts';

export function toWireChannel(channel: Channel) {
  return {
    id: channel.id,
    create_at: channel.createAt,
    update_at: channel.updateAt,
    delete_at: channel.deleteAt,
    team_id: channel.teamId,
    type: channel.type,
    display_name: channel.displayName,
    name: channel.name,
    header: channel.header,
    purpose: channel.purpose,
    last_post_at: channel.lastPostAt,
    last_root_post_at: channel.lastRootPostAt,
    total_msg_count: channel.totalMsgCount,
    total_msg_count_root: channel.totalMsgCountRoot,
    extra_update_at: channel.extraUpdateAt,
    creator_id: channel.creatorId,
    scheme_id: null,
    group_constrained: null,
    shared: false,
    props: channel.props,
    policy_id: null,
  };
}

export function toWireChannelMember(member: ChannelMember) {
  return {
    channel_id: member.channelId,
    user_id: member.userId,
    roles: memberRoles('channel', member),
    last_viewed_at: member.lastViewedAt,
    msg_count: member.msgCount,
    msg_count_root: member.msgCountRoot,
    mention_count: member.mentionCount,
    mention_count_root: member.mentionCountRoot,
    urgent_mention_count: member.urgentMentionCount,
    notify_props: member.notifyProps,
    last_update_at: member.lastUpdateAt,
    scheme_guest: member.schemeGuest,
    scheme_user: member.schemeUser,
    scheme_admin: member.schemeAdmin,
    explicit_roles: member.roles,
  };
}

export { User, UserSchema } from './user.ts';
export { Session, SessionSchema } from './session.ts';
export { UserAccessToken, UserAccessTokenSchema } from './user-access-token.ts';
export { Team, TeamSchema } from './team.ts';
export { TeamMember, TeamMemberSchema } from './team-member.ts';
export { Channel, ChannelSchema } from './channel.ts';
export { ChannelMember, ChannelMemberSchema } from './channel-member.ts';
export { Post, PostSchema } from './post.ts';
export { Reaction, ReactionSchema } from './reaction.ts';
export { FileInfo, FileInfoSchema } from './file-info.ts';
export { Status, StatusSchema } from './status.ts';
export { Preference, PreferenceSchema } from './preference.ts';
export { PluginKeyValue, PluginKeyValueSchema } from './plugin-key-value.ts';
export { Bot, BotSchema } from './bot.ts';
export { PluginJob, PluginJobSchema } from './plugin-job.ts';

import { UserSchema } from './user.ts';
import { SessionSchema } from './session.ts';
import { UserAccessTokenSchema } from './user-access-token.ts';
import { TeamSchema } from './team.ts';
import { TeamMemberSchema } from './team-member.ts';
import { ChannelSchema } from './channel.ts';
import { ChannelMemberSchema } from './channel-member.ts';
import { PostSchema } from './post.ts';
import { ReactionSchema } from './reaction.ts';
import { FileInfoSchema } from './file-info.ts';
import { StatusSchema } from './status.ts';
import { PreferenceSchema } from './preference.ts';
import { PluginKeyValueSchema } from './plugin-key-value.ts';
import { BotSchema } from './bot.ts';
import { PluginJobSchema } from './plugin-job.ts';

export const ALL_ENTITIES = [
  UserSchema,
  SessionSchema,
  UserAccessTokenSchema,
  TeamSchema,
  TeamMemberSchema,
  ChannelSchema,
  ChannelMemberSchema,
  PostSchema,
  ReactionSchema,
  FileInfoSchema,
  StatusSchema,
  PreferenceSchema,
  PluginKeyValueSchema,
  BotSchema,
  PluginJobSchema,
];

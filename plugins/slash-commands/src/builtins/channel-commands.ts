// Commands on channels: /join (and /open), /leave, /kick (and /remove), /header, /purpose, /rename.
import type { Channel, CommandResponse } from '@parley/plugin-api';
import { COMMAND_TEXTS, T } from '../messages.ts';
import { builtinCommand, ephemeral, orNull, succeeds, type Builtin, type BuiltinContext } from './builtin.ts';

const TOWN_SQUARE = 'town-square';
const HEADER_MAX_RUNES = 1024;
const PURPOSE_MAX_RUNES = 250;
const DISPLAY_NAME_MAX_RUNES = 64;

const runes = (text: string) => [...text].length;

/** The permission a change needs in a public or a private channel; none for direct and group ones. */
function channelPermission(channel: Channel, publicPermission: string, privatePermission: string): string | undefined {
  if (channel.type === 'O') return publicPermission;
  if (channel.type === 'P') return privatePermission;
  return undefined;
}

function mayInChannel({ api, args }: BuiltinContext, channel: Channel, permission: string): Promise<boolean> {
  return api.users.hasPermission(args.user_id, permission, { channel_id: channel.id });
}

async function join(ctx: BuiltinContext): Promise<CommandResponse> {
  const { api, args, message } = ctx;
  const name = message.trim().replace(/^~/, '').toLowerCase();
  const channel = name === '' ? null : await orNull(api.channels.getByName(args.team_id, name));
  if (!channel) return ephemeral(T.joinList);
  if (channel.name !== name) return ephemeral(T.joinMissing);
  const permission = channel.type === 'O' ? 'join_public_channels' : channel.type === 'P' ? 'read_channel' : undefined;
  if (!permission || !(await mayInChannel(ctx, channel, permission))) return ephemeral(T.joinFail);
  if (!(await succeeds(api.channels.addMember(channel.id, args.user_id, args.user_id)))) return ephemeral(T.joinFail);
  const team = await orNull(api.teams.get(channel.team_id));
  if (!team) return ephemeral(T.joinFail);
  return { goto_location: `${ctx.siteUrl}/${team.name}/channels/${channel.name}` };
}

export const joinCommand: Builtin = { command: builtinCommand('join', COMMAND_TEXTS.join), run: join };
export const openCommand: Builtin = { command: builtinCommand('open', COMMAND_TEXTS.open), run: join };

export const leaveCommand: Builtin = {
  command: builtinCommand('leave', COMMAND_TEXTS.leave),
  async run({ api, args, siteUrl }) {
    const channel = await orNull(api.channels.get(args.channel_id));
    const team = await orNull(api.teams.get(args.team_id));
    if (!channel || !team) return ephemeral(T.leaveFail);
    if (channel.name === TOWN_SQUARE && channel.team_id !== '') return ephemeral(T.leaveDefault(TOWN_SQUARE));
    if (channel.type === 'D' || !(await succeeds(api.channels.removeMember(channel.id, args.user_id, args.user_id)))) return ephemeral(T.leaveFail);
    return { goto_location: `${siteUrl}/${team.name}/channels/${TOWN_SQUARE}` };
  },
};

async function remove(ctx: BuiltinContext): Promise<CommandResponse> {
  const { api, args, message } = ctx;
  const channel = await orNull(api.channels.get(args.channel_id));
  if (!channel) return ephemeral(T.removeChannel);
  const permission = channelPermission(channel, 'manage_public_channel_members', 'manage_private_channel_members');
  if (!permission) return ephemeral(T.removeDirectGroup);
  if (!(await mayInChannel(ctx, channel, permission))) return ephemeral(T.removePermission);
  if (message === '') return ephemeral(T.removeMessage);
  const username = message.split(' ', 1)[0].replace(/^@/, '').toLowerCase();
  const user = username === '' ? null : await orNull(api.users.getByUsername(username));
  if (!user || user.delete_at !== 0) return ephemeral(T.removeMissing);
  if (!(await succeeds(api.channels.getMember(channel.id, user.id)))) return ephemeral(T.removeNotInChannel(user.username));
  if (channel.name === TOWN_SQUARE) return ephemeral(T.removeDefault(TOWN_SQUARE));
  if (!(await succeeds(api.channels.removeMember(channel.id, user.id, args.user_id)))) return ephemeral(T.removePermission);
  return {};
}

export const kickCommand: Builtin = { command: builtinCommand('kick', COMMAND_TEXTS.kick), run: remove };
export const removeCommand: Builtin = { command: builtinCommand('remove', COMMAND_TEXTS.remove), run: remove };

export const headerCommand: Builtin = {
  command: builtinCommand('header', COMMAND_TEXTS.header),
  async run(ctx) {
    const { api, args, message } = ctx;
    const channel = await orNull(api.channels.get(args.channel_id));
    if (!channel) return ephemeral(T.headerChannel);
    const permission = channelPermission(channel, 'manage_public_channel_properties', 'manage_private_channel_properties');
    // Direct and group channels have no permission for this: their members may change the header.
    const allowed = permission ? await mayInChannel(ctx, channel, permission) : await succeeds(api.channels.getMember(channel.id, args.user_id));
    if (!allowed) return ephemeral(T.headerPermission);
    if (message === '') return ephemeral(T.headerMessage);
    if (runes(message) > HEADER_MAX_RUNES) return ephemeral(T.headerMaxLength(HEADER_MAX_RUNES));
    return (await succeeds(api.channels.patch(channel.id, { header: message }, args.user_id))) ? {} : ephemeral(T.headerUpdate);
  },
};

export const purposeCommand: Builtin = {
  command: builtinCommand('purpose', COMMAND_TEXTS.purpose),
  async run(ctx) {
    const { api, args, message } = ctx;
    const channel = await orNull(api.channels.get(args.channel_id));
    if (!channel) return ephemeral(T.purposeChannel);
    const permission = channelPermission(channel, 'manage_public_channel_properties', 'manage_private_channel_properties');
    if (!permission) return ephemeral(T.purposeDirectGroup);
    if (!(await mayInChannel(ctx, channel, permission))) return ephemeral(T.purposePermission);
    if (message === '') return ephemeral(T.purposeMessage);
    if (runes(message) > PURPOSE_MAX_RUNES) return ephemeral(T.purposeMaxLength(PURPOSE_MAX_RUNES));
    return (await succeeds(api.channels.patch(channel.id, { purpose: message }, args.user_id))) ? {} : ephemeral(T.purposeUpdate);
  },
};

export const renameCommand: Builtin = {
  command: builtinCommand('rename', COMMAND_TEXTS.rename),
  async run(ctx) {
    const { api, args, message } = ctx;
    const channel = await orNull(api.channels.get(args.channel_id));
    if (!channel) return ephemeral(T.renameChannel);
    const permission = channelPermission(channel, 'manage_public_channel_properties', 'manage_private_channel_properties');
    if (!permission) return ephemeral(T.renameDirectGroup);
    if (!(await mayInChannel(ctx, channel, permission))) return ephemeral(T.renamePermission);
    if (message === '') return ephemeral(T.renameMessage);
    if (runes(message) > DISPLAY_NAME_MAX_RUNES) return ephemeral(T.renameTooLong(DISPLAY_NAME_MAX_RUNES));
    return (await succeeds(api.channels.patch(channel.id, { display_name: message }, args.user_id))) ? {} : ephemeral(T.renameUpdate);
  },
};

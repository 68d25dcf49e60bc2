// /msg @user [message]: opens (or creates) the direct channel with the user, posts the message there
// as the caller and sends the caller's client to it.
import { COMMAND_TEXTS, T } from '../messages.ts';
import { builtinCommand, ephemeral, orNull, succeeds, type Builtin } from './builtin.ts';

export const msgCommand: Builtin = {
  command: builtinCommand('msg', COMMAND_TEXTS.msg),
  async run({ api, args, message, siteUrl }) {
    const space = message.indexOf(' ');
    const username = (space === -1 ? message : message.slice(0, space)).replace(/^@/, '').toLowerCase();
    const text = space === -1 ? '' : message.slice(space + 1);
    const target = username === '' ? null : await orNull(api.users.getByUsername(username));
    if (!target || target.id === args.user_id || target.delete_at !== 0) return ephemeral(T.msgMissing);
    if (!(await api.users.hasPermission(args.user_id, 'create_direct_channel'))) return ephemeral(T.msgPermission);
    const channel = await orNull(api.channels.getDirect(args.user_id, target.id));
    if (!channel) return ephemeral(T.msgDmFail);
    if (text !== '' && !(await succeeds(api.posts.create({ user_id: args.user_id, channel_id: channel.id, message: text })))) return ephemeral(T.msgFail);
    const team = await orNull(api.teams.get(args.team_id));
    if (!team) return ephemeral(T.msgFail);
    return { response_type: 'ephemeral', text: '', goto_location: `${siteUrl}/${team.name}/channels/${channel.name}` };
  },
};

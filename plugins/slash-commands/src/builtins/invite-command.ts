// /invite @user... [~channel...]: adds users to channels (the current one when none is named),
// each addition checked against the caller's permission to manage that channel's members.
import type { Channel, CommandResponse, User } from '@parley/plugin-api';
import { COMMAND_TEXTS, T } from '../messages.ts';
import { builtinCommand, ephemeral, orNull, type Builtin, type BuiltinContext } from './builtin.ts';

interface Targets {
  users: User[];
  channels: Channel[];
  problems: string[];
}

/** The words of the message: `@name` (or a bare first word) is a user, `~name` (or any other word) a channel. */
async function parseTargets({ api, args }: BuiltinContext, message: string): Promise<Targets> {
  const targets: Targets = { users: [], channels: [], problems: [] };
  const words = message.split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '') continue;
    if (word.startsWith('@') || (!word.startsWith('~') && i === 0)) {
      const name = word.replace(/^@/, '');
      const user = await orNull(api.users.getByUsername(name.toLowerCase()));
      if (!user || user.delete_at !== 0) targets.problems.push(T.inviteMissingUser(name));
      else targets.users.push(user);
    } else {
      const name = word.replace(/^~/, '');
      const channel = await orNull(api.channels.getByName(args.team_id, name.toLowerCase()));
      if (!channel) targets.problems.push(T.inviteChannelError(name));
      else targets.channels.push(channel);
    }
  }
  return targets;
}

/** The channels the caller may add members to; a line in `problems` for each other one. */
async function permittedChannels({ api, args }: BuiltinContext, firstUser: User, channels: Channel[], problems: string[]): Promise<Channel[]> {
  const permitted: Channel[] = [];
  for (const channel of channels) {
    const permission = channel.type === 'O' ? 'manage_public_channel_members' : channel.type === 'P' ? 'manage_private_channel_members' : undefined;
    if (!permission) {
      problems.push(T.inviteDirectChannel);
    } else if (await api.users.hasPermission(args.user_id, permission, { channel_id: channel.id })) {
      permitted.push(channel);
    } else if (channel.type === 'O' || (await orNull(api.channels.getMember(channel.id, args.user_id)))) {
      problems.push(T.invitePermission(firstUser.username, channel.name));
    } else {
      // A private channel the caller is not in: as if it did not exist.
      problems.push(T.inviteChannelError(channel.name));
    }
  }
  return permitted;
}

async function invite(ctx: BuiltinContext): Promise<CommandResponse> {
  const { api, args, message } = ctx;
  if (message.trim() === '') return ephemeral(T.inviteMissingMessage);
  const { users, channels, problems } = await parseTargets(ctx, message);
  if (users.length === 0) return ephemeral(problems.length > 0 ? problems.join('\n') : T.inviteMissingMessage);
  if (channels.length === 0) {
    if (problems.length > 0) return ephemeral(problems.join('\n'));
    const current = await orNull(api.channels.get(args.channel_id));
    if (!current) return ephemeral(T.inviteCurrentChannel);
    channels.push(current);
  }
  const lines = [...problems];
  for (const channel of await permittedChannels(ctx, users[0], channels, lines)) {
    const added: string[] = [];
    const already: string[] = [];
    const notInTeam: string[] = [];
    let failed = false;
    for (const user of users) {
      if (await orNull(api.channels.getMember(channel.id, user.id))) {
        already.push(user.username);
        continue;
      }
      const outcome = await addition(api.channels.addMember(channel.id, user.id, args.user_id));
      if (outcome === 'added') added.push(user.username);
      else if (outcome === 'not_in_team') notInTeam.push(user.username);
      else failed = true;
    }
    if (already.length > 0) lines.push(T.inviteAlreadyInChannel(mentions(already), already.length));
    // Additions to the current channel show there as system messages; elsewhere the caller is told.
    if (added.length > 0 && channel.id !== args.channel_id) lines.push(T.inviteSuccess(mentions(added), `~${channel.name}`));
    if (notInTeam.length > 0) {
      const team = await orNull(api.teams.get(channel.team_id));
      lines.push(T.inviteNotInTeam(mentions(notInTeam), team?.display_name ?? 'unknown'));
    }
    if (failed) lines.push(T.inviteFail);
  }
  return ephemeral(lines.join('\n'));
}

/** The core refuses users outside the channel's team (or removed from it) with these ids. */
const NOT_IN_TEAM_ERRORS = ['api.channel.add_user.to.channel.failed.app_error', 'api.channel.add_user.to.channel.failed.deleted.app_error'];

async function addition(call: Promise<unknown>): Promise<'added' | 'not_in_team' | 'failed'> {
  try {
    await call;
    return 'added';
  } catch (err) {
    return NOT_IN_TEAM_ERRORS.includes((err as { id?: string }).id ?? '') ? 'not_in_team' : 'failed';
  }
}

function mentions(usernames: string[]): string {
  return `@${usernames.join(', @')}`;
}

export const inviteCommand: Builtin = { command: builtinCommand('invite', COMMAND_TEXTS.invite), run: invite };

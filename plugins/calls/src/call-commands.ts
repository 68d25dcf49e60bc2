// `/call`: Mattermost Calls' command. Starting, joining and leaving need a client that carries the
// audio, so those subcommands say where to do it (Mattermost's own server leaves them to its web
// app); ending the call, changing its host and the call link are done here.
import { ephemeral, HttpError, type CommandResponse, type Subcommand } from '@parley/plugin-api';
import type { CallsService } from './calls-service.ts';

const IN_CLIENT = 'Calls carry audio, so they are started, joined and left from a client: the call button of the channel header in the Mattermost desktop and mobile apps (Parley’s web client gains its call widget in a later release).';

/** A refusal the service explains (no call, not the host) is the command's answer, not a failure. */
async function answering(work: () => Promise<string>): Promise<CommandResponse> {
  try {
    return ephemeral(await work());
  } catch (err) {
    if (err instanceof HttpError) return ephemeral(`Error: ${err.message}`);
    throw err;
  }
}

export function callSubcommands(calls: CallsService): Subcommand[] {
  return [
    { name: 'start', help: 'Start a call in this channel', autocomplete: { Hint: '[message]' }, run: () => ephemeral(IN_CLIENT) },
    { name: 'join', help: 'Join the call of this channel', run: () => ephemeral(IN_CLIENT) },
    { name: 'leave', help: 'Leave the call of this channel', run: () => ephemeral(IN_CLIENT) },
    {
      name: 'link',
      help: 'A link to join the call of this channel',
      run: ({ api, args }) =>
        answering(async () => {
          if (!args.team_id) return 'Call links open a channel of a team: run `/call link` from one.';
          const team = await api.teams.get(args.team_id);
          const site = (args.site_url ?? '').replace(/\/+$/, '');
          return `Call link: ${site}/${team.name}/channels/${args.channel_id}?join_call=true`;
        }),
    },
    {
      name: 'end',
      help: 'End the call for everyone (host or system admin)',
      run: ({ args }) =>
        answering(async () => {
          await calls.hostEnd(args.user_id, args.channel_id);
          return 'The call is ending for everyone.';
        }),
    },
    {
      name: 'host',
      help: 'Make someone in the call its host (host or system admin)',
      autocomplete: { Hint: '@username' },
      run: ({ api, args, words }) =>
        answering(async () => {
          const username = (words[0] ?? '').replace(/^@/, '');
          if (!username) return 'Name the new host: `/call host @username`.';
          const user = await api.users.getByUsername(username).catch(() => null);
          if (!user) return `There is no user @${username}.`;
          await calls.makeHost(args.user_id, args.channel_id, user.id);
          return `@${user.username} is now the host of the call.`;
        }),
    },
  ];
}

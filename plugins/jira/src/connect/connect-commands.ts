// `/jira connect [url|alias]`, `/jira disconnect [url|alias]`, `/jira me`, `/jira instance default
// <url|alias>` and `/jira instance settings [list | notifications <role> <on|off>]` (also
// `/jira settings ...` and `/jira instance connect|disconnect`, as in Mattermost's plugin): each
// user's own connections. Connecting answers one link to click (OAuth) or opens a dialog asking for
// a personal access token.
import { ephemeral, type CommandArgs, type CommandResponse, type Subcommand } from '@parley/plugin-api';
import { parseFlags } from '../command-flags.ts';
import type { JiraDeps } from '../deps.ts';
import type { Instance } from '../instances/instance.ts';
import { instancePath } from '../instances/instance-path.ts';
import { JiraApiError } from '../jira-api/jira-api-error.ts';
import { userClient } from '../jira-api/user-client.ts';
import { pluginUrl } from '../plugin-url.ts';
import { NOTIFICATION_ROLES, type Connection, type NotificationRole } from './connection.ts';
import { disconnectUser } from './connect-user.ts';

const NOT_CONNECTED = 'Your Parley account is not connected to Jira. Connect it with `/jira connect`.';

function names(instance: Instance): string {
  return instance.alias ? `${instance.id} (\`${instance.alias}\`)` : instance.id;
}

export function connectSubcommands(deps: JiraDeps): Subcommand[] {
  const { api, instances, connections } = deps;

  /** The instance `/jira connect` means, or what to tell the user instead. */
  const connectTarget = async (userId: string, named: string | undefined): Promise<Instance | string> => {
    const installed = await instances.list();
    if (installed.length === 0) return 'No Jira instance is installed yet. Ask a system admin to install one with `/jira instance install`.';
    const listed = installed.map((instance) => `* ${names(instance)}`).join('\n');
    if (named) return (await instances.find(named)) ?? `No Jira instance \`${named}\` is installed. The installed ones are:\n${listed}`;
    const mine = (await connections.instancesOf(userId)).instance_ids;
    const connectable = installed.filter((instance) => !mine.includes(instance.id));
    if (connectable.length === 1) return connectable[0]!;
    if (connectable.length === 0) return 'You are connected to every installed Jira instance. `/jira me` shows your connections.';
    return `Several Jira instances are installed: name the one to connect to, \`/jira connect <url|alias>\`:\n${connectable.map((instance) => `* ${names(instance)}`).join('\n')}`;
  };

  /** One of the user's connected instances: the one named, else their default. */
  const connectedTarget = async (userId: string, named: string | undefined): Promise<{ instance: Instance; connection: Connection } | string> => {
    let instance: Instance | undefined;
    if (named) {
      instance = await instances.find(named);
      if (!instance) return `No Jira instance \`${named}\` is installed.`;
    } else {
      const mine = await connections.instancesOf(userId);
      instance = mine.default_instance_id ? await instances.find(mine.default_instance_id) : undefined;
      if (!instance) return NOT_CONNECTED;
    }
    const connection = await connections.get(instance, userId);
    return connection ? { instance, connection } : `Your Parley account is not connected to ${instance.id}. Connect it with \`/jira connect ${instance.alias || instance.id}\`.`;
  };

  const connect: Subcommand = {
    name: 'connect',
    aliases: ['instance connect'],
    help: 'Connect your Jira account: `[url|alias]`',
    async run({ args, words }) {
      if (words.length > 1) return ephemeral('Name at most one instance: `/jira connect [url|alias]`.');
      const instance = await connectTarget(args.user_id, words[0]);
      if (typeof instance === 'string') return ephemeral(instance);
      const connection = await connections.get(instance, args.user_id);
      if (connection) return ephemeral(`You are already connected to ${instance.id} as **${connection.display_name}**. To connect another account, run \`/jira disconnect ${instance.alias || instance.id}\` first.`);
      if (instance.type === 'server' && instance.auth === 'pat') return openTokenDialog(deps, args, instance);
      return ephemeral(`[Click here to connect your Jira account on ${instance.id}.](${await pluginUrl(api, args.site_url)}${instancePath('/user/connect', instance.id)})`);
    },
  };

  const disconnect: Subcommand = {
    name: 'disconnect',
    aliases: ['instance disconnect'],
    help: 'Disconnect your Jira account: `[url|alias]`',
    async run({ args, words }) {
      if (words.length > 1) return ephemeral('Name at most one instance: `/jira disconnect [url|alias]`.');
      const target = await connectedTarget(args.user_id, words[0]);
      if (typeof target === 'string') return ephemeral(target);
      await disconnectUser(deps, target.instance, args.user_id);
      return ephemeral(`Your Jira account **${target.connection.display_name}** on ${target.instance.id} is disconnected.`);
    },
  };

  const me: Subcommand = {
    name: 'me',
    help: 'Show the Jira accounts you are connected to, and whether Jira still accepts them',
    async run({ args, words }) {
      if (words.length > 0) return ephemeral('`/jira me` takes no arguments.');
      const mine = await connections.instancesOf(args.user_id);
      const lines: string[] = [];
      for (const id of mine.instance_ids) {
        const instance = await instances.find(id);
        const connection = instance && (await connections.get(instance, args.user_id));
        if (!instance || !connection) continue;
        lines.push(`* ${instance.id === mine.default_instance_id ? `**${instance.id}** (default)` : instance.id}: ${describeConnection(instance, connection)} — ${await connectionHealth(deps, instance, args.user_id)}`);
      }
      if (lines.length === 0) return ephemeral(NOT_CONNECTED);
      return ephemeral(['#### Your Jira connections', ...lines].join('\n'));
    },
  };

  const defaultInstance: Subcommand = {
    name: 'instance default',
    help: 'Choose the Jira instance your commands use when they name none: `<url|alias>`',
    async run({ args, words }) {
      if (words.length !== 1) return ephemeral('Name the instance: `/jira instance default <url|alias>`.');
      const target = await connectedTarget(args.user_id, words[0]);
      if (typeof target === 'string') return ephemeral(target);
      await connections.setDefaultInstance(args.user_id, target.instance.id);
      return ephemeral(`Your commands now use ${target.instance.id} when they name no instance.`);
    },
  };

  const settings: Subcommand = {
    name: 'instance settings',
    aliases: ['settings'],
    help: 'Your notification settings: `[list | notifications <assignee|mention|reporter|watching> <on|off>] [--instance <url|alias>]`',
    async run({ args, words }) {
      let parsed;
      try {
        parsed = parseFlags(words, ['instance']);
      } catch (err) {
        return ephemeral((err as Error).message);
      }
      const target = await connectedTarget(args.user_id, parsed.flags.instance);
      if (typeof target === 'string') return ephemeral(target);
      return changeSettings(deps, target.instance, target.connection, parsed.positional);
    },
  };

  return [connect, disconnect, me, defaultInstance, settings];
}

async function changeSettings(deps: JiraDeps, instance: Instance, connection: Connection, words: string[]): Promise<CommandResponse> {
  const current = () => ephemeral(`Your settings on ${instance.id}:\n${NOTIFICATION_ROLES.map((role) => `* Notifications as ${role}: ${connection.notifications[role] ? 'on' : 'off'}`).join('\n')}`);
  if (words.length === 0 || (words.length === 1 && words[0]!.toLowerCase() === 'list')) return current();
  const usage = 'Use `/jira instance settings notifications <assignee|mention|reporter|watching> <on|off>`.';
  if (words[0]!.toLowerCase() !== 'notifications') return ephemeral(`Unknown setting \`${words[0]}\`. ${usage}`);
  const [role, value] = [words[1]?.toLowerCase(), words[2]?.toLowerCase()];
  if (words.length !== 3 || !NOTIFICATION_ROLES.includes(role as NotificationRole) || (value !== 'on' && value !== 'off')) return ephemeral(usage);
  await deps.connections.update(instance, { ...connection, notifications: { ...connection.notifications, [role as NotificationRole]: value === 'on' } });
  return ephemeral(`Notifications as ${role} on ${instance.id} are now ${value}.`);
}

function describeConnection(instance: Instance, connection: Connection): string {
  if (instance.type === 'cloud-oauth') return `Jira Cloud, connected as **${connection.display_name}** (account id \`${connection.account_id}\`)`;
  return `Jira Server, connected as **${connection.display_name}** (username \`${connection.name}\`, key \`${connection.user_key}\`${connection.email ? `, ${connection.email}` : ''})`;
}

/** Asks Jira who the user is, which proves (and, for OAuth 2.0, renews) the connection. */
async function connectionHealth(deps: JiraDeps, instance: Instance, userId: string): Promise<string> {
  const dropped = `Jira no longer accepts this connection: run \`/jira connect ${instance.alias || instance.id}\` again.`;
  const client = await userClient(deps.api, deps.connections, instance, userId);
  if (!client) return dropped;
  try {
    await client.request('GET', '/rest/api/2/myself', 'check your connection');
    return 'Jira accepts it.';
  } catch (err) {
    if (!(err instanceof JiraApiError)) throw err;
    if (!err.isUnauthorized) return err.message;
    // A refused renewal has dropped the connection already; a credential that cannot be renewed
    // (OAuth 1.0a, a personal access token) is the user's to replace.
    if (!(await deps.connections.get(instance, userId))) return dropped;
    return `Jira refuses it: run \`/jira disconnect ${instance.alias || instance.id}\`, then \`/jira connect\` again.`;
  }
}

async function openTokenDialog(deps: JiraDeps, args: CommandArgs, instance: Instance): Promise<CommandResponse> {
  if (!args.trigger_id) return ephemeral('Connecting to this instance opens a dialog: run the command from a Parley client.');
  await deps.api.dialogs.open(args.trigger_id, `/plugins/jira${instancePath('/user/pat', instance.id)}`, {
    callback_id: 'jira-connect-pat',
    title: 'Connect to Jira',
    introduction_text: `Paste a personal access token of your account on ${instance.id} (in Jira: your profile picture → **Profile** → **Personal Access Tokens** → **Create token**). Parley keeps it encrypted.`,
    submit_label: 'Connect',
    elements: [{ display_name: 'Personal access token', name: 'token', type: 'text', subtype: 'password', max_length: 1024 }],
  });
  return ephemeral(`Paste your personal access token for ${instance.id} in the dialog.`);
}

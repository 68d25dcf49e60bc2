// `/jira instance install|uninstall|list|v2|alias|unalias` (and the top-level `/jira install` and
// `/jira uninstall` Mattermost's plugin also answers to): system admins managing the Jira sites
// Parley talks to. Installing Jira Cloud continues in a dialog (cloud-oauth-setup.ts) asking for
// the OAuth 2.0 app's client id and secret; installing Jira Server / Data Center answers the
// application link's consumer key and public key, or, with `--auth pat`, nothing more to set up.
import { ephemeral, newId, type CommandResponse, type PluginAPI, type Subcommand } from '@parley/plugin-api';
import { parseFlags } from '../command-flags.ts';
import { publishConnectionChange, publishInstanceStatus } from '../connect/connection-events.ts';
import { clearReconnectNotices } from '../connect/reconnect-notice.ts';
import type { JiraDeps } from '../deps.ts';
import { ATLASSIAN_API_URL, ATLASSIAN_AUTH_URL, oauth2CompletePath } from '../jira-api/atlassian-oauth.ts';
import { pluginUrl } from '../plugin-url.ts';
import { refuseUnlessAdmin } from './admin-only.ts';
import { cloudOAuthDialog } from './cloud-oauth-setup.ts';
import { normalizeInstanceUrl, type Instance, type InstanceType, type ServerInstance } from './instance.ts';

const INSTANCE_TYPES: readonly InstanceType[] = ['cloud-oauth', 'server'];
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The URL as an instance id, or the message saying why it is not one. */
export function instanceUrlOrProblem(raw: string | undefined, usage: string): { id: string } | { problem: string } {
  if (!raw) return { problem: `Give the Jira site's URL: \`${usage}\`.` };
  try {
    return { id: normalizeInstanceUrl(raw) };
  } catch {
    return { problem: `\`${raw}\` is not a valid Jira URL: give the site's address, e.g. \`https://your-team.atlassian.net\` or \`https://jira.example.com\`.` };
  }
}

function describe(instance: Instance): string {
  if (instance.type === 'cloud-oauth') return 'Jira Cloud (OAuth 2.0)';
  return instance.auth === 'pat' ? 'Jira Server / Data Center (personal access tokens)' : 'Jira Server / Data Center (OAuth 1.0a)';
}

export function instanceSubcommands(deps: JiraDeps): Subcommand[] {
  const { api, instances } = deps;
  return [
    {
      name: 'instance install cloud-oauth',
      aliases: ['install cloud-oauth'],
      adminOnly: true,
      help: 'Install a Jira Cloud site (OAuth 2.0): `<url> [--atlassian-url <base>]`',
      async run({ args, words }) {
        const parsed = await installArguments(api, args.user_id, words, 'cloud-oauth', ['atlassian-url']);
        if ('response' in parsed) return parsed.response;
        const { id } = parsed;
        let atlassian: string | undefined;
        if (parsed.flags['atlassian-url'] !== undefined) {
          try {
            atlassian = normalizeInstanceUrl(parsed.flags['atlassian-url']);
          } catch {
            return ephemeral(`\`${parsed.flags['atlassian-url']}\` is not a valid URL for \`--atlassian-url\`.`);
          }
        }
        const existing = await instances.find(id);
        if (existing && existing.type !== 'cloud-oauth') return ephemeral(`${id} is installed as ${describe(existing)}: uninstall it first with \`/jira instance uninstall ${existing.type} ${id}\`.`);
        const base = await pluginUrl(api, args.site_url);
        const callback = `${base}${oauth2CompletePath({ id })}`;
        if (!args.trigger_id) return ephemeral('This command opens a dialog: run it from a Parley client.');
        await api.dialogs.open(args.trigger_id, `/plugins/jira${cloudOAuthDialog.path(id)}`, cloudOAuthDialog.dialog(id, callback, { auth_url: atlassian ?? ATLASSIAN_AUTH_URL, api_url: atlassian ?? ATLASSIAN_API_URL }, existing?.type === 'cloud-oauth' ? existing.client_id : ''));
        return ephemeral(
          [
            `#### Installing Jira Cloud site ${id}`,
            `1. In Atlassian's developer console (https://developer.atlassian.com/console/myapps/), create an **OAuth 2.0 integration**.`,
            `2. Under **Permissions**, add the **Jira API** with the scopes \`read:jira-user\`, \`read:jira-work\` and \`write:jira-work\`.`,
            `3. Under **Authorization**, set the **Callback URL** to \`${callback}\``,
            `4. Under **Settings**, copy the **Client ID** and **Secret** into the dialog that opened, and submit it.`,
            ...(atlassian ? [`Atlassian's authorization server and API are reached at ${atlassian} for this site.`] : []),
          ].join('\n'),
        );
      },
    },
    {
      name: 'instance install server',
      aliases: ['install server'],
      adminOnly: true,
      help: 'Install a Jira Server / Data Center site: `<url> [--auth oauth1|pat]`',
      async run({ args, words }) {
        const parsed = await installArguments(api, args.user_id, words, 'server', ['auth']);
        if ('response' in parsed) return parsed.response;
        const { id } = parsed;
        const auth = (parsed.flags.auth ?? 'oauth1').toLowerCase();
        if (auth !== 'oauth1' && auth !== 'pat') return ephemeral(`Unknown \`--auth ${parsed.flags.auth}\`: use \`oauth1\` (an application link) or \`pat\` (personal access tokens).`);
        const existing = await instances.find(id);
        if (existing && existing.type !== 'server') return ephemeral(`${id} is installed as ${describe(existing)}: uninstall it first with \`/jira instance uninstall ${existing.type} ${id}\`.`);
        const key = existing?.key ?? newId();
        const installed = await instances.save({
          id,
          type: 'server',
          auth,
          alias: existing?.alias ?? '',
          key,
          installed_at: Date.now(),
          installed_by: args.user_id,
          is_v2_legacy: existing?.is_v2_legacy ?? (await instances.list()).length === 0,
          consumer_key: existing?.consumer_key ?? `parley-${key}`,
          rsa_key_name: existing?.rsa_key_name ?? `jira-oauth1-${key}`,
        });
        await publishInstanceStatus(api, instances);
        if (auth === 'pat') {
          return ephemeral(
            `Jira Server / Data Center site ${id} is installed. Users connect with \`/jira connect ${id}\` and paste a personal access token (Jira: profile picture → **Profile** → **Personal Access Tokens** → **Create token**).`,
          );
        }
        return ephemeral(await applicationLinkSteps(api, installed as ServerInstance, args.site_url));
      },
    },
    {
      name: 'instance uninstall',
      aliases: ['uninstall'],
      adminOnly: true,
      help: 'Remove a Jira site and disconnect its users: `cloud-oauth|server <url>`',
      async run({ args, words }) {
        const refused = await refuseUnlessAdmin(api, args.user_id, 'instance uninstall');
        if (refused) return refused;
        const [type, raw] = words;
        if (words.length !== 2 || !INSTANCE_TYPES.includes(type as InstanceType)) return ephemeral('Name the kind and the URL: `/jira instance uninstall cloud-oauth|server <url>`.');
        const url = instanceUrlOrProblem(raw, '/jira instance uninstall cloud-oauth|server <url>');
        if ('problem' in url) return ephemeral(url.problem);
        const instance = await instances.find(url.id);
        if (!instance) return ephemeral(`No Jira instance ${url.id} is installed. \`/jira instance list\` shows the installed ones.`);
        if (instance.type !== type) return ephemeral(`${instance.id} is installed as ${describe(instance)}, not \`${type}\`.`);
        const users = await deps.connections.usersOf(instance);
        for (const userId of users) await deps.connections.remove(instance, userId);
        await instances.remove(instance.id);
        await clearReconnectNotices(api, instance);
        if (instance.type === 'server') await api.crypto.deleteKey(instance.rsa_key_name).catch(() => false);
        for (const userId of users) await publishConnectionChange(api, instances, deps.connections, userId, 'disconnect');
        await publishInstanceStatus(api, instances);
        const manage = instance.type === 'cloud-oauth' ? "the OAuth 2.0 app in Atlassian's developer console" : `the application link in Jira (${instance.id}/plugins/servlet/applinks/listApplicationLinks)`;
        return ephemeral(
          `Jira instance ${instance.id} is uninstalled; ${users.length === 1 ? '1 user was' : `${users.length} users were`} disconnected from it. You may remove ${manage}, and Parley's webhook in Jira (${instance.id}/plugins/servlet/webhooks).`,
        );
      },
    },
    {
      name: 'instance list',
      adminOnly: true,
      help: 'List the installed Jira sites',
      async run({ args }) {
        const refused = await refuseUnlessAdmin(api, args.user_id, 'instance list');
        if (refused) return refused;
        const list = (await instances.list()).sort((a, b) => a.id.localeCompare(b.id));
        if (list.length === 0) return ephemeral('No Jira instance is installed. Install one with `/jira instance install cloud-oauth <url>` or `/jira instance install server <url>`.');
        const rows = list.map((instance, i) => `| ${i + 1} | ${instance.alias || 'n/a'} | ${instance.id}${instance.is_v2_legacy ? ' (v2 legacy)' : ''} | ${describe(instance)} |`);
        return ephemeral(['| | Alias | URL | Type |', '|--|--|--|--|', ...rows].join('\n'));
      },
    },
    {
      name: 'instance v2',
      adminOnly: true,
      help: 'Make a site the one for webhooks and subscriptions that name none: `<url|alias>`',
      async run({ args, words }) {
        const refused = await refuseUnlessAdmin(api, args.user_id, 'instance v2');
        if (refused) return refused;
        if (words.length !== 1) return ephemeral('Name the instance: `/jira instance v2 <url|alias>`.');
        const instance = await instances.find(words[0]!);
        if (!instance) return ephemeral(`No Jira instance ${words[0]} is installed. \`/jira instance list\` shows the installed ones.`);
        await instances.updateAll((list) => list.map((item) => ({ ...item, is_v2_legacy: item.id === instance.id })));
        return ephemeral(`${instance.id} now receives the webhooks and subscriptions whose URL names no instance (v2 legacy).`);
      },
    },
    {
      name: 'instance alias',
      adminOnly: true,
      help: 'Give a site a short name users may type instead of its URL: `<url> <alias>`',
      async run({ args, words }) {
        const refused = await refuseUnlessAdmin(api, args.user_id, 'instance alias');
        if (refused) return refused;
        if (words.length < 2) return ephemeral('Name the instance and the alias: `/jira instance alias <url> <alias>`.');
        const alias = words.slice(1).join(' ');
        if (!ALIAS.test(alias)) return ephemeral(`\`${alias}\` cannot be an alias: use one word of letters, digits, \`.\`, \`_\` or \`-\` (at most 64).`);
        const instance = await instances.find(words[0]!);
        if (!instance) return ephemeral(`No Jira instance ${words[0]} is installed. \`/jira instance list\` shows the installed ones.`);
        let holder: Instance | undefined;
        await instances.updateAll((list) => {
          holder = list.find((item) => item.id !== instance.id && item.alias.toLowerCase() === alias.toLowerCase());
          return holder ? list : list.map((item) => (item.id === instance.id ? { ...item, alias } : item));
        });
        if (holder) return ephemeral(`The alias \`${alias}\` already names ${holder.id}.`);
        return ephemeral(`${instance.id} can now be called \`${alias}\`.`);
      },
    },
    {
      name: 'instance unalias',
      adminOnly: true,
      help: 'Remove an alias: `<alias>`',
      async run({ args, words }) {
        const refused = await refuseUnlessAdmin(api, args.user_id, 'instance unalias');
        if (refused) return refused;
        if (words.length !== 1) return ephemeral('Name the alias: `/jira instance unalias <alias>`.');
        const alias = words[0]!.toLowerCase();
        let named: Instance | undefined;
        await instances.updateAll((list) => {
          named = list.find((item) => item.alias !== '' && item.alias.toLowerCase() === alias);
          return list.map((item) => (item === named ? { ...item, alias: '' } : item));
        });
        if (!named) return ephemeral(`No instance has the alias \`${words[0]}\`.`);
        return ephemeral(`${named.id} no longer has the alias \`${named.alias}\`.`);
      },
    },
  ];
}

/** The URL and options of `/jira instance install <kind> <url> [options]`, or the answer refusing them. */
async function installArguments(api: PluginAPI, userId: string, words: string[], kind: InstanceType, options: string[]): Promise<{ id: string; flags: Record<string, string> } | { response: CommandResponse }> {
  const refused = await refuseUnlessAdmin(api, userId, `instance install ${kind}`);
  if (refused) return { response: refused };
  const usage = `/jira instance install ${kind} <url>${options.map((option) => ` [--${option} ...]`).join('')}`;
  let parsed;
  try {
    parsed = parseFlags(words, options);
  } catch (err) {
    return { response: ephemeral((err as Error).message) };
  }
  if (parsed.positional.length > 1) return { response: ephemeral(`Give one URL: \`${usage}\`.`) };
  const url = instanceUrlOrProblem(parsed.positional[0], usage);
  return 'problem' in url ? { response: ephemeral(url.problem) } : { id: url.id, flags: parsed.flags };
}

/** What a Jira admin enters in the application link for OAuth 1.0a; makes the RSA key on first use. */
async function applicationLinkSteps(api: PluginAPI, instance: ServerInstance, siteUrl: string | undefined): Promise<string> {
  const keys = await api.crypto.listKeys();
  if (!keys.some((key) => key.name === instance.rsa_key_name)) {
    const made = await api.crypto.generateKey(instance.rsa_key_name, 'rsa-2048').then(
      () => true,
      (err: { id?: string }) => {
        if (err.id === 'plugin.api.rate_limited') return false;
        if (err.id !== 'plugin.crypto.key_exists') throw err;
        return true;
      },
    );
    if (!made) return `Jira Server / Data Center site ${instance.id} is installed, but its signing key could not be made just now (too many keys made in the last second): run \`/jira instance install server ${instance.id}\` again in a moment to see the application link's settings.`;
  }
  const publicKey = await api.crypto.publicKey(instance.rsa_key_name);
  const site = (await pluginUrl(api, siteUrl)).replace(/\/plugins\/jira$/, '');
  return [
    `#### Jira Server / Data Center site ${instance.id} is installed`,
    `To let users connect, a Jira administrator creates an application link for Parley:`,
    `1. In Jira, open **Administration** (cog) → **Applications** → **Application links** (${instance.id}/plugins/servlet/applinks/listApplicationLinks).`,
    `2. Create a link to \`${site}\`; on older Jira choose **Generic application**, continue past the "no response" warning, and give it the name **Parley**.`,
    `3. Edit the link's **Incoming Authentication** (on Jira 8.14 and later: **Create link** → **Atlassian product or other application** → **Direct application link**, then **OAuth 1.0a**) and enter:`,
    `   * **Consumer Key**: \`${instance.consumer_key}\``,
    `   * **Consumer Name**: \`Parley\``,
    `   * **Public Key**:`,
    '```',
    publicKey.trim(),
    '```',
    `4. Save. Users then connect with \`/jira connect ${instance.alias || instance.id}\`.`,
  ].join('\n');
}

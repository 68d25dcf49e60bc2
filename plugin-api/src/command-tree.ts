// A slash command made of subcommands (`/jira instance install server <url>`, `/github connect`), the
// shape of every first-party plugin's command: each feature module exports its Subcommands, and
// commandTree builds the one Command to register (with an autocomplete tree and a help text) and the
// handler that dispatches the words typed to the subcommand they name — the longest name matching.
import type { CommandHandler } from './command-handlers.ts';
import type { PluginAPI } from './api.ts';
import type { AutocompleteData, Command, CommandArgs, CommandResponse, HookContext } from './types.ts';

/** What a subcommand is run with. @since 0.1.0 */
export interface SubcommandContext {
  api: PluginAPI;
  ctx: HookContext;
  args: CommandArgs;
  /** The words typed after the subcommand's name, split on white space. @since 0.1.0 */
  words: string[];
}

/** One subcommand of a commandTree. @since 0.1.0 */
export interface Subcommand {
  /** The words after the trigger that select it: `connect`, or `instance install` (at most 3 words). @since 0.1.0 */
  name: string;
  /** Other names it answers to (`view` for `issue view`); not listed in help or autocomplete. @since 0.1.0 */
  aliases?: string[];
  /** One line for the help text and the autocomplete entry. @since 0.1.0 */
  help: string;
  /** Shown in help and autocomplete to system admins only (it still checks who runs it). @since 0.1.0 */
  adminOnly?: boolean;
  /** The autocomplete entry of its last word (arguments, hint); name, help and RoleID are filled in when absent. @since 0.1.0 */
  autocomplete?: Omit<AutocompleteData, 'Trigger'> & { Trigger?: string };
  run(context: SubcommandContext): Promise<CommandResponse> | CommandResponse;
}

/** The registered command's own fields, besides what commandTree derives from its subcommands. @since 0.1.0 */
export interface CommandTreeSpec {
  trigger: string;
  display_name: string;
  description: string;
  /** The title of the help text, e.g. `GitHub commands`. @since 0.1.0 */
  helpTitle: string;
  /** Appended to the help text (settings' extra help, say). @since 0.1.0 */
  helpFooter?: (api: PluginAPI) => Promise<string> | string;
  autocomplete_icon_data?: string;
}

/** The answer shown only to the user who typed the command. @since 0.1.0 */
export function ephemeral(text: string): CommandResponse {
  return { response_type: 'ephemeral', text };
}

const MAX_NAME_WORDS = 3;
const SYSTEM_ADMIN = 'system_admin';

function splitName(name: string): string[] {
  return name.trim().toLowerCase().split(/\s+/);
}

/** The autocomplete tree: subcommands sharing first words nest under one node per word. */
function autocompleteTree(trigger: string, subcommands: readonly Subcommand[]): AutocompleteData {
  const root: AutocompleteData = { Trigger: trigger, Hint: '[command]', HelpText: '', SubCommands: [] };
  for (const sub of subcommands) {
    const words = splitName(sub.name);
    let parent = root;
    for (const word of words.slice(0, -1)) {
      let group = parent.SubCommands!.find((node) => node.Trigger === word);
      if (!group) {
        group = { Trigger: word, HelpText: '', SubCommands: [], ...(sub.adminOnly ? { RoleID: SYSTEM_ADMIN } : {}) };
        parent.SubCommands!.push(group);
      } else if (!sub.adminOnly) {
        delete group.RoleID;
      }
      // A word may be a subcommand of its own and lead to others (`subscribe`, `subscribe list`).
      group.SubCommands ??= [];
      parent = group;
    }
    const entry: AutocompleteData = { HelpText: sub.help, ...(sub.adminOnly ? { RoleID: SYSTEM_ADMIN } : {}), ...sub.autocomplete, Trigger: words[words.length - 1]! };
    const existing = parent.SubCommands!.find((node) => node.Trigger === entry.Trigger);
    if (existing) {
      if (!sub.adminOnly) delete existing.RoleID;
      Object.assign(existing, { ...entry, RoleID: existing.RoleID, SubCommands: [...(existing.SubCommands ?? []), ...(entry.SubCommands ?? [])] });
      if (existing.RoleID === undefined) delete existing.RoleID;
    } else {
      parent.SubCommands!.push(entry);
    }
  }
  root.SubCommands!.push({ Trigger: 'help', HelpText: 'What each command does' });
  return root;
}

/** The help text: every subcommand for admins, the others' for everyone else. */
function helpText(spec: CommandTreeSpec, subcommands: readonly Subcommand[], isAdmin: boolean): string {
  const line = (sub: Subcommand): string => `* \`/${spec.trigger} ${sub.name}\` — ${sub.help}`;
  const lines = [`###### ${spec.helpTitle}`, ...subcommands.filter((sub) => !sub.adminOnly).map(line)];
  const adminLines = subcommands.filter((sub) => sub.adminOnly).map(line);
  if (isAdmin && adminLines.length > 0) lines.push('', '###### For system admins', ...adminLines);
  return lines.join('\n');
}

/**
 * The command to register and its handler. `/trigger` alone or `/trigger help` answers the help text
 * (admin-only subcommands listed to system admins); an unknown subcommand answers which it was and
 * the help.
 * @since 0.1.0
 */
export function commandTree(api: PluginAPI, spec: CommandTreeSpec, subcommands: readonly Subcommand[]): { command: Command; handler: CommandHandler } {
  const byName = new Map<string, Subcommand>();
  for (const sub of subcommands) for (const name of [sub.name, ...(sub.aliases ?? [])]) byName.set(splitName(name).join(' '), sub);
  const command: Command = {
    trigger: spec.trigger,
    display_name: spec.display_name,
    description: spec.description,
    auto_complete: true,
    auto_complete_desc: spec.description,
    auto_complete_hint: '[command]',
    autocomplete_data: { ...autocompleteTree(spec.trigger, subcommands), HelpText: spec.description },
    ...(spec.autocomplete_icon_data ? { autocomplete_icon_data: spec.autocomplete_icon_data } : {}),
  };
  const help = async (userId: string): Promise<string> => {
    const isAdmin = (await api.users.hasPermission(userId, 'manage_system').catch(() => false)) === true;
    const footer = spec.helpFooter ? await spec.helpFooter(api) : '';
    return [helpText(spec, subcommands, isAdmin), footer].filter(Boolean).join('\n\n');
  };
  const handler: CommandHandler = async (ctx, args) => {
    const words = args.command.trim().split(/\s+/).slice(1);
    for (let length = Math.min(MAX_NAME_WORDS, words.length); length > 0; length--) {
      const sub = byName.get(words.slice(0, length).join(' ').toLowerCase());
      if (sub) return sub.run({ api, ctx, args, words: words.slice(length) });
    }
    const first = words[0]?.toLowerCase() ?? 'help';
    if (first === 'help') return ephemeral(await help(args.user_id));
    return ephemeral(`Unknown command \`${words.join(' ')}\`.\n${await help(args.user_id)}`);
  };
  return { command, handler };
}

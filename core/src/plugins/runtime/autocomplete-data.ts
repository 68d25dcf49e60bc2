// A slash command's autocomplete tree (Mattermost's AutocompleteData, with its Go field names on the
// wire: Trigger, Hint, HelpText, RoleID, Arguments, SubCommands; an argument's Name, HelpText, Type,
// Required, Data): sub-commands, and arguments typed as free text, a static list, or a dynamic list
// the plugin serves. Checked when a plugin registers it: bounded in size, and every dynamic list's
// FetchURL resolved under the plugin's own routes (as Mattermost's UpdateRelativeURLsForPluginCommands
// does), so suggestions never reach another plugin or another host.
import { invalidArguments, isPlainObject } from './api/arguments.ts';
import { parsePluginPath } from './plugin-paths.ts';

export type AutocompleteArg =
  | { name: string; helpText: string; required: boolean; type: 'TextInput'; hint: string; pattern: string }
  | { name: string; helpText: string; required: boolean; type: 'StaticList'; items: AutocompleteItem[] }
  | { name: string; helpText: string; required: boolean; type: 'DynamicList'; pluginId: string; fetchPath: string };

/** One entry of a list argument (Mattermost's AutocompleteListItem). */
export interface AutocompleteItem {
  item: string;
  hint: string;
  helpText: string;
}

export interface AutocompleteData {
  trigger: string;
  hint: string;
  helpText: string;
  /** 'system_admin': offered to system admins only; otherwise to everyone. */
  roleId: string;
  args: AutocompleteArg[];
  subCommands: AutocompleteData[];
}

/** A tree of this many nodes and list items covers any real command (Jira's is about 60). */
const MAX_NODES = 500;
const MAX_DEPTH = 8;
const TEXT_MAX = 1024;

/** Reads and checks the tree a plugin registers with its command; `method` names the call in refusals. */
export function decodeAutocompleteData(value: unknown, pluginId: string, method: string): AutocompleteData {
  let nodes = 0;
  const refuse = (where: string, why: string) => invalidArguments(method, `command.autocomplete_data${where} ${why}`);
  const text = (object: Record<string, unknown>, key: string, where: string): string => {
    const field = object[key] ?? '';
    if (typeof field !== 'string' || field.length > TEXT_MAX) throw refuse(`${where}.${key}`, `must be a string of at most ${TEXT_MAX} characters`);
    return field;
  };
  const count = (where: string) => {
    nodes += 1;
    if (nodes > MAX_NODES) throw refuse(where, `has more than ${MAX_NODES} commands, arguments and list items`);
  };

  function command(raw: unknown, where: string, depth: number): AutocompleteData {
    if (!isPlainObject(raw)) throw refuse(where, 'must be an object');
    if (depth > MAX_DEPTH) throw refuse(where, `nests sub-commands deeper than ${MAX_DEPTH}`);
    count(where);
    const trigger = text(raw, 'Trigger', where).toLowerCase();
    if (trigger === '' || /\s/.test(trigger)) throw refuse(`${where}.Trigger`, 'must be one word');
    const list = (key: string): unknown[] => {
      const field = raw[key] ?? [];
      if (!Array.isArray(field)) throw refuse(`${where}.${key}`, 'must be an array');
      return field;
    };
    return {
      trigger,
      hint: text(raw, 'Hint', where),
      helpText: text(raw, 'HelpText', where),
      roleId: text(raw, 'RoleID', where),
      args: list('Arguments').map((arg, i) => argument(arg, `${where}.Arguments[${i}]`)),
      subCommands: list('SubCommands').map((sub, i) => command(sub, `${where}.SubCommands[${i}]`, depth + 1)),
    };
  }

  function argument(raw: unknown, where: string): AutocompleteArg {
    if (!isPlainObject(raw)) throw refuse(where, 'must be an object');
    count(where);
    const name = text(raw, 'Name', where);
    if (/\s/.test(name)) throw refuse(`${where}.Name`, 'must be one word');
    const common = { name, helpText: text(raw, 'HelpText', where), required: raw.Required === true };
    const data = isPlainObject(raw.Data) ? raw.Data : {};
    switch (raw.Type) {
      case 'TextInput':
        return { ...common, type: 'TextInput', hint: text(data, 'Hint', `${where}.Data`), pattern: text(data, 'Pattern', `${where}.Data`) };
      case 'StaticList': {
        const items = data.PossibleArguments ?? [];
        if (!Array.isArray(items)) throw refuse(`${where}.Data.PossibleArguments`, 'must be an array');
        return {
          ...common,
          type: 'StaticList',
          items: items.map((item, i) => {
            const at = `${where}.Data.PossibleArguments[${i}]`;
            if (!isPlainObject(item)) throw refuse(at, 'must be an object');
            count(at);
            return { item: text(item, 'Item', at), hint: text(item, 'Hint', at), helpText: text(item, 'HelpText', at) };
          }),
        };
      }
      case 'DynamicList':
        return { ...common, type: 'DynamicList', pluginId, fetchPath: ownPath(text(data, 'FetchURL', `${where}.Data`), pluginId, () => refuse(`${where}.Data.FetchURL`, `must be a path of the plugin's own routes (relative, or under /plugins/${pluginId}/)`)) };
      default:
        throw refuse(`${where}.Type`, 'must be TextInput, StaticList or DynamicList');
    }
  }

  return command(value, '', 0);
}

/** The path below /plugins/<pluginId> that `url` names: relative to the plugin, or already under its routes. */
function ownPath(url: string, pluginId: string, refused: () => Error): string {
  const schemeOrHost = /^[a-z][a-z0-9+.-]*:/i.test(url) || url.includes('//');
  const target = url === '' || schemeOrHost ? undefined : parsePluginPath(url.startsWith('/') ? url : `/plugins/${pluginId}/${url}`);
  if (!target || target.pluginId !== pluginId || target.query !== '' || url.includes('?')) throw refused();
  return target.rest;
}

/** The tree as Mattermost's JSON (GET /teams/{id}/commands/autocomplete), FetchURLs absolute. */
export function toWireAutocompleteData(data: AutocompleteData, pluginId: string): Record<string, unknown> {
  return {
    Trigger: data.trigger,
    Hint: data.hint,
    HelpText: data.helpText,
    RoleID: data.roleId,
    Arguments: data.args.map((arg) => ({
      Name: arg.name,
      HelpText: arg.helpText,
      Type: arg.type,
      Required: arg.required,
      Data:
        arg.type === 'TextInput'
          ? { Hint: arg.hint, Pattern: arg.pattern }
          : arg.type === 'StaticList'
            ? { PossibleArguments: arg.items.map((i) => ({ Item: i.item, Hint: i.hint, HelpText: i.helpText })) }
            : { FetchURL: `/plugins/${pluginId}${arg.fetchPath}` },
    })),
    SubCommands: data.subCommands.map((sub) => toWireAutocompleteData(sub, pluginId)),
  };
}

// Suggestions for what a user is typing after a slash, from the commands' autocomplete trees, with
// Mattermost's rules (its command_autocomplete.go): the input is read word by word — a command's
// trigger, then its sub-commands or its arguments in order (an optional argument may be skipped;
// `--name` introduces a named one; "quoted words" are one text argument) — and the suggestions are
// what may come next where the input ends. A dynamic list argument asks its plugin for its items.
import type { AutocompleteArg, AutocompleteData, AutocompleteItem } from './autocomplete-data.ts';

/** Mattermost's AutocompleteSuggestion, as the clients read it. */
export interface Suggestion {
  Complete: string;
  Suggestion: string;
  Hint: string;
  Description: string;
  IconData: string;
}

/** The items of a dynamic list argument, asked of its plugin; [] when it cannot answer. */
export type ListFetcher = (arg: Extract<AutocompleteArg, { type: 'DynamicList' }>, parsed: string, toBeParsed: string) => Promise<AutocompleteItem[]>;

/** How far the input was read: `found` when the suggestions are for where it ends. */
interface Reading {
  found: boolean;
  parsed: string;
  rest: string;
  suggestions: Suggestion[];
}

const suggestion = (Complete: string, Suggestion: string, Hint: string, Description: string): Suggestion => ({ Complete, Suggestion, Hint, Description, IconData: '' });
const withoutLeadingSpace = (text: string) => (text.startsWith(' ') ? text.slice(1) : text);

export class CommandSuggestions {
  #fetchList: ListFetcher;
  #isAdmin: boolean;

  constructor(fetchList: ListFetcher, isAdmin: boolean) {
    this.#fetchList = fetchList;
    this.#isAdmin = isAdmin;
  }

  /** Suggestions for `input` (what follows the slash) among `commands`. */
  forInput(commands: readonly AutocompleteData[], input: string): Promise<Suggestion[]> {
    return this.#commands(commands, '', input);
  }

  #visible(command: AutocompleteData): boolean {
    return this.#isAdmin || command.roleId !== 'system_admin';
  }

  async #commands(commands: readonly AutocompleteData[], parsed: string, rest: string): Promise<Suggestion[]> {
    const space = rest.indexOf(' ');
    if (space === -1) {
      const typed = rest.toLowerCase();
      return commands.filter((c) => c.trigger.startsWith(typed) && this.#visible(c)).map((c) => suggestion(parsed + c.trigger, c.trigger, c.hint, c.helpText));
    }
    const word = rest.slice(0, space).toLowerCase();
    const out: Suggestion[] = [];
    for (const command of commands) {
      if (command.trigger !== word || !this.#visible(command)) continue;
      const nextParsed = parsed + rest.slice(0, space + 1);
      const nextRest = rest.slice(space + 1);
      if (command.args.length === 0) {
        out.push(...(await this.#commands(command.subCommands, nextParsed, nextRest)));
        continue;
      }
      const reading = await this.#args(command.args, nextParsed, nextRest);
      if (reading.found) out.push(...reading.suggestions);
    }
    return out;
  }

  /** Reads arguments in order; an optional one is tried both present and skipped. */
  async #args(args: readonly AutocompleteArg[], parsed: string, rest: string): Promise<Reading> {
    if (args.length === 0) return { found: false, parsed, rest, suggestions: [] };
    const [first, ...others] = args;
    if (first.required) {
      const reading = await this.#arg(first, parsed, rest);
      return reading.found ? reading : this.#args(others, reading.parsed, reading.rest);
    }
    const suggestions: Suggestion[] = [];
    let present = await this.#arg(first, parsed, rest);
    if (present.found) suggestions.push(...present.suggestions);
    else {
      present = await this.#args(others, present.parsed, present.rest);
      if (present.found) suggestions.push(...present.suggestions);
    }
    const skipped = await this.#args(others, parsed, rest);
    if (skipped.found) suggestions.push(...skipped.suggestions);
    if (present.found || skipped.found) return { found: true, parsed: parsed + rest, rest: '', suggestions };
    if (present.parsed !== parsed && present.rest !== rest) return { ...present, suggestions };
    return { ...skipped, suggestions };
  }

  async #arg(arg: AutocompleteArg, parsed: string, rest: string): Promise<Reading> {
    let at = { parsed, rest };
    if (arg.name !== '') {
      const named = readName(arg, parsed, rest);
      // Input that cannot be this named argument ends the reading here, with nothing to suggest.
      if (named.found || named.rest === '') return { ...named, found: true };
      at = { parsed: named.parsed, rest: named.rest === ' ' ? '' : named.rest };
    }
    switch (arg.type) {
      case 'TextInput':
        return readText(arg, at.parsed, at.rest);
      case 'StaticList':
        return readListItem(arg.items, at.parsed, at.rest);
      case 'DynamicList':
        return readListItem(await this.#fetchList(arg, at.parsed, at.rest), at.parsed, at.rest);
    }
  }
}

/** `--name`: suggested while being typed, passed over once typed with a space after it. */
function readName(arg: AutocompleteArg, parsed: string, rest: string): Reading {
  const typed = withoutLeadingSpace(rest);
  const flag = `--${arg.name}`;
  const lowerTyped = typed.toLowerCase();
  const lowerFlag = flag.toLowerCase();
  if (typed === '') return { found: true, parsed: parsed + rest, rest: '', suggestions: [suggestion(`${parsed}${rest}${flag} `, flag, '', arg.helpText)] };
  if (lowerFlag.startsWith(lowerTyped)) return { found: true, parsed: parsed + rest, rest: '', suggestions: [suggestion(`${parsed}${rest}${flag.slice(typed.length)} `, flag, '', arg.helpText)] };
  if (!lowerTyped.startsWith(`${lowerFlag} `)) return { found: false, parsed: parsed + rest, rest: '', suggestions: [] };
  if (lowerTyped === `${lowerFlag} `) return { found: false, parsed: `${parsed}${flag} `, rest: ' ', suggestions: [] };
  return { found: false, parsed: `${parsed}${flag} `, rest: typed.slice(flag.length + 1), suggestions: [] };
}

/** A free-text argument: one word, or "several words" in quotes. */
function readText(arg: Extract<AutocompleteArg, { type: 'TextInput' }>, parsed: string, rest: string): Reading {
  const typed = withoutLeadingSpace(rest);
  const here: Reading = { found: true, parsed: parsed + rest, rest: '', suggestions: [suggestion(parsed + rest, '', arg.hint, arg.helpText)] };
  if (typed === '') return here;
  if (typed.startsWith('"')) {
    const close = typed.indexOf('"', 1);
    if (close === -1) return here;
    const end = typed[close + 1] === ' ' ? close + 2 : close + 1;
    return { found: false, parsed: parsed + typed.slice(0, end), rest: typed.slice(end), suggestions: [] };
  }
  const space = typed.indexOf(' ');
  if (space === -1) return here;
  return { found: false, parsed: parsed + typed.slice(0, space + 1), rest: typed.slice(space + 1), suggestions: [] };
}

/** One item of a list: passed over once typed in full with a space after it (the longest such item), else the items that start with what was typed. */
function readListItem(items: readonly AutocompleteItem[], parsed: string, rest: string): Reading {
  const typed = withoutLeadingSpace(rest);
  const lower = typed.toLowerCase();
  let taken = '';
  for (const { item } of items) if (lower.startsWith(`${item.toLowerCase()} `) && taken.length < item.length + 1) taken = `${item} `;
  if (taken !== '') return { found: false, parsed: parsed + typed.slice(0, taken.length), rest: typed.slice(taken.length), suggestions: [] };
  const matching = items.filter(({ item }) => item.toLowerCase().startsWith(lower));
  return { found: true, parsed: parsed + rest, rest: '', suggestions: matching.map((i) => suggestion(parsed + i.item, i.item, i.hint, i.helpText)) };
}

// The words of a subcommand split into positional arguments and `--name value` / `--name=value`
// flags, refusing flags the subcommand does not take (a typo must not be read as an argument).

export interface ParsedWords {
  positional: string[];
  flags: Record<string, string>;
}

/** @throws Error naming the unknown or valueless flag */
export function parseFlags(words: readonly string[], known: readonly string[]): ParsedWords {
  const parsed: ParsedWords = { positional: [], flags: {} };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = /^--([a-z][a-z-]*)(?:=(.*))?$/i.exec(word);
    if (!flag) {
      parsed.positional.push(word);
      continue;
    }
    const name = flag[1]!.toLowerCase();
    if (!known.includes(name)) throw new Error(`Unknown option \`--${name}\`${known.length > 0 ? ` (this command takes ${known.map((k) => `\`--${k}\``).join(', ')})` : ''}.`);
    const value = flag[2] ?? words[++i];
    if (value === undefined || value === '') throw new Error(`The option \`--${name}\` needs a value.`);
    parsed.flags[name] = value;
  }
  return parsed;
}

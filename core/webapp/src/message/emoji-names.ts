// Emoji by name, as Mattermost names them (`:smile:`, `:+1_light_skin_tone:`): its whole standard set,
// read from the table scripts/generate-emoji.ts makes from emoji-datasource. A name missing here stays
// as typed, as an unknown name does in Mattermost (unless it is a custom emoji).
import { EMOJI_CATEGORIES, EMOJI_LINES } from './emoji-table.generated.ts';

/** One standard emoji: the names it answers to (the first is the one a reaction is stored under). */
export interface StandardEmoji {
  names: string[];
  character: string;
  category: string;
}

/** Mattermost's name suffix for each skin-tone modifier, in the order its picker offers them. */
const TONES: ReadonlyArray<readonly [string, string]> = [
  ['1F3FB', 'light_skin_tone'],
  ['1F3FC', 'medium_light_skin_tone'],
  ['1F3FD', 'medium_skin_tone'],
  ['1F3FE', 'medium_dark_skin_tone'],
  ['1F3FF', 'dark_skin_tone'],
];
const VARIATION_SELECTOR = 0xfe0f;

/** A toned character: the modifier after the first code point, which loses its variation selector. */
function toned(character: string, modifierHex: string): string {
  const points = [...character].map((c) => c.codePointAt(0) ?? 0);
  const rest = points[1] === VARIATION_SELECTOR ? points.slice(2) : points.slice(1);
  return String.fromCodePoint(points[0], parseInt(modifierHex, 16), ...rest);
}

function readTable(): { list: StandardEmoji[]; byName: Map<string, string> } {
  const list: StandardEmoji[] = [];
  const byName = new Map<string, string>();
  for (const line of EMOJI_LINES.split('\n')) {
    const [category, character, names, tones] = line.split('\t');
    const emoji: StandardEmoji = { names: names.split(','), character, category: EMOJI_CATEGORIES[Number(category)] };
    list.push(emoji);
    for (const name of emoji.names) byName.set(name, character);
    if (tones === undefined) continue;
    const written = new Map(tones.split(' ').slice(1).map((entry) => entry.split('=') as [string, string]));
    for (const [hex, suffix] of TONES) {
      const variant = written.get(hex) ?? toned(character, hex);
      for (const name of emoji.names) byName.set(`${name}_${suffix}`, variant);
    }
  }
  return { list, byName };
}

const table = readTable();

/** Every standard emoji (without its skin-toned variants), in the picker's order. */
export const STANDARD_EMOJI_LIST: readonly StandardEmoji[] = table.list;

/** Name → character for every standard name, skin-toned ones included. */
export const EMOJI: ReadonlyMap<string, string> = table.byName;

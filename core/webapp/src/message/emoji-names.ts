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

interface Table {
  list: StandardEmoji[];
  /** Every standard name (skin tones aside) → its character. */
  byName: Map<string, string>;
  /** The tones an emoji takes, by each of its names: the line's tone column (the variants Unicode spells out). */
  tonesByName: Map<string, string>;
}

function readTable(): Table {
  const list: StandardEmoji[] = [];
  const byName = new Map<string, string>();
  const tonesByName = new Map<string, string>();
  for (const line of EMOJI_LINES.split('\n')) {
    const [category, character, names, tones] = line.split('\t');
    const emoji: StandardEmoji = { names: names.split(','), character, category: EMOJI_CATEGORIES[Number(category)] };
    list.push(emoji);
    for (const name of emoji.names) {
      byName.set(name, character);
      if (tones !== undefined) tonesByName.set(name, tones);
    }
  }
  return { list, byName, tonesByName };
}

// Read on first use, not when the app starts: the table is large, and a first page may show no emoji.
let table: Table | undefined;
const theTable = (): Table => (table ??= readTable());

// The shortest base name: `santa_medium_light_skin_tone` is santa in the medium-light tone.
const TONED_NAME = new RegExp(`^(.+?)_(${TONES.map(([, suffix]) => suffix).join('|')})$`);

/** Every standard emoji (without its skin-toned variants), in the picker's order. */
export function standardEmojiList(): readonly StandardEmoji[] {
  return theTable().list;
}

/** The character of a standard name (`smile`, `+1_light_skin_tone`), or undefined. */
export function emojiCharacter(name: string): string | undefined {
  const { byName, tonesByName } = theTable();
  const plain = byName.get(name);
  if (plain !== undefined) return plain;
  const [, baseName, suffix] = TONED_NAME.exec(name) ?? [];
  const tones = baseName === undefined ? undefined : tonesByName.get(baseName);
  if (tones === undefined) return undefined;
  const hex = TONES.find(([, toneSuffix]) => toneSuffix === suffix)![0];
  const written = tones.split(' ').slice(1).find((entry) => entry.startsWith(`${hex}=`));
  return written ? written.slice(hex.length + 1) : toned(byName.get(baseName)!, hex);
}

let allNames: readonly string[] | undefined;

/** Every standard name, skin-toned ones included (for autocomplete), made on first use. */
export function emojiNames(): readonly string[] {
  allNames ??= [...theTable().byName.keys()].flatMap((name) => (theTable().tonesByName.has(name) ? [name, ...TONES.map(([, suffix]) => `${name}_${suffix}`)] : [name]));
  return allNames;
}

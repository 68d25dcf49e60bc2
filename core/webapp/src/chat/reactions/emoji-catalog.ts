// What the emoji picker offers: every standard emoji of message/'s table once, in Mattermost's order
// (its first name is the one a reaction uses, the others are found by search), the server's custom emoji when it allows them, and
// the emoji I used last, remembered in this browser.
import type { CustomEmoji } from '@mattermost/types/emojis';
import { standardEmojiList } from '../../message/emoji-names.ts';
import { client } from '../../client.ts';
import { clientConfig } from '../client-config.ts';

export interface PickableEmoji {
  /** The name a reaction is stored under. */
  name: string;
  /** Every name it answers to in a search. */
  aliases: string[];
  /** The character, or '' for a custom emoji (shown from `imageUrl`). */
  character: string;
  imageUrl?: string;
}

/** How many recently used emoji are remembered (Mattermost keeps about as many). */
const RECENT_LIMIT = 20;
const CUSTOM_PAGE = 200;

let standard: PickableEmoji[] | undefined;

/** Every standard emoji as the picker offers it, made the first time the picker opens. */
export function standardEmoji(): PickableEmoji[] {
  standard ??= standardEmojiList().map((emoji) => ({ name: emoji.names[0], aliases: emoji.names, character: emoji.character }));
  return standard;
}

export function customEmojiPickable(emoji: CustomEmoji): PickableEmoji {
  return { name: emoji.name, aliases: [emoji.name], character: '', imageUrl: client.getCustomEmojiImageUrl(emoji.id) };
}

let customEnabled: Promise<boolean> | undefined;

/** Whether the server has custom emoji turned on (its client configuration's EnableCustomEmoji), asked once. */
export function customEmojiEnabled(): Promise<boolean> {
  customEnabled ??= clientConfig().then(
    (config) => String(config.EnableCustomEmoji) === 'true',
    () => false,
  );
  return customEnabled;
}

/** The server's custom emoji whose names start with `term` (the first page of all of them for ''). */
export async function findCustomEmoji(term: string): Promise<PickableEmoji[]> {
  if (!(await customEmojiEnabled())) return [];
  const found = term === '' ? await client.getCustomEmojis(0, CUSTOM_PAGE, 'name') : await client.autocompleteCustomEmoji(term);
  return found.map(customEmojiPickable);
}

function recentKey(userId: string): string {
  return `parley.recentEmoji.${userId}`;
}

/** The names of the emoji `userId` picked last, newest first. */
export function recentEmojiNames(userId: string): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(recentKey(userId)) ?? '[]');
    return Array.isArray(stored) ? stored.filter((name): name is string => typeof name === 'string').slice(0, RECENT_LIMIT) : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(userId: string, name: string): void {
  const names = [name, ...recentEmojiNames(userId).filter((n) => n !== name)].slice(0, RECENT_LIMIT);
  try {
    localStorage.setItem(recentKey(userId), JSON.stringify(names));
  } catch {
    // A full or blocked storage only loses the ordering.
  }
}

/** The emoji whose names contain `term`, those starting with it first; recent ones lead when `term` is empty. */
export function matchEmoji(all: PickableEmoji[], term: string, recent: string[]): PickableEmoji[] {
  const wanted = term.trim().toLowerCase().replace(/^:|:$/g, '');
  if (wanted === '') {
    const byName = new Map(all.flatMap((emoji) => emoji.aliases.map((alias) => [alias, emoji] as const)));
    const first = recent.map((name) => byName.get(name)).filter((emoji): emoji is PickableEmoji => emoji !== undefined);
    const seen = new Set(first);
    return [...first, ...all.filter((emoji) => !seen.has(emoji))];
  }
  const starts = all.filter((emoji) => emoji.aliases.some((alias) => alias.startsWith(wanted)));
  const contains = all.filter((emoji) => !starts.includes(emoji) && emoji.aliases.some((alias) => alias.includes(wanted)));
  return [...starts, ...contains];
}

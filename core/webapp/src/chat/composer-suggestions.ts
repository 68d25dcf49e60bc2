// What the composer suggests for the word at the cursor, as Mattermost's message box does:
// `@` people of the channel, `~` channels of the team, `:` emoji once two letters are typed (the
// built-in table and the server's custom emoji), and `/` commands at the very start (the server's
// suggestions, plugins' dynamic lists included).
import { client } from '../client.ts';
import { emojiCharacter, emojiNames } from '../message/emoji-names.ts';
import { clientConfig } from './client-config.ts';

/** The word being completed: what it starts with, where, and the text typed after the trigger. */
export interface SuggestionQuery {
  trigger: '@' | '~' | ':' | '/';
  /** Where the replaced text starts in the message. */
  start: number;
  /** What was typed after the trigger (for `/`, the whole command line so far, slash included). */
  term: string;
}

/** One suggestion: what the list shows, and the text that replaces the word when it is picked. */
export interface Suggestion {
  key: string;
  primary: string;
  secondary: string;
  /** '' for a line that only explains (a command's argument hint): it cannot be picked. */
  replacement: string;
}

const MAX_SUGGESTIONS = 20;
/** Mattermost starts suggesting emoji after two characters. */
const EMOJI_MIN_CHARS = 2;

/** The word before the cursor that has suggestions, if any. */
export function queryAt(text: string, caret: number): SuggestionQuery | undefined {
  const before = text.slice(0, caret);
  if (/^\/[^\s/]/.test(before) && !before.includes('\n')) return { trigger: '/', start: 0, term: before };
  const word = /(^|\s)([@~:])([^\s@~:]*)$/.exec(before);
  if (!word) return undefined;
  const trigger = word[2] as '@' | '~' | ':';
  const term = word[3];
  if (trigger === ':' && term.length < EMOJI_MIN_CHARS) return undefined;
  return { trigger, start: before.length - term.length - 1, term };
}

export async function suggestionsFor(query: SuggestionQuery, where: { teamId: string; channelId: string; rootId?: string }): Promise<Suggestion[]> {
  switch (query.trigger) {
    case '@': {
      const found = await client.autocompleteUsers(query.term, where.teamId, where.channelId, { limit: MAX_SUGGESTIONS });
      return [...found.users, ...(found.out_of_channel ?? [])].slice(0, MAX_SUGGESTIONS).map((user) => ({
        key: user.id,
        primary: `@${user.username}`,
        secondary: [`${user.first_name} ${user.last_name}`.trim(), user.nickname ? `(${user.nickname})` : ''].filter(Boolean).join(' '),
        replacement: `@${user.username} `,
      }));
    }
    case '~': {
      const channels = await client.autocompleteChannels(where.teamId, query.term);
      return channels.slice(0, MAX_SUGGESTIONS).map((channel) => ({ key: channel.id, primary: channel.display_name, secondary: `~${channel.name}`, replacement: `~${channel.name} ` }));
    }
    case ':':
      return emojiSuggestions(query.term.toLowerCase());
    case '/': {
      const found = await client.getCommandAutocompleteSuggestionsList(query.term, where.teamId, { channel_id: where.channelId, team_id: where.teamId, root_id: where.rootId ?? '' } as never);
      return found.map((s, index) => ({
        key: `${index}:${s.Complete}`,
        primary: `${s.Suggestion ? (query.term.includes(' ') ? s.Suggestion : `/${s.Suggestion}`) : ''}${s.Hint ? `${s.Suggestion ? ' ' : ''}${s.Hint}` : ''}`,
        secondary: s.Description,
        replacement: s.Suggestion ? `/${s.Complete}${s.Complete.endsWith(' ') ? '' : ' '}` : '',
      }));
    }
  }
}

async function emojiSuggestions(term: string): Promise<Suggestion[]> {
  const names = emojiNames();
  const ranked = [...names.filter((name) => name.startsWith(term)), ...names.filter((name) => !name.startsWith(term) && name.includes(term))];
  const builtIn = ranked.map((name) => ({ key: name, primary: `:${name}:`, secondary: emojiCharacter(name) ?? '', replacement: `:${name}: ` }));
  const config = await clientConfig().catch(() => ({}) as { EnableCustomEmoji?: string });
  const custom = config.EnableCustomEmoji === 'true' ? await client.autocompleteCustomEmoji(term).catch(() => []) : [];
  const customs = custom.map((emoji) => ({ key: `custom:${emoji.id}`, primary: `:${emoji.name}:`, secondary: 'custom emoji', replacement: `:${emoji.name}: ` }));
  return [...builtIn, ...customs].slice(0, MAX_SUGGESTIONS);
}

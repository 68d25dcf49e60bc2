// What the server reads out of a message's text: hashtags (stored for search) and @-mentions
// (for unread mention counts), with Mattermost's parsing rules.

/** Mattermost's longest message, in runes. */
export const MAX_MESSAGE_RUNES = 16383;
const MAX_HASHTAGS_LENGTH = 1000;

const PUNCTUATION_START = /^[^\p{L}\d\s#]+/u;
const PUNCTUATION_END = /[^\p{L}\d\s]+$/u;
const EXTRA_POUNDS = /^#{2,}/;
const VALID_HASHTAG = /^#\p{L}[\p{L}\d\-_.]*[\p{L}\d]$/u;

/** The message's hashtags, space-separated, as Mattermost's ParseHashtags stores them (at most 1000 characters). */
export function parseHashtags(message: string): string {
  const tags: string[] = [];
  for (const raw of message.split(/\s+/)) {
    const word = raw.replace(PUNCTUATION_START, '').replace(PUNCTUATION_END, '').replace(EXTRA_POUNDS, '#');
    if (VALID_HASHTAG.test(word)) tags.push(word);
  }
  let joined = tags.join(' ');
  if (joined.length > MAX_HASHTAGS_LENGTH) joined = joined.slice(0, joined.lastIndexOf(' ', MAX_HASHTAGS_LENGTH - 1));
  return joined;
}

/** Mattermost's post prop: the author's channel-wide mentions notify nobody (no use_channel_mentions). */
export const MENTION_HIGHLIGHT_DISABLED = 'mentionHighlightDisabled';

/** Special mentions that notify every member of the channel. */
const CHANNEL_WIDE = new Set(['channel', 'all', 'here']);
const MENTION = /(?:^|[^\p{L}\d_])@([a-z0-9.\-_]+)/giu;

export interface Mentions {
  /** Lower-cased names after @, with Mattermost's trailing-punctuation fallback applied by the caller. */
  names: Set<string>;
  /** @channel, @all or @here appeared. */
  channelWide: boolean;
}

/** The @-mentions in a message. Code spans and blocks are skipped, as they do not notify in Mattermost. */
export function parseMentions(message: string): Mentions {
  const text = message.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const names = new Set<string>();
  let channelWide = false;
  for (const match of text.matchAll(MENTION)) {
    const name = match[1].toLowerCase();
    // "@alice." or "@alice_" at the end of a sentence still mentions alice.
    const trimmed = name.replace(/[.\-_]+$/, '');
    if (CHANNEL_WIDE.has(name) || CHANNEL_WIDE.has(trimmed)) channelWide = true;
    names.add(name);
    if (trimmed) names.add(trimmed);
  }
  return { names, channelWide };
}

/** The message's length in Unicode code points (Mattermost counts runes, not UTF-16 units). */
export function runeCount(message: string): number {
  let count = 0;
  for (const _ of message) count++;
  return count;
}

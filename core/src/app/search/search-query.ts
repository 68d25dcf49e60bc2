// Mattermost's search box syntax, parsed as its model.ParseSearchParams does: words, "quoted
// phrases", trailing wildcards, -exclusions, #hashtags and the flags from:, in: (or channel:),
// ext:, before:, after: and on: — each flag also negated with a leading '-'.
import type { TextTerm } from '../../store/text-query.ts';
import { parseSearchDate, type SearchDate } from './search-dates.ts';
import { AppError } from '../../errors/app-error.ts';

export interface SearchQuery {
  terms: TextTerm[];
  excludedTerms: TextTerm[];
  /** Usernames, lower-cased, without '@'. */
  fromUsers: string[];
  excludedUsers: string[];
  /** Channel names as typed (`town-square`, `~town-square`, `@alice`, `@alice,bob`). */
  inChannels: string[];
  excludedChannels: string[];
  /** Lower-case file extensions without the dot. */
  extensions: string[];
  excludedExtensions: string[];
  after: SearchDate | null;
  before: SearchDate | null;
  on: SearchDate | null;
  excludedAfter: SearchDate | null;
  excludedBefore: SearchDate | null;
  excludedOn: SearchDate | null;
}

/** Longest search text accepted: far beyond anything typed, and it keeps the tsquery small. */
const MAX_SEARCH_TERMS_LENGTH = 4096;

const FLAGS = new Set(['from', 'in', 'channel', 'ext', 'before', 'after', 'on']);
// Surrounding punctuation is not part of a word, except a leading '#' (hashtags), a trailing '*'
// (wildcards) and quotes (handled by splitWords).
const PUNCTUATION_START = /^[^\p{L}\p{N}\s#"]+/u;
const PUNCTUATION_END = /[^\p{L}\p{N}\s*"]+$/u;
const EXTRA_POUNDS = /^#{2,}/;
const HASHTAG = /^#\p{L}[\p{L}\p{N}\-_.]*[\p{L}\p{N}]$/u;
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Parses the text of a search box; a malformed date is the only error. */
export function parseSearchQuery(text: string): SearchQuery {
  if (text.length > MAX_SEARCH_TERMS_LENGTH) {
    throw AppError.badRequest('api.post.search_posts.terms_too_long.app_error', `Search terms can be at most ${MAX_SEARCH_TERMS_LENGTH} characters long.`);
  }
  const query: SearchQuery = {
    terms: [],
    excludedTerms: [],
    fromUsers: [],
    excludedUsers: [],
    inChannels: [],
    excludedChannels: [],
    extensions: [],
    excludedExtensions: [],
    after: null,
    before: null,
    on: null,
    excludedAfter: null,
    excludedBefore: null,
    excludedOn: null,
  };
  // Control characters separate words (PostgreSQL text cannot even hold NUL).
  const words = splitWords(text.replace(/[\u0000-\u001f\u007f]/g, ' '));
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const flag = flagOf(word);
    if (flag) {
      // `from: alice` takes the next word as the value, as Mattermost does.
      let value = flag.value;
      if (value === '' && i + 1 < words.length) value = words[++i];
      if (value !== '') {
        addFlag(query, flag.name, value, flag.exclude);
        continue;
      }
    }
    const term = termOf(word);
    if (term) (term.exclude ? query.excludedTerms : query.terms).push(term.term);
  }
  return query;
}

/** Whether the query asks for anything at all (Mattermost returns nothing for an empty one). */
export function isEmptyQuery(query: SearchQuery): boolean {
  return (
    query.terms.length === 0 &&
    query.excludedTerms.length === 0 &&
    query.fromUsers.length === 0 &&
    query.excludedUsers.length === 0 &&
    query.inChannels.length === 0 &&
    query.excludedChannels.length === 0 &&
    query.extensions.length === 0 &&
    query.excludedExtensions.length === 0 &&
    [query.after, query.before, query.on, query.excludedAfter, query.excludedBefore, query.excludedOn].every((d) => d === null)
  );
}

/** Whitespace-separated words, a "quoted phrase" (or -"excluded phrase") kept as one word. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf('"');
    const close = open === -1 ? -1 : rest.indexOf('"', open + 1);
    if (close === -1) break;
    const start = open > 0 && rest[open - 1] === '-' ? open - 1 : open;
    words.push(...fields(rest.slice(0, start)), rest.slice(start, close + 1));
    rest = rest.slice(close + 1);
  }
  words.push(...fields(rest));
  return words;
}

function fields(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

function flagOf(word: string): { name: string; value: string; exclude: boolean } | null {
  const colon = word.indexOf(':');
  if (colon === -1) return null;
  const exclude = word.startsWith('-');
  const name = word.slice(exclude ? 1 : 0, colon).toLowerCase();
  return FLAGS.has(name) ? { name, value: word.slice(colon + 1), exclude } : null;
}

function addFlag(query: SearchQuery, name: string, value: string, exclude: boolean): void {
  switch (name) {
    case 'from': {
      const username = value.replace(/^@/, '').toLowerCase();
      (exclude ? query.excludedUsers : query.fromUsers).push(username);
      return;
    }
    case 'in':
    case 'channel':
      (exclude ? query.excludedChannels : query.inChannels).push(value);
      return;
    case 'ext': {
      const extension = value.replace(/^\./, '').toLowerCase();
      (exclude ? query.excludedExtensions : query.extensions).push(extension);
      return;
    }
    case 'after':
      query[exclude ? 'excludedAfter' : 'after'] = parseSearchDate(value);
      return;
    case 'before':
      query[exclude ? 'excludedBefore' : 'before'] = parseSearchDate(value);
      return;
    case 'on':
      query[exclude ? 'excludedOn' : 'on'] = parseSearchDate(value);
      return;
  }
}

function termOf(raw: string): { term: TextTerm; exclude: boolean } | null {
  const exclude = raw.startsWith('-');
  const word = raw.replace(PUNCTUATION_START, '').replace(PUNCTUATION_END, '').replace(EXTRA_POUNDS, '#');
  if (word.startsWith('"') && word.endsWith('"') && word.length >= 2) {
    const phrase = word.slice(1, -1).trim();
    // Inside quotes everything is literal: no wildcard, no hashtag.
    return HAS_WORD_CHARACTER.test(phrase) ? { term: { kind: 'phrase', text: phrase, prefix: false }, exclude } : null;
  }
  const bare = word.replace(/"/g, '');
  const prefix = bare.endsWith('*');
  const text = bare.replace(/\*+$/, '');
  // Words of punctuation alone match nothing in the index (Mattermost drops them too).
  if (!HAS_WORD_CHARACTER.test(text)) return null;
  const hashtag = HASHTAG.test(text) || (prefix && /^#\p{L}/u.test(text));
  return { term: { kind: hashtag ? 'hashtag' : 'word', text: hashtag ? text : text.replace(/^#+/, ''), prefix }, exclude };
}

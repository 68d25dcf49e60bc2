// Words for the capacity benchmark's messages and searches: the search corpus's Zipf-like
// vocabulary, so searches hit posts as often as they would in real chat.
import type { Random } from './capacity-random.ts';
import { corpusWord } from './search-corpus.ts';

const VOCABULARY = 20_000;

export function word(rng: Random): string {
  return corpusWord(Math.min(VOCABULARY, Math.floor(Math.exp(rng.next() * Math.log(VOCABULARY + 1)))) - 1);
}

/**
 * A message of load-test-ng's length: uniform between 1 and twice the average less one word,
 * the average being 35 words for a root post and 24 for a reply (their community-server figures).
 */
export function sentence(rng: Random, isReply: boolean): string {
  const average = isReply ? 24 : 35;
  const count = rng.between(1, average * 2 - 1);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(word(rng));
  return words.join(' ');
}

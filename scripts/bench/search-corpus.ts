// A synthetic message corpus for search: posts written straight into PostgreSQL with
// generate_series (a million in a couple of minutes), whose words follow a Zipf-like law as real
// chat does — a few words in most messages, a long tail each in a handful — spread over the given
// channels, authors and a span of days. The search benchmark and the query-plan test share it, so
// the plans are tested on the kind of data the figures are measured on.
import type pg from 'pg';

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v));

/**
 * The word of a frequency rank (0 = most common): pronounceable and distinct, the rank written in
 * base-70 syllables, offset so that every word has at least two.
 */
export function corpusWord(rank: number): string {
  let word = '';
  let rest = rank + SYLLABLES.length;
  while (rest > 0) {
    word += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  }
  return word;
}

export interface CorpusOptions {
  posts: number;
  channelIds: readonly string[];
  userIds: readonly string[];
  /** Distinct words; rank r is drawn with probability about 1 / ((r + 1) · ln(vocabulary)). */
  vocabulary?: number;
  /** The oldest post's create_at; posts are spread evenly from there over `days`. */
  startAt: number;
  days: number;
  /** Rows per INSERT statement (keeps each statement's memory bounded). */
  batch?: number;
}

const DEFAULT_VOCABULARY = 20_000;
/** Posts carry 3 to 22 words, 12.5 on average; one in fifty ends with a hashtag. */
const MIN_WORDS = 3;
const WORD_SPREAD = 20;

/**
 * Inserts `posts` root posts. Ids are md5-derived and unique per corpus position, so one database
 * can take several corpora only with distinct `startAt` values.
 */
export async function generateCorpus(db: pg.Client, options: CorpusOptions): Promise<void> {
  const vocabulary = options.vocabulary ?? DEFAULT_VOCABULARY;
  const batch = options.batch ?? 100_000;
  const spacing = (options.days * 86_400_000) / options.posts;
  // A keyed table, not an array parameter: subscripting a 20k-element array detoasts all of it per word.
  await db.query('create temporary table corpus_words (rank int primary key, word text not null)');
  await db.query('insert into corpus_words select rank, word from unnest($1::text[]) with ordinality as t(word, rank)', [
    Array.from({ length: vocabulary }, (_, rank) => corpusWord(rank)),
  ]);
  try {
    for (let from = 1; from <= options.posts; from += batch) {
      const to = Math.min(options.posts, from + batch - 1);
      // random() sits in a subquery correlated with g (through its row count), so it is drawn per
      // post and per word; `offset 0` keeps the draws apart from the join, which then looks each
      // drawn rank up by key. Ranks are 1-based here, as the table is.
      await db.query(
        `with drafts as (
           select g,
                  (select string_agg(cw.word, ' ')
                     from (select least($1::int, floor(exp(random() * ln($1::int + 1)))::int) as rank
                             from generate_series(1, ${MIN_WORDS} + (g::bigint * 7919) % ${WORD_SPREAD}) offset 0) drawn
                     join corpus_words cw on cw.rank = drawn.rank) as message,
                  case when g % 50 = 0 then '#' || (select word from corpus_words where rank = 1 + (g / 50) % 200) else '' end as hashtag
             from generate_series($2::int, $3::int) g
         )
         insert into posts (id, create_at, update_at, user_id, channel_id, message, props, hashtags, file_ids)
         select substr(md5($4 || ':' || g), 1, 26),
                $4::bigint + floor(g * $5::float8)::bigint, $4::bigint + floor(g * $5::float8)::bigint,
                ($6::text[])[1 + (g::bigint * 31) % array_length($6::text[], 1)],
                ($7::text[])[1 + (g::bigint * 17) % array_length($7::text[], 1)],
                concat_ws(' ', message, nullif(hashtag, '')), '{}', hashtag, '[]'
           from drafts`,
        [vocabulary, from, to, String(options.startAt), spacing, options.userIds, options.channelIds],
      );
    }
  } finally {
    await db.query('drop table corpus_words');
  }
}

// Many posts in one channel at once, written straight into the server's database in one statement
// (through the API, 10,000 posts would take minutes): for the long-channel browser suite and benchmark.
import { createHash } from 'node:crypto';
import pg from 'pg';

const MINUTE = 60_000;

export interface SeedOptions {
  /** Makes the ids: one seed per call into the same database. */
  seed: string;
  channelId: string;
  /** Two authors, alternating in runs of three (so some posts are grouped under one header). */
  authors: [string, string];
  count: number;
  /** The oldest post's time; the others follow a minute apart (a week of date separators for 10,000). */
  startAt: number;
}

/** The id `seedPosts` gives its `n`th post (0 = the oldest), md5-derived as the SQL derives it. */
export function seededPostId(seed: string, n: number): string {
  return createHash('md5').update(`${seed}:${n}`).digest('hex').slice(0, 26);
}

/** Inserts the posts (every seventh one three lines long, so heights vary) and the channel's counters. */
export async function seedPosts(databaseUrl: string, options: SeedOptions): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `insert into posts (id, create_at, update_at, user_id, channel_id, message, props, file_ids)
       select substr(md5($1 || ':' || g), 1, 26), $2::bigint + g * ${MINUTE}, $2::bigint + g * ${MINUTE},
              case when (g / 3) % 2 = 0 then $3 else $4 end, $5,
              'long post ' || g || case when g % 7 = 0 then E'\\nwith a second line\\nand a third' else '' end, '{}', '[]'
         from generate_series(0, $6::int - 1) g`,
      [options.seed, options.startAt, options.authors[0], options.authors[1], options.channelId, options.count],
    );
    const last = options.startAt + (options.count - 1) * MINUTE;
    await db.query(
      `update channels set total_msg_count = total_msg_count + $2, total_msg_count_root = total_msg_count_root + $2,
              last_post_at = greatest(last_post_at, $3), last_root_post_at = greatest(last_root_post_at, $3) where id = $1`,
      [options.channelId, options.count, last],
    );
  } finally {
    await db.end();
  }
}

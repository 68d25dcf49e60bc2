// Turns parsed search terms into a PostgreSQL tsquery expression. User text only ever reaches the
// database as a bound value: words and phrases through plainto_tsquery / phraseto_tsquery (which
// take plain text, so operators in it mean nothing), prefixes and hashtags as one quoted lexeme
// (quoteLexeme), and the terms are combined with SQL's tsquery operators (&&, ||, !!), never by
// pasting tsquery syntax together.

/** The text search configuration of posts.search_vector and the file-name index (m0006). */
const CONFIG = `'simple'::regconfig`;

/** Longer hashtags are not indexed as hashtags (m0006), and could not be cast to a lexeme. */
const MAX_HASHTAG_CHARACTERS = 510;

export interface TextTerm {
  /** 'hashtag' text includes its '#'. */
  kind: 'word' | 'phrase' | 'hashtag';
  text: string;
  /** A trailing `*`: any word starting with `text` (words and hashtags only). */
  prefix: boolean;
}

export interface TextQuery {
  terms: readonly TextTerm[];
  excluded: readonly TextTerm[];
  /** Any term suffices (Mattermost's is_or_search) instead of all of them. */
  anyTerm: boolean;
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Whether a text query constrains anything (an empty one must not reach the database). */
export function hasText(query: TextQuery): boolean {
  return query.terms.length > 0 || query.excluded.length > 0;
}

/**
 * The tsquery matching `query`. `plain` rewrites each term's text first (file names have their
 * separators turned into spaces on both sides of the match).
 */
export function tsqueryExpression(query: TextQuery, plain: (text: string) => string = (text) => text): SqlFragment {
  const params: unknown[] = [];
  const leaf = (term: TextTerm): string => {
    const text = plain(term.text);
    if (term.kind === 'hashtag' && text.length < MAX_HASHTAG_CHARACTERS) {
      // Hashtags are indexed verbatim ('#bug'); casting skips the parser, which would drop the '#'.
      params.push(quoteLexeme(text.toLowerCase(), term.prefix));
      return 'cast(? as tsquery)';
    }
    if (term.prefix) {
      params.push(quoteLexeme(text, true));
      return `to_tsquery(${CONFIG}, ?)`;
    }
    params.push(text);
    return term.kind === 'phrase' ? `phraseto_tsquery(${CONFIG}, ?)` : `plainto_tsquery(${CONFIG}, ?)`;
  };
  const parts: string[] = [];
  if (query.terms.length > 0) parts.push(`(${query.terms.map(leaf).join(query.anyTerm ? ' || ' : ' && ')})`);
  if (query.excluded.length > 0) parts.push(`!!(${query.excluded.map(leaf).join(' || ')})`);
  return { sql: parts.join(' && '), params };
}

/**
 * `text` as one quoted tsquery lexeme, optionally a prefix: inside single quotes every character
 * is literal once `'` is doubled and `\` escaped, so `&|!():*<>` in it are just characters.
 */
export function quoteLexeme(text: string, prefix: boolean): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

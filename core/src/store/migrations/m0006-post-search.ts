// Full-text search over posts and file names (Mattermost's database search, on PostgreSQL).
//
// posts.search_vector is a stored generated column, so PostgreSQL itself keeps it current on every
// insert, edit and delete: no trigger or application code can forget it. It holds the message's
// words under the 'simple' configuration (lower-cased, never stemmed, no stop words dropped: exact
// words in any language, phrases made of common words still match, and `deplo*` is how a user asks
// for variants) plus each hashtag as one verbatim lexeme ('#bug'), which the text parser could not
// produce (it drops '#'), so `#bug` finds the tag and not every "bug". A deleted post's vector is
// null, which takes it out of the index at once. A lexeme holds at most 2047 bytes and
// array_to_tsvector fails on longer ones, so hashtags of 510 characters or more (which could
// exceed that in UTF-8) are left out of the vector rather than failing the post.
//
// File names are searched through an expression index: the name with its separators turned into
// spaces, so "q3-report_final.pdf" is found by "report" and "q3*".
import { Migration } from '@mikro-orm/migrations';

export class PostSearch extends Migration {
  override name = '0006-post-search';

  override up(): void {
    this.addSql(`alter table "posts" add column "search_vector" tsvector generated always as (
      case when "delete_at" = 0 then
        to_tsvector('simple'::regconfig, "message")
        || array_to_tsvector(array_remove(string_to_array(regexp_replace(lower("hashtags"), '[^ ]{255}[^ ]{255}[^ ]*', '', 'g'), ' '), ''))
      end) stored;`);
    this.addSql(`create index "posts_search_vector_index" on "posts" using gin ("search_vector");`);
    this.addSql(`create index "file_infos_name_search_index" on "file_infos" using gin ((to_tsvector('simple'::regconfig, translate("name", '._-', '   '))));`);
  }
}

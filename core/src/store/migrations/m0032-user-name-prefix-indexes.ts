// Indexes for finding people by the start of a name (autocomplete on every keystroke, user search):
// the term matches the start of the username, nickname, first or last name, or the email, each
// lower-cased, with LIKE 'term%'. Without them every such lookup walks every user (tens of
// milliseconds at 20,000 users, on every keystroke); with them PostgreSQL combines index ranges of
// the matching names. text_pattern_ops compares bytes, so the ranges are right whatever the
// database's collation (a plain index serves LIKE prefixes only under the C collation).
import { Migration } from '@mikro-orm/migrations';

/** The index of each name a term may match, by the expression the search compares. */
export const USER_NAME_PREFIX_INDEXES: Record<string, string> = {
  users_username_prefix: 'username',
  users_nickname_prefix: 'lower(nickname)',
  users_first_name_prefix: 'lower(first_name)',
  users_last_name_prefix: 'lower(last_name)',
  users_email_prefix: 'email',
};

export class UserNamePrefixIndexes extends Migration {
  override name = '0032-user-name-prefix-indexes';

  override up(): void {
    for (const [index, expression] of Object.entries(USER_NAME_PREFIX_INDEXES)) {
      this.addSql(`create index "${index}" on "users" ((${expression}) text_pattern_ops);`);
    }
  }
}

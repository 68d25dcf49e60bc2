// Email invitations (Mattermost's Tokens table, guest_invitation type): the token in an invitation
// link, what it grants (team, channels, the address it was sent to) and when it was made; a token
// signs up one account and is then gone, and it is worth nothing after 48 hours.
import { Migration } from '@mikro-orm/migrations';

export class InvitationTokens extends Migration {
  override name = '0020-invitation-tokens';

  override up(): void {
    this.addSql(`create table "invitation_tokens" ("token" varchar(64) not null, "type" varchar(64) not null, "extra" jsonb not null, "create_at" bigint not null, primary key ("token"));`);
    this.addSql(`create index "invitation_tokens_create_at_index" on "invitation_tokens" ("create_at");`);
  }
}

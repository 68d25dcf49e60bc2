// Switching an account's sign-in method (Mattermost's POST /users/login/switch): a sign-in under
// way may be the switch of an existing email account to its provider, which the provider's answer
// then links instead of signing someone in; and group-constrained teams and channels
// (Mattermost's Team.GroupConstrained, Channel.GroupConstrained), whose members are those of their
// linked directory groups.
import { Migration } from '@mikro-orm/migrations';

export class SignInSwitch extends Migration {
  override name = '0021-sign-in-switch';

  override up(): void {
    this.addSql(`alter table "sso_login_states" add column "switch_user_id" varchar(26) null;`);
    this.addSql(`alter table "teams" add column "group_constrained" boolean not null default false;`);
    this.addSql(`alter table "channels" add column "group_constrained" boolean not null default false;`);
  }
}

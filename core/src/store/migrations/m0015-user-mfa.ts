// Multi-factor authentication (TOTP) on accounts, as Mattermost keeps it on its Users table: whether
// it is on, the shared secret (sealed with the server's key, never stored in the clear; while MFA is
// off it is the secret being set up) and the last time step a code was accepted for, so that no code
// is accepted twice.
import { Migration } from '@mikro-orm/migrations';

export class UserMfa extends Migration {
  override name = '0015-user-mfa';

  override up(): void {
    this.addSql(`alter table "users" add column "mfa_active" boolean not null default false, add column "mfa_secret" text not null default '', add column "mfa_last_time_step" bigint not null default 0;`);
  }
}

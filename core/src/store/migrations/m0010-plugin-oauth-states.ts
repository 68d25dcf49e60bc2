// OAuth 2.0 connections plugins start for their users (api.oauth): the state of each authorization
// under way, kept by the server — bound to the plugin and the user, used once, short-lived — with
// the PKCE verifier that never leaves the server.
import { Migration } from '@mikro-orm/migrations';

export class PluginOAuthStates extends Migration {
  override name = '0010-plugin-oauth-states';

  override up(): void {
    this.addSql(`create table "plugin_oauth_states" ("state" varchar(64) not null, "plugin_id" varchar(190) not null, "user_id" varchar(26) not null, "code_verifier" varchar(128) not null, "redirect_uri" text not null, "token_url" text not null, "data" jsonb not null, "expire_at" bigint not null, primary key ("state"));`);
    this.addSql(`create index "plugin_oauth_states_expire_at_index" on "plugin_oauth_states" ("expire_at");`);
  }
}

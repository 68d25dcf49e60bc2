// Channel moderation (Mattermost's channel scheme, as the System Console edits it): which moderated
// permissions (create_post, create_reactions, manage_members, use_channel_mentions) a channel takes
// away from its members and its guests. Null, as for every channel until an admin moderates it,
// takes nothing away.
import { Migration } from '@mikro-orm/migrations';

export class ChannelModerations extends Migration {
  override name = '0031-channel-moderations';

  override up(): void {
    this.addSql(`alter table "channels" add column "moderated_off" jsonb null;`);
  }
}

// Files: the tiny JPEG Mattermost sends as `mini_preview` (a blurred placeholder shown while an
// image loads), and an index for listing a channel's files.
import { Migration } from '@mikro-orm/migrations';

export class Files extends Migration {
  override name = '0005-files';

  override up(): void {
    this.addSql(`alter table "file_infos" add column "mini_preview" bytea null;`);
    this.addSql(`create index "file_infos_channel_id_index" on "file_infos" ("channel_id");`);
  }
}

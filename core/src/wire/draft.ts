// Mattermost's Draft JSON, both ways.
import type { Draft as WireDraft } from '@mattermost/types/drafts';
import type { FileInfo as WireFileInfo } from '@mattermost/types/files';
import type { PostPriorityMetadata } from '@mattermost/types/posts';
import type { DraftInput } from '../app/draft-service.ts';
import type { DraftView } from '../app/draft-view.ts';
import { toWireFileInfo } from './file-info.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** A draft as Mattermost sends it: its waiting files in metadata, the priority only when set. */
export function toWireDraft({ draft, files }: DraftView): WireDraft {
  return {
    create_at: draft.createAt,
    update_at: draft.updateAt,
    delete_at: 0,
    user_id: draft.userId,
    channel_id: draft.channelId,
    root_id: draft.rootId,
    message: draft.message,
    props: draft.props,
    file_ids: draft.fileIds,
    ...(draft.priority ? { priority: draft.priority as PostPriorityMetadata } : {}),
    ...(files.length > 0 ? { metadata: { files: files.map((f) => toWireFileInfo(f) as unknown as WireFileInfo) } as WireDraft['metadata'] } : {}),
  };
}

/** POST /drafts: the author is the caller, whatever `user_id` says. */
export function decodeDraft(body: unknown, refuse: Refusal = paramRefusal): DraftInput {
  const fields = JsonFields.of(body, 'draft', refuse);
  return {
    channelId: fields.id('channel_id'),
    rootId: fields.optionalId('root_id'),
    message: fields.string('message'),
    props: fields.object('props'),
    fileIds: fields.stringList('file_ids', { maxItems: 10 }),
    priority: fields.has('priority') ? fields.object('priority') : null,
  };
}

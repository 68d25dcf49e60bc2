// Mattermost's FileInfo JSON.
import type { FileInfo } from '../store/entities/file-info.ts';

export function toWireFileInfo(file: FileInfo): Record<string, unknown> {
  return {
    id: file.id,
    user_id: file.creatorId,
    post_id: file.postId,
    channel_id: file.channelId,
    create_at: file.createAt,
    update_at: file.updateAt,
    delete_at: file.deleteAt,
    name: file.name,
    extension: file.extension,
    size: file.size,
    mime_type: file.mimeType,
    width: file.width,
    height: file.height,
    has_preview_image: file.hasPreviewImage,
    ...(file.miniPreview ? { mini_preview: file.miniPreview.toString('base64') } : {}),
    archived: false,
  };
}

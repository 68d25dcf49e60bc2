import { defineEntity, p } from '@mikro-orm/core';

// Files are uploaded unattached (post_id '') and attached when a post names them in file_ids.
const FileInfoSchema = defineEntity({
  name: 'FileInfo',
  tableName: 'file_infos',
  properties: {
    id: p.string().length(26).primary(),
    creatorId: p.string().length(26).index(),
    postId: p.string().length(26).default('').index(),
    channelId: p.string().length(26).default(''),
    createAt: p.bigint('number'),
    updateAt: p.bigint('number'),
    deleteAt: p.bigint('number').default(0),
    path: p.string().length(512),
    thumbnailPath: p.string().length(512).default(''),
    previewPath: p.string().length(512).default(''),
    name: p.string().length(256),
    extension: p.string().length(64).default(''),
    size: p.bigint('number'),
    mimeType: p.string().length(256).default(''),
    width: p.integer().default(0),
    height: p.integer().default(0),
    hasPreviewImage: p.boolean().default(false),
    miniPreview: p.blob().nullable(),
  },
});

export class FileInfo extends FileInfoSchema.class {}
FileInfoSchema.setClass(FileInfo);
export { FileInfoSchema };

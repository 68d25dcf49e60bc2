// Files: uploads are received into a spool directory (never into memory), shown to plugins,
// stored with their image derivatives through the configured FileStore, and then served to
// whoever may read them: the uploader until a post names the file, then the readers of the
// post's channel; a file uploaded for a channel bookmark, the readers of its channel.
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { FileInfo } from '../store/entities/file-info.ts';
import type { HookContext, PluginHooks } from './plugin-hooks.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { isValidId, newId } from './ids.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostService } from './post-service.ts';
import type { FileSource, FileStore } from './file-store/file-store.ts';
import { createFileStore } from './file-store/create-file-store.ts';
import { cleanFileName, fileExtension, isRasterImage, mimeTypeOf } from './file-types.ts';
import { readImageFacts, renderDerivatives } from './image-previews.ts';

export interface FileDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  hooks: PluginHooks;
  permissions: PermissionService;
  posts: PostService;
  /** Root of what the server keeps locally: uploads are spooled under it. */
  dataDir: string;
}

/** What receiving an upload's form calls back into, part by part, as the request streams in. */
export interface UploadSink {
  maxFileBytes: number;
  /** The error for a file over maxFileBytes. */
  tooLarge: (part: { filename: string }) => AppError;
  onField: (name: string, value: string) => void;
  /** Where a file part's bytes go, or null to drop the part. */
  onFile: (part: { field: string; filename: string }) => Promise<Writable | null>;
}

export interface UploadInput {
  /** `?channel_id=`; otherwise the form's channel_id field, which must come before the files. */
  channelId: string | undefined;
  /** `?bookmark=true`: the files are for channel bookmarks (BOOKMARK_FILE_OWNER), not for a post. */
  forBookmark: boolean;
  ctx: HookContext;
  /** Reads the request's form into the sink; resolves once the whole body is read. */
  receive: (sink: UploadSink) => Promise<void>;
}

export interface UploadResult {
  files: FileInfo[];
  clientIds: string[];
}

export type FileVariant = 'file' | 'thumbnail' | 'preview';

export interface FileContent {
  info: FileInfo;
  body: Readable;
  /** The type of the bytes served: the file's own, or JPEG for thumbnails and previews. */
  mimeType: string;
}

/**
 * The creator Mattermost records for a file uploaded for a channel bookmark (POST /files?bookmark=true):
 * no user's, so no post can take it, and it is the channel's to read.
 */
export const BOOKMARK_FILE_OWNER = 'bookmark';

/** The form field Mattermost's clients send files in. */
const FILES_FIELD = 'files';
/** One request carries at most as many files as one post may hold. */
const MAX_FILES_PER_UPLOAD = 10;
/** A spooled upload untouched this long was abandoned by a crash. */
const STALE_SPOOL_MS = 60 * 60 * 1000;
/** Object names stay well inside every file system's 255-byte limit. */
const MAX_KEY_NAME_BYTES = 200;

interface Received {
  filename: string;
  spoolFile: string;
}

export class FileService {
  #deps: FileDeps;
  #driver: { settings: string; store: FileStore } | undefined;
  #spoolReady: Promise<void> | undefined;

  constructor(deps: FileDeps) {
    this.#deps = deps;
  }

  /** The store FileSettings currently name (rebuilt when they change). */
  fileStore(): FileStore {
    const config = this.#deps.config.get();
    const settings = JSON.stringify(config.FileSettings);
    if (this.#driver?.settings !== settings) this.#driver = { settings, store: createFileStore(config, this.#deps.dataDir) };
    return this.#driver.store;
  }

  /** POST /files: every file of the form, stored and recorded, or none of them. */
  async upload(actor: Actor, input: UploadInput): Promise<UploadResult> {
    const maxBytes = this.#deps.config.get().FileSettings.MaxFileSize;
    const spool = path.join(this.#deps.dataDir, 'tmp', 'uploads');
    const received: Received[] = [];
    const clientIds: string[] = [];
    let channelId = input.channelId ?? '';
    let channel: Channel | undefined;
    try {
      this.#spoolReady ??= prepareSpool(spool, this.#deps.logger).catch((err: unknown) => {
        this.#spoolReady = undefined; // try again on the next upload
        throw err;
      });
      await this.#spoolReady;
      await input.receive({
        maxFileBytes: maxBytes,
        tooLarge: (part) => fileTooLarge(part.filename, maxBytes),
        onField: (name, value) => {
          if (name === 'client_ids') clientIds.push(value);
          if (name !== 'channel_id' || value === '') return;
          if (channelId !== '' && channelId !== value) {
            throw AppError.badRequest('api.file.upload_file.multiple_channel_ids.app_error', 'Unable to upload files: the request names more than one channel.');
          }
          channelId = value;
        },
        onFile: async (part) => {
          if (part.field !== FILES_FIELD) return null;
          channel ??= await this.#uploadChannel(actor, channelId);
          if (received.length >= MAX_FILES_PER_UPLOAD) throw AppError.invalidParam(FILES_FIELD, `at most ${MAX_FILES_PER_UPLOAD} files per request`);
          const spoolFile = path.join(spool, newId());
          received.push({ filename: part.filename, spoolFile });
          return createWriteStream(spoolFile, { flags: 'wx' });
        },
      });
      if (!channel) throw AppError.invalidParam(FILES_FIELD, 'the request has no file');
      if (clientIds.length > 0 && clientIds.length !== received.length) {
        throw AppError.badRequest('api.file.upload_file.incorrect_number_of_client_ids.app_error', `Unable to upload files: ${clientIds.length} client_ids for ${received.length} files.`);
      }
      const files: FileInfo[] = [];
      const creatorId = input.forBookmark ? BOOKMARK_FILE_OWNER : actor.userId;
      for (const file of received) files.push(await this.#vetted(creatorId, channel, file, input.ctx));
      return { files: await this.#save(channel, files, received), clientIds };
    } finally {
      await Promise.all(received.map((r) => rm(r.spoolFile, { force: true })));
    }
  }

  /** GET /files/{id}/info. */
  async info(actor: Actor, fileId: string): Promise<FileInfo> {
    return this.#readable(actor, fileId);
  }

  /** GET /files/{id}, /thumbnail and /preview: the bytes, after the same access check as the info. */
  async content(actor: Actor, fileId: string, variant: FileVariant): Promise<FileContent> {
    return this.contentOf(await this.#readable(actor, fileId), variant);
  }

  /** The bytes of a file whoever asks has already been let read (a public link's holder). */
  async contentOf(info: FileInfo, variant: FileVariant): Promise<FileContent> {
    let key = info.path;
    if (variant === 'thumbnail') {
      if (!info.thumbnailPath) throw AppError.badRequest('api.file.get_file_thumbnail.no_thumbnail.app_error', 'The file has no thumbnail image.');
      key = info.thumbnailPath;
    } else if (variant === 'preview') {
      if (!info.previewPath) throw AppError.badRequest('api.file.get_file_preview.no_preview.app_error', 'The file has no preview image.');
      key = info.previewPath;
    }
    const body = await this.fileStore().read(key);
    if (!body) throw new AppError('api.file.read_file.missing.app_error', 404, 'The file is recorded but missing from the file store.', { details: `file_id=${info.id}` });
    return { info, body, mimeType: variant === 'file' ? info.mimeType : 'image/jpeg' };
  }

  /** GET /posts/{id}/files/info: the live files of a post the caller may read. */
  async forPost(actor: Actor, postId: string): Promise<FileInfo[]> {
    await this.#deps.posts.readable(actor, postId);
    return this.#deps.store.posts.findFiles([postId]);
  }

  async #uploadChannel(actor: Actor, channelId: string): Promise<Channel> {
    if (channelId === '') throw AppError.invalidParam('channel_id', 'give it in the query or as a form field before the files');
    if (!isValidId(channelId)) throw AppError.invalidParam('channel_id', 'must be a 26-character id');
    await this.#deps.permissions.requireChannel(actor, channelId, 'upload_file');
    const channel = await this.#deps.store.channels.findById(channelId);
    if (!channel) throw AppError.forbidden('upload_file');
    if (channel.deleteAt > 0) throw AppError.badRequest('api.file.upload_file.archived_channel.app_error', 'Unable to upload files to an archived channel.');
    return channel;
  }

  /** The file info of one received file, after the plugins had their say. */
  async #vetted(creatorId: string, channel: Channel, file: Received, ctx: HookContext): Promise<FileInfo> {
    const name = cleanFileName(file.filename);
    if (name === '') throw AppError.invalidParam('filename', 'each file needs a name');
    const now = Date.now();
    const draft = {
      id: newId(),
      creatorId,
      postId: '',
      channelId: channel.id,
      createAt: now,
      updateAt: now,
      deleteAt: 0,
      path: '',
      thumbnailPath: '',
      previewPath: '',
      size: (await stat(file.spoolFile)).size,
      ...(await this.#describe(name, file.spoolFile)),
      miniPreview: null,
    } as FileInfo;
    const verdict = await this.#deps.hooks.fileWillBeUploaded(ctx, draft);
    if ('rejected' in verdict) {
      throw new AppError('api.file.upload_file.rejected_by_plugin.app_error', 403, `Unable to upload file ${name}. Rejected by plugin: ${verdict.rejected}`, {
        details: `plugin_id=${verdict.pluginId}`,
      });
    }
    // A rename can change what the file is taken for (its type, whether it is an image).
    if (verdict.file.name === name) return draft;
    return { ...draft, ...(await this.#describe(verdict.file.name, file.spoolFile)) } as FileInfo;
  }

  /** What the name and, for pictures, the header say: Mattermost's extension, type and dimensions. */
  async #describe(name: string, spoolFile: string): Promise<Pick<FileInfo, 'name' | 'extension' | 'mimeType' | 'width' | 'height' | 'hasPreviewImage'>> {
    const mimeType = mimeTypeOf(name);
    const facts = isRasterImage(mimeType) ? await readImageFacts(spoolFile) : null;
    if (facts) {
      const limit = this.#deps.config.get().FileSettings.MaxImageResolution;
      if (facts.width * facts.height > limit) {
        throw AppError.badRequest(
          'api.file.upload_file.large_image_detailed.app_error',
          `${name} dimensions (${facts.width} by ${facts.height} pixels) exceed the limit of ${limit} pixels.`,
        );
      }
    }
    return {
      name,
      extension: fileExtension(name),
      mimeType,
      width: facts?.width ?? 0,
      height: facts?.height ?? 0,
      hasPreviewImage: facts !== null && !facts.animated,
    };
  }

  /** Writes every file (and its derivatives) to the store, then records them; undoes the writes if anything fails. */
  async #save(channel: Channel, files: FileInfo[], received: Received[]): Promise<FileInfo[]> {
    const store = this.fileStore();
    const written: string[] = [];
    const put = async (key: string, source: FileSource) => {
      written.push(key);
      await store.write(key, source);
    };
    try {
      for (const [index, file] of files.entries()) {
        const dir = `${datePrefix(file.createAt)}/teams/${channel.teamId || 'noteam'}/channels/${channel.id}/users/${file.creatorId}/${file.id}`;
        file.path = `${dir}/${keyName(file.name)}`;
        await put(file.path, { file: received[index].spoolFile, size: file.size });
        if (!file.width) continue;
        const images = await renderDerivatives(received[index].spoolFile).catch((err: unknown) => {
          // A picture whose header reads but whose pixels do not is kept as a plain file, as Mattermost does.
          this.#deps.logger.warn('could not render the previews of an uploaded image', { file_id: file.id, err });
          return null;
        });
        if (!images) {
          file.hasPreviewImage = false;
          continue;
        }
        const base = keyName(file.extension ? file.name.slice(0, -(file.extension.length + 1)) : file.name);
        file.thumbnailPath = `${dir}/${base}_thumb.jpg`;
        file.previewPath = `${dir}/${base}_preview.jpg`;
        file.miniPreview = images.miniPreview;
        await put(file.thumbnailPath, images.thumbnail);
        await put(file.previewPath, images.preview);
      }
      await this.#deps.store.fileInfos.insertMany(files);
      return files;
    } catch (err) {
      await Promise.all(
        written.map((key) => store.remove(key).catch((cause: unknown) => this.#deps.logger.warn('could not remove a file of a failed upload', { key, err: cause }))),
      );
      throw err;
    }
  }

  async #readable(actor: Actor, fileId: string): Promise<FileInfo> {
    const info = await this.#deps.store.fileInfos.findLive(fileId);
    if (!info) throw AppError.notFound('file_info', fileId);
    if (info.postId === '' && info.creatorId === BOOKMARK_FILE_OWNER) {
      await this.#deps.permissions.requireReadChannel(actor, info.channelId, 'read_channel_content');
    } else if (info.postId === '') {
      if (info.creatorId !== actor.userId) throw AppError.forbidden('read_channel_content');
    } else {
      await this.#deps.posts.readable(actor, info.postId);
    }
    return info;
  }
}

/**
 * Creates the spool directory and removes what a crash left there: files nothing has written to for
 * an hour (an upload in progress, even in another process, keeps touching its file).
 */
async function prepareSpool(spool: string, logger: Logger): Promise<void> {
  await mkdir(spool, { recursive: true });
  const cutoff = Date.now() - STALE_SPOOL_MS;
  for (const name of await readdir(spool)) {
    const file = path.join(spool, name);
    try {
      if ((await stat(file)).mtimeMs < cutoff) await rm(file, { force: true });
    } catch (err) {
      logger.warn('could not clean up an abandoned upload', { file, err });
    }
  }
}

/** Mattermost's error for a file over FileSettings.MaxFileSize. */
function fileTooLarge(name: string, limit: number): AppError {
  return new AppError('api.file.upload_file.too_large_detailed.app_error', 413, `Unable to upload file ${cleanFileName(name)}: it is larger than the limit of ${limit} bytes.`, {
    details: 'FileSettings.MaxFileSize',
  });
}

/** Mattermost's first path segment: the upload's day, YYYYMMDD (UTC). */
function datePrefix(at: number): string {
  return new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The name an object is stored under: the file's name cut to a size every file system accepts. */
function keyName(name: string): string {
  let out = '';
  for (const char of name) {
    if (Buffer.byteLength(out + char) > MAX_KEY_NAME_BYTES) break;
    out += char;
  }
  return out || 'file';
}

// Public file links (FileSettings.EnablePublicLink): a member who can read a posted file gets a link
// anyone can download it with, `<site>/files/{id}/public?h=<hash>`. The hash is Mattermost's,
// base64url(SHA-256(salt + file id)), so links keep working for a team that brings its
// PublicLinkSalt over from Mattermost; changing the salt revokes every link at once.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConfigService } from '../config/config-service.ts';
import type { Store } from '../store/store.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { FileContent, FileService } from './file-service.ts';

/** The `systems` row of the salt the server made, used while FileSettings.PublicLinkSalt is empty. */
const SALT_NAME = 'PublicLinkSalt';

export interface PublicFileLinkDeps {
  store: Store;
  config: ConfigService;
  files: FileService;
}

export class PublicFileLinks {
  #deps: PublicFileLinkDeps;
  #generatedSalt: Promise<string> | undefined;

  constructor(deps: PublicFileLinkDeps) {
    this.#deps = deps;
  }

  /** GET /files/{id}/link: for a file the caller may read that a post holds. */
  async link(actor: Actor, fileId: string, siteUrl: string): Promise<string> {
    this.#requireEnabled();
    const info = await this.#deps.files.info(actor, fileId);
    if (info.postId === '') {
      throw new AppError('api.file.get_public_link.no_post.app_error', 400, 'A public link can only be made for a file attached to a post.', { details: `file_id=${fileId}` });
    }
    return `${siteUrl}/files/${fileId}/public?h=${await this.#hash(fileId)}`;
  }

  /** GET /files/{id}/public?h=: the file, to anyone holding its link while links are enabled. */
  async content(fileId: string, hash: string): Promise<FileContent> {
    this.#requireEnabled();
    const info = await this.#deps.store.fileInfos.findLive(fileId);
    if (!info) throw AppError.notFound('file_info', fileId);
    const expected = Buffer.from(await this.#hash(fileId));
    const given = Buffer.from(hash);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw AppError.badRequest('api.file.get_file.public_invalid.app_error', 'The public link does not appear to be valid.');
    }
    return this.#deps.files.contentOf(info, 'file');
  }

  #requireEnabled(): void {
    if (!this.#deps.config.get().FileSettings.EnablePublicLink) {
      throw new AppError('api.file.get_public_link.disabled.app_error', 403, 'Public links have been disabled (FileSettings.EnablePublicLink).');
    }
  }

  async #hash(fileId: string): Promise<string> {
    const salt = this.#deps.config.get().FileSettings.PublicLinkSalt || (await this.#serverSalt());
    return createHash('sha256').update(salt + fileId).digest('base64url');
  }

  /** Made once by the first node that needs it and shared through `systems`. */
  #serverSalt(): Promise<string> {
    this.#generatedSalt ??= this.#deps.store.systems.getOrCreate(SALT_NAME, randomBytes(24).toString('base64url')).catch((err: unknown) => {
      this.#generatedSalt = undefined;
      throw err;
    });
    return this.#generatedSalt;
  }
}

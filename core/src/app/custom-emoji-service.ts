// Custom emoji (ServiceSettings.EnableCustomEmoji): pictures users add under a name of their own,
// usable in messages and reactions like the standard ones. Mattermost's rules: a lowercase name of
// letters, digits, `_`, `-` and `+` that no standard or live custom emoji has; a GIF, PNG or JPEG of
// at most 1 MiB and 1028 pixels a side, stored at most 128 pixels a side (animations stay animated).
// Anyone with create_emojis (system or in one of their teams) may add one; its creator or someone
// with delete_others_emojis may delete it.
import { loadSharp } from './sharp-loader.ts';
import type { ConfigService } from '../config/config-service.ts';
import type { Repositories } from '../store/store.ts';
import type { CustomEmoji } from '../store/emoji-repository.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { AppEvents } from './app-events.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { newId } from './ids.ts';
import type { PermissionService } from './permission-service.ts';
import type { FileStore } from './file-store/file-store.ts';
import { readAll, storedImageType } from './image-bytes.ts';
import { readImageFacts } from './image-previews.ts';
import { isSystemEmojiName } from './system-emoji.ts';

export interface CustomEmojiDeps {
  store: Repositories;
  config: ConfigService;
  events: AppEvents;
  permissions: PermissionService;
  fileStore: () => FileStore;
}

/** POST /emoji: the `emoji` form field, and the picture's bytes from the `image` field. */
export interface NewEmojiInput {
  name: string;
  creatorId: string;
  description: string;
}

/** Mattermost's MaxEmojiFileSize. */
export const MAX_EMOJI_BYTES = 1 << 20;
const STORED_SIDE = 128;
const MAX_ORIGINAL_SIDE = 1028;
const EMOJI_NAME = /^[a-z0-9_+-]{1,64}$/;
/** Search answers at most Mattermost's PerPageMaximum; autocomplete its EmojiMaxAutocompleteItems. */
const SEARCH_LIMIT = 200;
const AUTOCOMPLETE_LIMIT = 100;
/** Most names one POST /emoji/names may ask about. */
export const MAX_EMOJI_NAMES = 200;
const ACCEPTED_FORMATS = new Set(['gif', 'png', 'jpeg']);

export class CustomEmojiService {
  #deps: CustomEmojiDeps;

  constructor(deps: CustomEmojiDeps) {
    this.#deps = deps;
  }

  /** Adds an emoji as the caller; its picture is stored before its row, so a saved emoji always has one. */
  async create(actor: Actor, input: NewEmojiInput, image: Buffer | null): Promise<CustomEmoji> {
    this.#requireEnabled(501);
    await this.#requireAnywhere(actor, 'create_emojis');
    const name = checkEmojiName(input.name);
    if (input.creatorId !== actor.userId) throw new AppError('api.emoji.create.other_user.app_error', 403, 'You can only add custom emoji as yourself.');
    if (await this.#deps.store.emoji.findLiveByName(name)) throw duplicateName(name);
    if (!image) throw AppError.invalidParam('image', 'the form has no image file');
    const stored = await storableImage(image);
    const now = Date.now();
    const emoji: CustomEmoji = { id: newId(), createAt: now, updateAt: now, deleteAt: 0, creatorId: actor.userId, name, description: input.description };
    const store = this.#deps.fileStore();
    await store.write(imagePath(emoji.id), stored);
    try {
      await this.#deps.store.emoji.insert(emoji);
    } catch (err) {
      await store.remove(imagePath(emoji.id));
      // Two requests for the same new name: the second loses at the unique index.
      throw err instanceof UniqueViolation ? duplicateName(name) : err;
    }
    this.#deps.events.publish({ event: 'emoji_added', subject: { kind: 'emoji', emoji }, broadcast: {} });
    return emoji;
  }

  list(options: { offset: number; limit: number; byName: boolean }): Promise<CustomEmoji[]> {
    this.#requireEnabled(501);
    return this.#deps.store.emoji.list(options);
  }

  async get(emojiId: string, disabledStatus: 403 | 501 = 501): Promise<CustomEmoji> {
    this.#requireEnabled(disabledStatus);
    const emoji = await this.#deps.store.emoji.findLive(emojiId);
    if (!emoji) throw new AppError('app.emoji.get.no_result', 404, 'No custom emoji has that id.', { details: `emoji_id=${emojiId}` });
    return emoji;
  }

  async getByName(name: string): Promise<CustomEmoji> {
    this.#requireEnabled(403);
    const emoji = await this.#deps.store.emoji.findLiveByName(name);
    if (!emoji) throw new AppError('app.emoji.get_by_name.no_result', 404, 'No custom emoji has that name.', { details: `name=${name}` });
    return emoji;
  }

  getByNames(names: readonly string[]): Promise<CustomEmoji[]> {
    this.#requireEnabled(403);
    return this.#deps.store.emoji.findLiveByNames(names);
  }

  /** The stored picture and its type. */
  async image(emojiId: string): Promise<{ bytes: Buffer; mimeType: string }> {
    const emoji = await this.get(emojiId);
    const stream = await this.#deps.fileStore().read(imagePath(emoji.id));
    if (!stream) throw new AppError('api.emoji.get_image.read.app_error', 404, 'The custom emoji is recorded but its picture is missing from the file store.', { details: `emoji_id=${emojiId}` });
    const bytes = await readAll(stream);
    return { bytes, mimeType: storedImageType(bytes) };
  }

  /** POST /emoji/search (`prefix_only`) and GET /emoji/autocomplete (always by prefix). */
  search(term: string, options: { prefixOnly: boolean; autocomplete?: boolean }): Promise<CustomEmoji[]> {
    this.#requireEnabled(403);
    return this.#deps.store.emoji.search(term, { prefixOnly: options.prefixOnly, limit: options.autocomplete ? AUTOCOMPLETE_LIMIT : SEARCH_LIMIT });
  }

  /** Deletes an emoji (delete_emojis; someone else's also needs delete_others_emojis) and its picture. */
  async delete(actor: Actor, emojiId: string): Promise<void> {
    const emoji = await this.get(emojiId, 403);
    await this.#requireAnywhere(actor, 'delete_emojis');
    if (emoji.creatorId !== actor.userId) await this.#requireAnywhere(actor, 'delete_others_emojis');
    if (!(await this.#deps.store.emoji.markDeleted(emoji.id, Date.now()))) {
      throw new AppError('app.emoji.delete.no_results', 404, 'No custom emoji has that id.', { details: `emoji_id=${emojiId}` });
    }
    await this.#deps.fileStore().remove(imagePath(emoji.id));
  }

  /** Emoji are server-wide, but Mattermost lets a team role grant their permissions too. */
  async #requireAnywhere(actor: Actor, permission: string): Promise<void> {
    if (this.#deps.permissions.hasSystem(actor, permission)) return;
    for (const teamId of await this.#deps.store.teams.teamIdsOfUser(actor.userId)) {
      if (await this.#deps.permissions.hasTeam(actor, teamId, permission)) return;
    }
    throw AppError.forbidden(permission);
  }

  #requireEnabled(status: 403 | 501): void {
    if (!this.#deps.config.get().ServiceSettings.EnableCustomEmoji) {
      throw new AppError('api.emoji.disabled.app_error', status, 'Custom emoji are turned off on this server (ServiceSettings.EnableCustomEmoji).');
    }
  }
}

function checkEmojiName(name: string): string {
  if (!EMOJI_NAME.test(name)) {
    throw AppError.badRequest('model.emoji.name.app_error', 'An emoji name is 1 to 64 lowercase letters, digits, "_", "-" or "+".', `name=${name}`);
  }
  if (isSystemEmojiName(name)) throw AppError.badRequest('model.emoji.system_emoji_name.app_error', `"${name}" is the name of a standard emoji.`, `name=${name}`);
  return name;
}

function duplicateName(name: string): AppError {
  return AppError.badRequest('api.emoji.create.duplicate.app_error', `A custom emoji named "${name}" already exists.`, `name=${name}`);
}

/** The bytes to store: the picture as sent when small enough, else scaled to fit 128 pixels a side. */
async function storableImage(bytes: Buffer): Promise<Buffer> {
  const facts = await readImageFacts(bytes);
  if (!facts || !ACCEPTED_FORMATS.has(facts.format)) {
    throw AppError.badRequest('api.emoji.upload.image.app_error', 'A custom emoji must be a GIF, PNG or JPEG picture.');
  }
  if (facts.width > MAX_ORIGINAL_SIDE || facts.height > MAX_ORIGINAL_SIDE) {
    throw AppError.badRequest('api.emoji.upload.large_image.too_large.app_error', `A custom emoji picture may be at most ${MAX_ORIGINAL_SIDE} by ${MAX_ORIGINAL_SIDE} pixels.`);
  }
  if (facts.width <= STORED_SIDE && facts.height <= STORED_SIDE) return bytes;
  const sharp = await loadSharp();
  try {
    const animated = facts.format === 'gif';
    const resized = sharp(bytes, { animated }).resize(STORED_SIDE, STORED_SIDE, { fit: 'inside' });
    return await (animated ? resized.gif() : resized.png()).toBuffer();
  } catch (err) {
    throw new AppError('api.emoji.upload.large_image.decode_error', 400, 'The custom emoji picture could not be read.', { cause: err });
  }
}

/** Mattermost's key for an emoji's picture. */
function imagePath(emojiId: string): string {
  return `emoji/${emojiId}/image`;
}

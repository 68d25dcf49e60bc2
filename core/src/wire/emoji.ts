// Mattermost's custom Emoji JSON, and the bodies that create and look emoji up.
import type { CustomEmoji as WireEmoji } from '@mattermost/types/emojis';
import type { CustomEmoji } from '../store/emoji-repository.ts';
import { MAX_EMOJI_NAMES, type NewEmojiInput } from '../app/custom-emoji-service.ts';
import { JsonFields, decodeStringList, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's Emoji (the server sends no category; @mattermost/types adds it on the client). */
export function toWireEmoji(emoji: CustomEmoji): Omit<WireEmoji, 'category'> & { description: string } {
  return {
    id: emoji.id,
    create_at: emoji.createAt,
    update_at: emoji.updateAt,
    delete_at: emoji.deleteAt,
    creator_id: emoji.creatorId,
    name: emoji.name,
    description: emoji.description,
  };
}

/** The `emoji` form field of POST /emoji, a JSON string. */
export function decodeNewEmoji(field: string | undefined, refuse: Refusal = paramRefusal): NewEmojiInput {
  if (field === undefined) throw refuse('emoji', 'the form has no emoji field');
  let body: unknown;
  try {
    body = JSON.parse(field);
  } catch {
    throw refuse('emoji', 'must be the emoji as JSON');
  }
  const fields = JsonFields.of(body, 'emoji', refuse);
  return { name: fields.string('name'), creatorId: fields.string('creator_id', { max: 26 }), description: fields.string('description', { max: 1024 }) };
}

/** POST /emoji/search: `{term, prefix_only}`. */
export function decodeEmojiSearch(body: unknown, refuse: Refusal = paramRefusal): { term: string; prefixOnly: boolean } {
  const fields = JsonFields.of(body, 'term', refuse);
  const term = fields.string('term', { max: 64 });
  if (term === '') throw refuse('term', 'is required');
  return { term, prefixOnly: fields.boolean('prefix_only') };
}

/** POST /emoji/names: a JSON array of names. */
export function decodeEmojiNames(body: unknown, refuse: Refusal = paramRefusal): string[] {
  return decodeStringList(body, 'names', { maxItems: MAX_EMOJI_NAMES }, refuse);
}

// Custom emoji: Mattermost's /emoji routes (create from a multipart form, list, look up by id or
// name, the picture, search and autocomplete, delete).
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, ok, paging, requireActor, stringQuery } from '../context.ts';
import { readImageForm } from '../multipart-image.ts';
import { AppError } from '../../errors/app-error.ts';
import { MAX_EMOJI_BYTES } from '../../app/custom-emoji-service.ts';
import { decodeEmojiNames, decodeEmojiSearch, decodeNewEmoji, toWireEmoji } from '../../wire/emoji.ts';

/** The picture never changes under its id. */
const IMAGE_CACHE_SECONDS = 30 * 24 * 60 * 60;

export function emojiRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const emoji = services.emoji;

  api.post('/emoji', async (ctx) => {
    const actor = requireActor(ctx);
    const form = await readImageForm(ctx, {
      field: 'image',
      maxBytes: MAX_EMOJI_BYTES,
      tooLarge: () => new AppError('api.emoji.create.too_large.app_error', 413, `A custom emoji picture may be at most ${MAX_EMOJI_BYTES} bytes.`),
    });
    const created = await emoji.create(actor, decodeNewEmoji(form.fields.emoji), form.image);
    ctx.body = toWireEmoji(created);
  });

  api.get('/emoji', async (ctx) => {
    requireActor(ctx);
    const sort = stringQuery(ctx, 'sort') ?? '';
    if (sort !== '' && sort !== 'name') throw AppError.invalidParam('sort', 'must be name or empty');
    const { offset, perPage } = paging(ctx);
    ctx.body = (await emoji.list({ offset, limit: perPage, byName: sort === 'name' })).map(toWireEmoji);
  });

  api.post('/emoji/names', async (ctx) => {
    requireActor(ctx);
    ctx.body = (await emoji.getByNames(decodeEmojiNames(ctx.state.body))).map(toWireEmoji);
  });

  api.post('/emoji/search', async (ctx) => {
    requireActor(ctx);
    const { term, prefixOnly } = decodeEmojiSearch(ctx.state.body);
    ctx.body = (await emoji.search(term, { prefixOnly })).map(toWireEmoji);
  });

  api.get('/emoji/autocomplete', async (ctx) => {
    requireActor(ctx);
    const name = stringQuery(ctx, 'name') ?? '';
    if (name === '') throw AppError.invalidParam('name', 'is required');
    ctx.body = (await emoji.search(name, { prefixOnly: true, autocomplete: true })).map(toWireEmoji);
  });

  api.get('/emoji/name/:emoji_name', async (ctx) => {
    requireActor(ctx);
    ctx.body = toWireEmoji(await emoji.getByName(ctx.params.emoji_name));
  });

  api.get('/emoji/:emoji_id', async (ctx) => {
    requireActor(ctx);
    ctx.body = toWireEmoji(await emoji.get(idParam(ctx, 'emoji_id')));
  });

  api.get('/emoji/:emoji_id/image', async (ctx) => {
    requireActor(ctx);
    const { bytes, mimeType } = await emoji.image(idParam(ctx, 'emoji_id'));
    ctx.set('Cache-Control', `max-age=${IMAGE_CACHE_SECONDS}, private`);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = mimeType;
    ctx.body = bytes;
  });

  api.delete('/emoji/:emoji_id', async (ctx) => {
    await emoji.delete(requireActor(ctx), idParam(ctx, 'emoji_id'));
    ok(ctx);
  });
}

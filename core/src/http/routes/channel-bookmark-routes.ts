// Channel bookmarks, Mattermost's routes (9.5+): list (with bookmarks_since), create, patch, delete
// and move. The bookmark service decides who may; `Connection-Id` names the caller's own
// WebSocket connection, which is not sent the change.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { connectionId, idParam, intQuery, requireActor } from '../context.ts';
import {
  decodeChannelBookmarkPatch,
  decodeChannelBookmarkSortOrder,
  decodeNewChannelBookmark,
  toWireChannelBookmark,
  toWireChannelBookmarkUpdate,
} from '../../wire/channel-bookmark.ts';

export function channelBookmarkRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const bookmarks = services.bookmarks;

  api.get('/channels/:channel_id/bookmarks', async (ctx) => {
    const list = await bookmarks.list(requireActor(ctx), idParam(ctx, 'channel_id'), intQuery(ctx, 'bookmarks_since', 0));
    ctx.body = list.map(toWireChannelBookmark);
  });

  api.post('/channels/:channel_id/bookmarks', async (ctx) => {
    const view = await bookmarks.create(requireActor(ctx), idParam(ctx, 'channel_id'), decodeNewChannelBookmark(ctx.state.body), connectionId(ctx));
    ctx.status = 201;
    ctx.body = toWireChannelBookmark(view);
  });

  api.patch('/channels/:channel_id/bookmarks/:bookmark_id', async (ctx) => {
    const [channelId, bookmarkId] = [idParam(ctx, 'channel_id'), idParam(ctx, 'bookmark_id')];
    const update = await bookmarks.update(requireActor(ctx), channelId, bookmarkId, decodeChannelBookmarkPatch(ctx.state.body), connectionId(ctx));
    ctx.body = toWireChannelBookmarkUpdate(update);
  });

  api.delete('/channels/:channel_id/bookmarks/:bookmark_id', async (ctx) => {
    const view = await bookmarks.delete(requireActor(ctx), idParam(ctx, 'channel_id'), idParam(ctx, 'bookmark_id'), connectionId(ctx));
    ctx.body = toWireChannelBookmark(view);
  });

  api.post('/channels/:channel_id/bookmarks/:bookmark_id/sort_order', async (ctx) => {
    const [channelId, bookmarkId] = [idParam(ctx, 'channel_id'), idParam(ctx, 'bookmark_id')];
    const list = await bookmarks.move(requireActor(ctx), channelId, bookmarkId, decodeChannelBookmarkSortOrder(ctx.state.body), connectionId(ctx));
    ctx.body = list.map(toWireChannelBookmark);
  });
}

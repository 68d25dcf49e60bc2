// Search: Mattermost's POST /posts/search and /files/search, in one team or across all of them,
// with its SearchParameter body and its PostSearchResults / FileInfoList answers.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, requireActor, type ParleyContext } from '../context.ts';
import { decodeSearchParams } from '../../wire/search.ts';
import { toWireFileInfo } from '../../wire/file-info.ts';
import { toWirePostList } from '../../wire/post.ts';

export function searchRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { search } = services;

  for (const [path, team] of [['/posts/search', false], ['/teams/:team_id/posts/search', true]] as const) {
    api.post(path, async (ctx) => {
      const actor = requireActor(ctx);
      const teamId = team ? idParam(ctx, 'team_id') : null;
      const results = await search.posts(actor, teamId, decodeSearchParams(ctx.state.body));
      noStore(ctx);
      ctx.body = { ...toWirePostList(results), matches: Object.fromEntries(results.matches) };
    });
  }

  for (const [path, team] of [['/files/search', false], ['/teams/:team_id/files/search', true]] as const) {
    api.post(path, async (ctx) => {
      const actor = requireActor(ctx);
      const teamId = team ? idParam(ctx, 'team_id') : null;
      const files = await search.files(actor, teamId, decodeSearchParams(ctx.state.body));
      noStore(ctx);
      ctx.body = {
        order: files.map((f) => f.id),
        file_infos: Object.fromEntries(files.map((f) => [f.id, toWireFileInfo(f)])),
        next_file_info_id: '',
        prev_file_info_id: '',
      };
    });
  }
}

/** Search results are personal and change with every post: never cached (as Mattermost). */
function noStore(ctx: ParleyContext): void {
  ctx.set('Cache-Control', 'no-cache, no-store, must-revalidate');
}

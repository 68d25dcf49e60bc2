// Slash commands: POST /commands/execute runs a command any plugin registered (built-in and custom
// commands come from the prepackaged parley.slash-commands plugin, which serves the rest of
// /api/v4/commands); the team's autocomplete list and suggestions come from the same registry.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, objectBody, requireActor, stringQuery, type ParleyContext } from '../context.ts';
import { hookContext } from '../hook-context.ts';

export function commandRoutes(api: ApiRouter, { pluginRuntime, config }: RouteDeps): void {
  /** ServiceSettings.SiteURL, else the address this request reached (Mattermost's GetSiteURL fallback). */
  const siteUrl = (ctx: ParleyContext) => config.get().ServiceSettings.SiteURL.replace(/\/+$/, '') || `${ctx.protocol}://${ctx.host}`;

  api.post('/commands/execute', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = await pluginRuntime.commandRunner.execute(actor, objectBody(ctx), hookContext(ctx), siteUrl(ctx));
  });

  api.get('/teams/:team_id/commands/autocomplete', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = await pluginRuntime.commandRunner.autocomplete(actor, idParam(ctx, 'team_id'));
  });

  api.get('/teams/:team_id/commands/autocomplete_suggestions', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = await pluginRuntime.commandRunner.suggestions(actor, idParam(ctx, 'team_id'), stringQuery(ctx, 'user_input') ?? '');
  });
}

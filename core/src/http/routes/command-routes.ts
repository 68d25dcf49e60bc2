// Slash commands: POST /commands/execute runs a command any plugin registered (built-in and custom
// commands come from the prepackaged parley.slash-commands plugin, which serves the rest of
// /api/v4/commands); the team's autocomplete list and suggestions come from the same registry.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, objectBody, requireActor, stringQuery, type ParleyContext } from '../context.ts';
import { hookContext } from '../hook-context.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';

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
    const userInput = stringQuery(ctx, 'user_input') ?? '';
    if (userInput === '') throw AppError.invalidParam('user_input', 'what the user typed after the slash is required');
    const where = { userInput, channelId: optionalIdQuery(ctx, 'channel_id'), rootId: optionalIdQuery(ctx, 'root_id') };
    ctx.body = await pluginRuntime.commandRunner.suggestions(actor, idParam(ctx, 'team_id'), where, hookContext(ctx), siteUrl(ctx));
  });
}

/** A query parameter that is an id or absent ('' when absent). */
function optionalIdQuery(ctx: ParleyContext, name: string): string {
  const value = stringQuery(ctx, name) ?? '';
  if (value !== '' && !isValidId(value)) throw AppError.invalidParam(name, 'must be a 26-character id');
  return value;
}

// Slash commands handled by plugins: POST /commands/execute and the team's autocomplete list.
// (Custom slash commands with outgoing URLs are not served here.)
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, objectBody, requireSession } from '../context.ts';
import { hookContext } from '../hook-context.ts';

export function commandRoutes(api: ApiRouter, { pluginRuntime }: RouteDeps): void {
  api.post('/commands/execute', async (ctx) => {
    const session = requireSession(ctx);
    ctx.body = await pluginRuntime.commandRunner.execute(session, objectBody(ctx), hookContext(ctx));
  });

  api.get('/teams/:team_id/commands/autocomplete', async (ctx) => {
    const session = requireSession(ctx);
    ctx.body = await pluginRuntime.commandRunner.autocomplete(session, idParam(ctx, 'team_id'));
  });
}

import type { HookContext } from '../app/plugin-hooks.ts';
import type { ParleyContext } from './context.ts';

/** Mattermost's plugin.Context for hooks triggered by this request. */
export function hookContext(ctx: ParleyContext): HookContext {
  return {
    sessionId: ctx.state.session?.id,
    requestId: ctx.state.requestId,
    ipAddress: ctx.ip,
    userAgent: ctx.get('User-Agent'),
  };
}

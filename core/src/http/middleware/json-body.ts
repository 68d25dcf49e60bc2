// Reads JSON request bodies with a size limit (ServiceSettings.MaximumPayloadSizeBytes). Other
// content types are left unread for routes that stream them (file uploads, plugin bundles).
import type { Next } from 'koa';
import type { ConfigService } from '../../config/config-service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { ParleyContext } from '../context.ts';
import { readTextBody } from '../read-text-body.ts';
import { jsonInputProblem } from '@parley/plugin-api';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function jsonBody(config: ConfigService) {
  return async function readJsonBody(ctx: ParleyContext, next: Next): Promise<void> {
    if (!METHODS_WITH_BODY.has(ctx.method) || !isJson(ctx.get('Content-Type'))) return next();
    const text = await readTextBody(ctx, config.get().ServiceSettings.MaximumPayloadSizeBytes);
    if (text.trim() !== '') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new AppError('api.context.invalid_body_param.app_error', 400, 'The request body is not valid JSON.', {
          details: (err as Error).message,
        });
      }
      const problem = jsonInputProblem(body);
      if (problem) throw new AppError('api.context.invalid_body_param.app_error', 400, `The request body ${problem}.`);
      ctx.state.body = body;
    }
    return next();
  };
}

// Mattermost treats a missing Content-Type as JSON; so do we.
function isJson(contentType: string): boolean {
  return contentType === '' || /^application\/(.+\+)?json\b/i.test(contentType) || /^text\/plain\b/i.test(contentType);
}

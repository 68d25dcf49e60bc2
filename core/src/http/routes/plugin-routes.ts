// /plugins: Mattermost's plugin management API for system admins — upload (with an optional
// signature) or install from a URL, the marketplace, list, statuses, enable, disable, remove.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, intQuery, objectBody, ok, requireActor, stringQuery, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { readMultipartFile } from '../multipart-file.ts';
import { bundleTooLarge } from '../../plugins/bundle-reader.ts';

const PLUGIN_ID = /^[a-zA-Z0-9-_.]{3,190}$/;

export function pluginRoutes(api: ApiRouter, { services, plugins, marketplace }: RouteDeps): void {
  const requireAdmin = (ctx: ParleyContext) => services.permissions.requireSystem(requireActor(ctx), 'manage_system');
  const pluginId = (ctx: ParleyContext) => {
    const id = ctx.params.plugin_id;
    if (!PLUGIN_ID.test(id)) throw AppError.invalidParam('plugin_id', 'must be a plugin id');
    return id.toLowerCase();
  };

  api.post('/plugins', async (ctx) => {
    requireAdmin(ctx);
    const manifest = await plugins.install(async (file, maxBytes) => {
      const { fields, fileReceived } = await readMultipartFile(ctx.req, ctx.get('Content-Type'), {
        field: 'plugin',
        dest: file,
        maxFileBytes: maxBytes,
        tooLarge: () => bundleTooLarge(maxBytes),
      });
      if (!fileReceived) throw AppError.invalidParam('plugin', 'the request has no plugin file');
      return { force: fields.force === 'true', signature: fields.signature };
    });
    ctx.status = 201;
    ctx.body = manifest;
  });

  api.post('/plugins/install_from_url', async (ctx) => {
    requireAdmin(ctx);
    const url = stringQuery(ctx, 'plugin_download_url');
    if (!url) throw AppError.invalidParam('plugin_download_url');
    ctx.status = 201;
    ctx.body = await plugins.installFromUrl(url, boolQuery(ctx, 'force'));
  });

  api.get('/plugins/marketplace', async (ctx) => {
    requireAdmin(ctx);
    ctx.body = await marketplace.list({
      filter: stringQuery(ctx, 'filter') ?? '',
      localOnly: boolQuery(ctx, 'local_only'),
      remoteOnly: boolQuery(ctx, 'remote_only'),
      page: intQuery(ctx, 'page', 0),
      // Mattermost's clients ask for everything; -1 says so explicitly.
      perPage: ctx.query.per_page === '-1' ? -1 : intQuery(ctx, 'per_page', -1),
    });
  });

  api.post('/plugins/marketplace', async (ctx) => {
    requireAdmin(ctx);
    const body = objectBody(ctx);
    if (typeof body.id !== 'string' || !PLUGIN_ID.test(body.id)) throw AppError.invalidParam('id', 'must be a plugin id');
    if (body.version !== undefined && typeof body.version !== 'string') throw AppError.invalidParam('version', 'must be a version string');
    ctx.body = await marketplace.install(body.id.toLowerCase(), body.version ?? '');
  });

  api.get('/plugins', (ctx) => {
    requireAdmin(ctx);
    ctx.body = plugins.list();
  });

  api.get('/plugins/statuses', (ctx) => {
    requireAdmin(ctx);
    ctx.body = plugins.statuses();
  });

  api.post('/plugins/:plugin_id/enable', async (ctx) => {
    requireAdmin(ctx);
    await plugins.enable(pluginId(ctx));
    ok(ctx);
  });

  api.post('/plugins/:plugin_id/disable', async (ctx) => {
    requireAdmin(ctx);
    await plugins.disable(pluginId(ctx));
    ok(ctx);
  });

  api.delete('/plugins/:plugin_id', async (ctx) => {
    requireAdmin(ctx);
    await plugins.remove(pluginId(ctx));
    ok(ctx);
  });
}

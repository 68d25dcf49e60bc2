// /plugins: Mattermost's plugin management API — upload (with an optional signature) or install
// from a URL, the marketplace, list, statuses, enable, disable, remove. Who may do what is the
// management services' decision (plugins/management).
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, intQuery, objectBody, ok, requireActor, stringQuery, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { readMultipartFile } from '../multipart-file.ts';
import { PLUGIN_ID } from '../../wire/plugin-id.ts';

export function pluginRoutes(api: ApiRouter, { plugins, marketplace, firstAdminSetup }: RouteDeps): void {
  const pluginId = (ctx: ParleyContext) => {
    const id = ctx.params.plugin_id;
    if (!PLUGIN_ID.test(id)) throw AppError.invalidParam('plugin_id', 'must be a plugin id');
    return id.toLowerCase();
  };

  api.post('/plugins', async (ctx) => {
    const actor = requireActor(ctx);
    // The bundle is received into the staging folder the service gives, which goes when the request does.
    await using staged = await plugins.stageUpload(actor);
    const form = { field: 'plugin', dest: staged.bundleFile, maxFileBytes: staged.maxBytes, tooLarge: () => staged.tooLarge() };
    const { fields, fileReceived } = await readMultipartFile(ctx.req, ctx.get('Content-Type'), form);
    if (!fileReceived) throw AppError.invalidParam('plugin', 'the request has no plugin file');
    ctx.body = await plugins.installUpload(actor, staged, { force: fields.force === 'true', signature: fields.signature });
    ctx.status = 201;
  });

  api.post('/plugins/install_from_url', async (ctx) => {
    const url = stringQuery(ctx, 'plugin_download_url');
    if (!url) throw AppError.invalidParam('plugin_download_url');
    ctx.body = await plugins.installFromUrl(requireActor(ctx), url, boolQuery(ctx, 'force'));
    ctx.status = 201;
  });

  api.get('/plugins/marketplace', async (ctx) => {
    ctx.body = await marketplace.list(requireActor(ctx), {
      filter: stringQuery(ctx, 'filter') ?? '',
      localOnly: boolQuery(ctx, 'local_only'),
      remoteOnly: boolQuery(ctx, 'remote_only'),
      page: intQuery(ctx, 'page', 0),
      // Mattermost's clients ask for everything; -1 says so explicitly.
      perPage: ctx.query.per_page === '-1' ? -1 : intQuery(ctx, 'per_page', -1),
    });
  });

  api.post('/plugins/marketplace', async (ctx) => {
    const body = objectBody(ctx);
    if (typeof body.id !== 'string' || !PLUGIN_ID.test(body.id)) throw AppError.invalidParam('id', 'must be a plugin id');
    if (body.version !== undefined && typeof body.version !== 'string') throw AppError.invalidParam('version', 'must be a version string');
    ctx.body = await marketplace.install(requireActor(ctx), body.id.toLowerCase(), body.version ?? '');
  });

  api.get('/plugins/marketplace/first_admin_visit', async (ctx) => {
    ctx.body = await firstAdminSetup.marketplaceVisited(requireActor(ctx));
  });

  api.post('/plugins/marketplace/first_admin_visit', async (ctx) => {
    await firstAdminSetup.markMarketplaceVisited(requireActor(ctx));
    ok(ctx);
  });

  api.get('/plugins', (ctx) => {
    ctx.body = plugins.list(requireActor(ctx));
  });

  // Mattermost's clients load the web app bundles this lists into their page; Parley runs no plugin
  // code in the user's page, so there are none (plugins show UI through GET /plugins/ui instead).
  api.get('/plugins/webapp', (ctx) => {
    requireActor(ctx);
    ctx.body = [];
  });

  api.get('/plugins/ui', (ctx) => {
    requireActor(ctx);
    ctx.body = plugins.uiContracts();
  });

  api.get('/plugins/statuses', (ctx) => {
    ctx.body = plugins.statuses(requireActor(ctx));
  });

  api.post('/plugins/:plugin_id/enable', async (ctx) => {
    await plugins.enable(requireActor(ctx), pluginId(ctx));
    ok(ctx);
  });

  api.post('/plugins/:plugin_id/disable', async (ctx) => {
    await plugins.disable(requireActor(ctx), pluginId(ctx));
    ok(ctx);
  });

  api.delete('/plugins/:plugin_id', async (ctx) => {
    // Parley's addition: ?remove_data=true deletes the plugin's SQL schema and its keys with it.
    await plugins.remove(requireActor(ctx), pluginId(ctx), { removeData: boolQuery(ctx, 'remove_data', false) });
    ok(ctx);
  });
}

// The System Console's marketplace (Mattermost's GET/POST /api/v4/plugins/marketplace): plugins of
// the remote marketplace at PluginSettings.MarketplaceURL compatible with this server, merged with
// the plugins installed here (each item says its installed_version), and the one-click install of
// one of them, signature-checked before it is unpacked.
//
// Egress: MarketplaceURL is set by an administrator, and Mattermost trusts it (its marketplace client
// is built with trustURLs). Its origin is reached as configured, on http or a private address alike,
// because a self-hosted marketplace on the LAN of an air-gapped site is a core use case. Trust stops at
// that origin: a download_url the remote catalogue hands out for another origin, and any redirect to
// another origin, get the full policy of bundle downloads (no internal address unless
// AllowedUntrustedInternalConnections allows it, no http unless AllowInsecureDownloadURL).
import semver from 'semver';
import type { Manifest } from '@parley/plugin-api';
import type { MarketplacePlugin } from '@parley/marketplace';
import type { ConfigService } from '../../config/config-service.ts';
import { AppError } from '../../errors/app-error.ts';
import { SERVER_VERSION } from '../../version.ts';
import { EgressError, outboundRequest, readBody } from '../../egress/outbound-http.ts';
import { downloadPolicy } from './bundle-download.ts';
import type { Actor } from '../../app/actor.ts';
import type { PermissionService } from '../../app/permission-service.ts';
import type { InstalledPlugins } from '../runtime/installed-plugins.ts';
import { READ_PLUGINS, WRITE_PLUGINS, type PluginService } from './plugin-service.ts';

export interface MarketplaceQuery {
  filter: string;
  localOnly: boolean;
  remoteOnly: boolean;
  page: number;
  perPage: number;
}

/** An item as Mattermost's server lists it: the marketplace's fields plus what is installed here. */
export type MarketplaceItem = Omit<MarketplacePlugin, 'manifest'> & { manifest: Manifest; installed_version: string };

const CATALOGUE_TIMEOUT_MS = 15_000;
const CATALOGUE_REDIRECTS = 3;
/** A catalogue is JSON metadata: even thousands of plugins stay far below this. */
const MAX_CATALOGUE_BYTES = 20 * 1024 * 1024;

export interface MarketplaceDeps {
  config: ConfigService;
  permissions: Pick<PermissionService, 'requireSystem'>;
  registry: Pick<InstalledPlugins, 'get' | 'list'>;
  plugins: Pick<PluginService, 'installFromMarketplace'>;
}

export class PluginMarketplace {
  #config: ConfigService;
  #permissions: Pick<PermissionService, 'requireSystem'>;
  #registry: Pick<InstalledPlugins, 'get' | 'list'>;
  #plugins: Pick<PluginService, 'installFromMarketplace'>;

  constructor(deps: MarketplaceDeps) {
    this.#config = deps.config;
    this.#permissions = deps.permissions;
    this.#registry = deps.registry;
    this.#plugins = deps.plugins;
  }

  /** For actors granted READ_PLUGINS (Mattermost's rule). */
  async list(actor: Actor, query: MarketplaceQuery): Promise<MarketplaceItem[]> {
    this.#permissions.requireSystem(actor, READ_PLUGINS);
    this.#requireMarketplace();
    const remote = query.localOnly || !this.#remoteUrl() ? [] : await this.#fetchCatalogue({ filter: query.filter });
    const items = remote.map((item) => this.#withInstalled(item));
    if (!query.remoteOnly) {
      const listed = new Set(items.map((item) => item.manifest.id));
      for (const { manifest } of this.#registry.list()) {
        if (!listed.has(manifest.id) && matches(manifest, query.filter)) items.push(this.#withInstalled(localItem(manifest)));
      }
    }
    items.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name) || a.manifest.id.localeCompare(b.manifest.id));
    return query.perPage < 0 ? items : items.slice(query.page * query.perPage, (query.page + 1) * query.perPage);
  }

  /**
   * Installs `version` of `id` (the newest compatible when empty) from the remote marketplace, and
   * enables it; for actors granted WRITE_PLUGINS.
   */
  async install(actor: Actor, id: string, version: string): Promise<Manifest> {
    this.#permissions.requireSystem(actor, WRITE_PLUGINS);
    this.#requireMarketplace();
    const base = this.#remoteUrl();
    if (!base) {
      throw AppError.badRequest('app.plugin.marketplace_disabled.app_error', 'There is no remote marketplace to install from: set PluginSettings.MarketplaceURL and EnableRemoteMarketplace.');
    }
    const versions = (await this.#fetchCatalogue({ plugin_id: id, return_all_versions: 'true' })).filter((item) => item.manifest.id === id);
    const chosen = version
      ? versions.find((item) => item.manifest.version === version)
      : versions.sort((a, b) => semver.rcompare(a.manifest.version, b.manifest.version))[0];
    if (!chosen) {
      throw new AppError('app.plugin.marketplace_plugin_not_found.app_error', 404, `The marketplace has no ${version ? `version ${version} of ` : 'version compatible with this server of '}${id}.`, {
        details: `plugin_id=${id} version=${version}`,
      });
    }
    const download = URL.parse(chosen.download_url, `${base}/`);
    if (!download || (download.protocol !== 'http:' && download.protocol !== 'https:')) {
      throw AppError.badRequest('app.plugin.marketplace_download_url.app_error', `The marketplace lists no usable download URL for ${id} ${chosen.manifest.version}.`);
    }
    return this.#plugins.installFromMarketplace(actor, id, download, chosen.signature ?? '', new URL(base).origin);
  }

  #requireMarketplace(): void {
    const settings = this.#config.get().PluginSettings;
    if (!settings.Enable || !settings.EnableMarketplace) {
      throw AppError.notImplemented('app.plugin.marketplace_disabled.app_error', 'The plugin marketplace is disabled. Set PluginSettings.EnableMarketplace (and PluginSettings.Enable) to true.');
    }
  }

  /** MarketplaceURL without a trailing slash, or '' when the remote marketplace is off or unset. */
  #remoteUrl(): string {
    const settings = this.#config.get().PluginSettings;
    return settings.EnableRemoteMarketplace ? settings.MarketplaceURL.replace(/\/+$/, '') : '';
  }

  /** The remote items compatible with this server (the marketplace filters by server_version). */
  async #fetchCatalogue(params: Record<string, string>): Promise<MarketplacePlugin[]> {
    const base = this.#remoteUrl();
    const url = new URL(`${base}/api/v1/plugins`);
    for (const [name, value] of Object.entries({ ...params, server_version: SERVER_VERSION, per_page: '-1' })) url.searchParams.set(name, value);
    const unreachable = (why: string) =>
      new AppError('app.plugin.marketplace_client.failed_to_fetch.app_error', 502, `The marketplace at ${base} could not be read: ${why.replace(/\.$/, '')}. Check PluginSettings.MarketplaceURL.`);
    let body: string;
    try {
      const response = await outboundRequest(
        url,
        { timeoutMs: CATALOGUE_TIMEOUT_MS, maxResponseBytes: MAX_CATALOGUE_BYTES, maxRedirects: CATALOGUE_REDIRECTS, errorId: () => 'app.plugin.marketplace_client.failed_to_fetch.app_error' },
        downloadPolicy(this.#config.get(), [url.origin]),
      );
      if (response.status < 200 || response.status > 299) {
        response.body.destroy();
        throw unreachable(`it answered HTTP ${response.status}`);
      }
      body = (await readBody(response)).toString('utf8');
    } catch (err) {
      if (err instanceof AppError && !(err instanceof EgressError)) throw err;
      throw unreachable((err as Error).message);
    }
    let items: unknown;
    try {
      items = JSON.parse(body);
    } catch {
      throw unreachable('its answer is not JSON');
    }
    if (!Array.isArray(items)) throw unreachable('its answer is not a list of plugins');
    return items.filter(isMarketplacePlugin);
  }

  #withInstalled(item: MarketplacePlugin | MarketplaceItem): MarketplaceItem {
    return { ...item, manifest: item.manifest as Manifest, installed_version: this.#registry.get(item.manifest.id)?.manifest.version ?? '' };
  }
}

/** An installed plugin the remote marketplace does not list (Mattermost's local marketplace item). */
function localItem(manifest: Manifest): MarketplacePlugin {
  return {
    homepage_url: manifest.homepage_url ?? '',
    icon_data: '',
    download_url: '',
    release_notes_url: manifest.release_notes_url ?? '',
    labels: [],
    author_type: 'community',
    release_stage: 'production',
    enterprise: false,
    signature: '',
    manifest,
    updated_at: '',
  };
}

/** Mattermost's filter: the id, or words of the name or description, ignoring case. */
function matches(manifest: Manifest, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  if (wanted === '') return true;
  return manifest.id.toLowerCase() === wanted || `${manifest.name} ${manifest.description ?? ''}`.toLowerCase().includes(wanted);
}

/** Only well-formed items are used: a broken marketplace entry must not break the listing. */
function isMarketplacePlugin(value: unknown): value is MarketplacePlugin {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Partial<MarketplacePlugin>;
  const manifest = item.manifest as Partial<Manifest> | undefined;
  return (
    typeof manifest === 'object' &&
    manifest !== null &&
    typeof manifest.id === 'string' &&
    typeof manifest.name === 'string' &&
    typeof manifest.version === 'string' &&
    semver.valid(manifest.version) !== null &&
    typeof item.download_url === 'string'
  );
}

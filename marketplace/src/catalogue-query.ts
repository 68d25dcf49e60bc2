// GET /api/v1/plugins as Mattermost's marketplace answers it: filter, keep the newest version of
// each plugin that the asking server can run, sort by name, then page.
import semver from 'semver';
import type { CatalogueEntry } from './catalogue.ts';

/** `per_page=-1`: every item on one page. */
export const ALL_PER_PAGE = -1;
const DEFAULT_PER_PAGE = 100;

export interface PluginQuery {
  page: number;
  /** ALL_PER_PAGE, or a page size (0 gives an empty page, as in Mattermost). */
  perPage: number;
  /** Case-insensitive: the exact plugin id, or part of the name or description. */
  filter: string;
  /** Only versions whose min_server_version this server version meets. */
  serverVersion?: string;
  /** Only this plugin id. */
  pluginId?: string;
  /** Every matching version instead of the newest of each plugin. */
  returnAllVersions: boolean;
}

/** A query parameter that cannot be used; the server answers 400. */
export class QueryError extends Error {
  override name = 'QueryError';
  readonly param: string;

  constructor(param: string, message: string) {
    super(message);
    this.param = param;
  }
}

/** Reads the query of GET /api/v1/plugins; parameters it does not know (cloud, platform, …) are ignored. */
export function parsePluginQuery(params: URLSearchParams): PluginQuery {
  const serverVersion = params.get('server_version') || undefined;
  if (serverVersion !== undefined && !semver.valid(serverVersion)) {
    throw new QueryError('server_version', `server_version must be a semantic version such as 10.5.0, not "${serverVersion}".`);
  }
  return {
    page: integer(params, 'page', 0, /^\d+$/, 'a whole number from 0'),
    perPage: integer(params, 'per_page', DEFAULT_PER_PAGE, /^(-1|\d+)$/, 'a whole number from 0, or -1 for all'),
    filter: (params.get('filter') ?? '').trim().toLowerCase(),
    serverVersion,
    pluginId: params.get('plugin_id')?.toLowerCase() || undefined,
    returnAllVersions: boolean(params, 'return_all_versions'),
  };
}

function integer(params: URLSearchParams, name: string, fallback: number, shape: RegExp, expected: string): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!shape.test(raw) || !Number.isSafeInteger(Number(raw))) throw new QueryError(name, `${name} must be ${expected}, not "${raw}".`);
  return Number(raw);
}

function boolean(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  if (raw === null || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new QueryError(name, `${name} must be true or false, not "${raw}".`);
}

/** The page of entries answering `query`. */
export function queryCatalogue(entries: ReadonlyArray<CatalogueEntry>, query: PluginQuery): CatalogueEntry[] {
  const matching = entries.filter((entry) => isCompatible(entry, query.serverVersion) && matches(entry, query));
  const chosen = query.returnAllVersions ? matching : newestOfEach(matching);
  chosen.sort(byNameThenNewest);
  if (query.perPage === ALL_PER_PAGE) return chosen;
  const start = query.page * query.perPage;
  return chosen.slice(start, start + query.perPage);
}

function isCompatible(entry: CatalogueEntry, serverVersion: string | undefined): boolean {
  const required = entry.plugin.manifest.min_server_version;
  return serverVersion === undefined || required === undefined || semver.gte(serverVersion, required);
}

function matches(entry: CatalogueEntry, query: PluginQuery): boolean {
  const { id, name, description } = entry.plugin.manifest;
  if (query.pluginId !== undefined && id !== query.pluginId) return false;
  if (query.filter === '') return true;
  return id === query.filter || name.toLowerCase().includes(query.filter) || (description ?? '').toLowerCase().includes(query.filter);
}

function newestOfEach(entries: CatalogueEntry[]): CatalogueEntry[] {
  const newest = new Map<string, CatalogueEntry>();
  for (const entry of entries) {
    const current = newest.get(entry.plugin.manifest.id);
    if (!current || semver.gt(entry.plugin.manifest.version, current.plugin.manifest.version)) newest.set(entry.plugin.manifest.id, entry);
  }
  return [...newest.values()];
}

function byNameThenNewest(a: CatalogueEntry, b: CatalogueEntry): number {
  const [x, y] = [a.plugin.manifest, b.plugin.manifest];
  return x.name.toLowerCase().localeCompare(y.name.toLowerCase()) || x.id.localeCompare(y.id) || semver.rcompare(x.version, y.version);
}

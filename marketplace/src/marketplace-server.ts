// The marketplace HTTP service: Mattermost's `GET /api/v1/plugins` over the catalogue of one folder,
// the bundles themselves under `/bundles/`, and `/healthz`. Stateless apart from the in-memory
// catalogue, which is rebuilt whenever the folder changes (a new catalogue replaces the old one
// only once it is complete, so requests never see a half-indexed folder).
import { createReadStream, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import { indexFolder, toMarketplacePlugin, type Catalogue, type IndexOptions } from './catalogue.ts';
import { parsePluginQuery, QueryError, queryCatalogue, type PluginQuery } from './catalogue-query.ts';
import { signatureFileFor } from './signing.ts';

/** How long the folder must be quiet before it is re-indexed: a copy in progress fires many events. */
const RELOAD_DELAY_MS = 200;

export interface MarketplaceOptions extends IndexOptions {
  /** The folder of bundles (and their `.sig` files). */
  folder: string;
  /**
   * The URL the marketplace is reached at, for the items' `download_url`. Without it each answer
   * uses the Host header of its request, which is right unless a proxy rewrites it.
   */
  baseUrl?: string;
  /** Re-index when the folder changes (default true). */
  watch?: boolean;
  /** Told about every (re)indexing of the folder. */
  onIndexed?: (catalogue: Catalogue) => void;
  /** Told when re-indexing failed; the previous catalogue is kept. */
  onIndexError?: (err: Error) => void;
}

export interface Marketplace {
  /** The request handler, for `http.createServer`. */
  handle: RequestListener;
  catalogue(): Catalogue;
  /** Re-indexes the folder now. */
  reload(): Promise<Catalogue>;
  /** Stops watching the folder. */
  close(): void;
}

/** Indexes the folder and returns the service, without listening. */
export async function createMarketplace(options: MarketplaceOptions): Promise<Marketplace> {
  let current = await indexFolder(options.folder, options);
  options.onIndexed?.(current);
  let running: Promise<Catalogue> | undefined;
  let again = false;

  const reload = (): Promise<Catalogue> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          current = await indexFolder(options.folder, options);
          options.onIndexed?.(current);
        } while (again);
        return current;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.watch !== false) {
    watcher = watch(options.folder, () => {
      clearTimeout(timer);
      timer = setTimeout(() => reload().catch((err: Error) => options.onIndexError?.(err)), RELOAD_DELAY_MS);
    });
    // The folder itself was removed or became unreadable: keep serving what was listed.
    watcher.on('error', (err) => options.onIndexError?.(err));
  }

  const handle: RequestListener = (req, res) => {
    route(req, res, current, options).catch((err: Error) => {
      if (!res.headersSent) sendError(res, 500, 'marketplace.internal_error', 'The marketplace failed to answer this request.');
      else res.destroy(err);
    });
  };

  return {
    handle,
    catalogue: () => current,
    reload,
    close: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, catalogue: Catalogue, options: MarketplaceOptions): Promise<void> {
  const url = URL.parse(req.url ?? '/', 'http://marketplace.invalid');
  if (!url) return sendError(res, 400, 'marketplace.bad_request', 'The request target is not a valid URL.');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendError(res, 405, 'marketplace.method_not_allowed', `${req.method} is not supported; the marketplace is read-only.`);
  }
  if (url.pathname === '/api/v1/plugins') return listPlugins(req, res, url, catalogue, options);
  if (url.pathname.startsWith('/bundles/')) return sendBundleFile(req, res, url.pathname.slice('/bundles/'.length), catalogue, options.folder);
  if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'OK', plugins: catalogue.entries.length });
  sendError(res, 404, 'marketplace.not_found', `Nothing is served at ${url.pathname}.`);
}

function listPlugins(req: IncomingMessage, res: ServerResponse, url: URL, catalogue: Catalogue, options: MarketplaceOptions): void {
  let query: PluginQuery;
  try {
    query = parsePluginQuery(url.searchParams);
  } catch (err) {
    if (err instanceof QueryError) return sendError(res, 400, `marketplace.plugins.invalid_${err.param}`, err.message);
    throw err;
  }
  const baseUrl = options.baseUrl ?? `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
  sendJson(res, 200, queryCatalogue(catalogue.entries, query).map((entry) => toMarketplacePlugin(entry, baseUrl)));
}

/**
 * Serves a listed bundle or its signature. Only names the catalogue lists are served, so no
 * request path (encoded slashes, `..`) can reach any other file.
 */
async function sendBundleFile(req: IncomingMessage, res: ServerResponse, encodedName: string, catalogue: Catalogue, folder: string): Promise<void> {
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    return sendError(res, 404, 'marketplace.bundle.not_found', 'No such bundle.');
  }
  const listed = catalogue.entries.find((entry) => entry.file === name || (entry.plugin.signature !== '' && signatureFileFor(entry.file) === name));
  if (!listed) return sendError(res, 404, 'marketplace.bundle.not_found', `No bundle named ${JSON.stringify(name)} is listed.`);
  const file = path.join(folder, name);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return sendError(res, 404, 'marketplace.bundle.not_found', `${name} is listed but was removed from the folder.`);
  res.writeHead(200, {
    'Content-Type': name === listed.file ? 'application/gzip' : 'text/plain; charset=utf-8',
    'Content-Length': info.size,
    'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
  });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

function sendError(res: ServerResponse, status: number, id: string, message: string): void {
  sendJson(res, status, { id, message, status_code: status });
}

// Listening: the marketplace on a host:port, telling an operator what each indexing of the folder found.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalogue } from './catalogue.ts';
import { createMarketplace, type Marketplace, type MarketplaceOptions } from './marketplace-server.ts';

export interface ListenAddress {
  /** Undefined: every interface (`:8066`, as Mattermost's ListenAddress). */
  host?: string;
  port: number;
}

/** Reads `host:port`, `[::1]:port` or `:port`. */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`"${text}" is not a listen address; expected host:port, [ipv6]:port or :port`);
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port };
}

export interface RunningMarketplace {
  marketplace: Marketplace;
  server: Server;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

/** Indexes the folder, listens, and reports every indexing through `log` (one line each). */
export async function serveMarketplace(options: MarketplaceOptions & { listen: ListenAddress; log: (line: string) => void }): Promise<RunningMarketplace> {
  const { listen, log } = options;
  const marketplace = await createMarketplace({
    ...options,
    onIndexed: (catalogue) => describeCatalogue(options.folder, catalogue).forEach((line) => log(line)),
    onIndexError: (err) => log(`could not re-index ${options.folder}, still serving the previous catalogue: ${err.message}`),
  });
  const server = createServer(marketplace.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { address, port, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  return {
    marketplace,
    server,
    url,
    close: async () => {
      marketplace.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What an operator wants to know after an indexing: how many bundles, which were skipped and why. */
export function describeCatalogue(folder: string, catalogue: Catalogue): string[] {
  return [
    `indexed ${catalogue.entries.length} bundle(s) in ${folder}, skipped ${catalogue.skipped.length}`,
    ...catalogue.skipped.map((note) => `skipped ${note.file}: ${note.message}`),
    ...catalogue.warnings.map((note) => `warning ${note.file}: ${note.message}`),
  ];
}

#!/usr/bin/env node
// parley-marketplace: make a signing key, sign bundles, index a folder of bundles, serve it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AUTHOR_TYPES, indexFolder, toMarketplacePlugin, type AuthorType, type IndexOptions } from './catalogue.ts';
import { ALL_PER_PAGE, queryCatalogue } from './catalogue-query.ts';
import { describeCatalogue, parseListenAddress, serveMarketplace } from './serve.ts';
import { generateSigningKeyPair, readPublicKeyFile, signBundle, trustInstructions } from './signing.ts';

const DEFAULT_LISTEN = '127.0.0.1:8066';

const USAGE = `usage:
  parley-marketplace keygen <dir> [name]
      Writes a new Ed25519 key pair: <dir>/<name>.key (private, mode 0600) and <dir>/<name>.pub
      (default name: signing-key). Never overwrites a key.
  parley-marketplace sign <bundle>... --key <private key file>
      Writes <bundle>.sig (one line of base64) beside each bundle.
  parley-marketplace index <folder> [--base-url URL] [--out file] [options]
      Writes the catalogue of every bundle in <folder> to <folder>/plugins.json (or --out), with
      download URLs under --base-url (default http://${DEFAULT_LISTEN}).
  parley-marketplace serve <folder> [--listen host:port] [--base-url URL] [options]
      Serves Mattermost's marketplace API for the bundles in <folder> (default listen address
      ${DEFAULT_LISTEN}) and re-indexes the folder whenever it changes.

  options for index and serve:
    --author-type mattermost|partner|community   who maintains these plugins (default community)
    --public-key <file>                          list only bundles this key verifies (repeatable)`;

const OPTIONS = {
  key: { type: 'string' },
  'base-url': { type: 'string' },
  out: { type: 'string' },
  listen: { type: 'string' },
  'author-type': { type: 'string' },
  'public-key': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseCommandLine(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
}

type Values = ReturnType<typeof parseCommandLine>['values'];

/** A mistake on the command line: the usage is shown with it. */
class UsageError extends Error {}

function log(line: string): void {
  process.stderr.write(`parley-marketplace: ${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [command, ...args] = positionals;
    switch (command) {
      case 'keygen':
        return await keygen(args);
      case 'sign':
        return await sign(args, values);
      case 'index':
        return await index(args, values);
      case 'serve':
        return await serve(args, values);
      default:
        throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
    }
  } catch (err) {
    const usage = err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    log((err as Error).message);
    if (usage) process.stderr.write(`${USAGE}\n`);
    return usage ? 2 : 1;
  }
}

async function keygen(args: string[]): Promise<number> {
  const [dir, name, ...extra] = args;
  if (dir === undefined || extra.length > 0) throw new UsageError('keygen takes a folder and an optional key name');
  const files = await generateSigningKeyPair(dir, name);
  process.stdout.write(`Private key: ${files.privateKeyFile} (keep it secret; never put it on the chat server)\n${trustInstructions(path.resolve(files.publicKeyFile))}\n`);
  return 0;
}

async function sign(bundles: string[], values: Values): Promise<number> {
  if (bundles.length === 0 || values.key === undefined) throw new UsageError('sign needs at least one bundle and --key <private key file>');
  for (const bundle of bundles) {
    await signBundle(bundle, values.key);
    process.stdout.write(`${bundle}.sig\n`);
  }
  return 0;
}

async function index(args: string[], values: Values): Promise<number> {
  const folder = onlyFolder(args, 'index');
  const catalogue = await indexFolder(folder, await indexOptions(values));
  describeCatalogue(folder, catalogue).forEach(log);
  const baseUrl = checkedBaseUrl(values['base-url']) ?? `http://${DEFAULT_LISTEN}`;
  const items = queryCatalogue(catalogue.entries, { page: 0, perPage: ALL_PER_PAGE, filter: '', returnAllVersions: true }).map((entry) => toMarketplacePlugin(entry, baseUrl));
  const out = values.out ?? path.join(folder, 'plugins.json');
  await writeFile(out, `${JSON.stringify(items, null, 2)}\n`);
  process.stdout.write(`${out}\n`);
  return 0;
}

async function serve(args: string[], values: Values): Promise<number> {
  const folder = onlyFolder(args, 'serve');
  const running = await serveMarketplace({
    folder,
    listen: parseListenAddress(values.listen ?? DEFAULT_LISTEN),
    baseUrl: checkedBaseUrl(values['base-url']),
    ...(await indexOptions(values)),
    log,
  });
  log(`serving ${folder} at ${running.url}/api/v1/plugins`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}

function onlyFolder(args: string[], command: string): string {
  if (args.length !== 1) throw new UsageError(`${command} takes exactly one folder`);
  return args[0];
}

async function indexOptions(values: Values): Promise<IndexOptions> {
  const authorType = values['author-type'];
  if (authorType !== undefined && !(AUTHOR_TYPES as string[]).includes(authorType)) {
    throw new UsageError(`--author-type must be one of ${AUTHOR_TYPES.join(', ')}`);
  }
  const keyFiles = values['public-key'];
  return {
    authorType: authorType as AuthorType | undefined,
    publicKeys: keyFiles === undefined ? undefined : await Promise.all(keyFiles.map(readPublicKeyFile)),
  };
}

function checkedBaseUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) throw new UsageError(`--base-url must be an http:// or https:// URL, not "${text}"`);
  return text;
}

process.exitCode = await main(process.argv.slice(2));

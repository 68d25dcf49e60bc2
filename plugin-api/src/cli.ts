#!/usr/bin/env node
// parley-plugin: the plugin developer's command line (`parley-plugin build [dir] [--out dir]`).
import { parseArgs } from 'node:util';
import { buildPlugin } from './build.ts';

const USAGE = `usage: parley-plugin build [dir] [--out dir]

  Validates <dir>/plugin.json (default: the current folder), bundles <dir>/src/index.ts
  (or src/index.js) into one ES module and writes <out>/<id>-<version>.tar.gz
  (default out: <dir>/dist).`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command, dir = '.', ...extra] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'build' || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const result = await buildPlugin({ dir, outDir: parsed.values.out });
    for (const ignored of result.ignoredFields) process.stderr.write(`parley-plugin: warning: plugin.json ${ignored.field} ${ignored.message}\n`);
    process.stdout.write(`${result.file}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`parley-plugin: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

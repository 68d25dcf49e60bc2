#!/usr/bin/env node
// parley-plugin: the plugin developer's command line (`create <dir>`, `build [dir]`).
import { parseArgs } from 'node:util';
import { buildPlugin } from './build.ts';
import { createPlugin } from './create.ts';

const USAGE = `usage: parley-plugin create <dir> [--id <plugin id>]
       parley-plugin build [dir] [--out <dir>]

  create  Writes a new plugin folder <dir>: plugin.json, src/index.ts (a slash command with a
          bound handler and an HTTP route), test/plugin.test.ts (runs it in the real sandbox),
          package.json with build, test and check scripts, tsconfig.json and README.md.
          The id defaults to com.example.<folder name>. Then: cd <dir> && npm install && npm test.

  build   Validates <dir>/plugin.json (default: the current folder), bundles <dir>/src/index.ts
          (or src/index.js) into one ES module and writes <out>/<id>-<version>.tar.gz
          (default out: <dir>/dist).`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, id: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, dir, ...extra] = positionals;
  const misused = extra.length > 0 || (command === 'create' ? dir === undefined || values.out !== undefined : command !== 'build' || values.id !== undefined);
  if (misused) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    if (command === 'create') {
      const created = await createPlugin({ dir: dir!, id: values.id });
      process.stdout.write(`${created.dir}\n`);
      return 0;
    }
    const result = await buildPlugin({ dir: dir ?? '.', outDir: values.out });
    for (const ignored of result.ignoredFields) process.stderr.write(`parley-plugin: warning: plugin.json ${ignored.field} ${ignored.message}\n`);
    process.stdout.write(`${result.file}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`parley-plugin: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

// The prepack and postpack scripts of the workspace packages others install (@parley/plugin-api,
// @parley/plugin-testing). In the repository they run from their TypeScript sources, but Node
// refuses to strip types under node_modules, so a packed package must ship JavaScript. As prepack
// this builds dist/ (JavaScript and .d.ts) and points package.json at it while npm packs; as
// postpack it puts the repository's package.json back. npm runs both in the package's folder:
//
//   node ../scripts/pack-package.ts prepack [--bundle]
//   node ../scripts/pack-package.ts postpack
//
// Without --bundle every source file is compiled on its own by tsc (the package imports nothing
// from the repository). With --bundle each exported entry is bundled by esbuild, inlining the
// workspace code it uses that is not one of its dependencies (the sandbox, for plugin-testing); a
// program the code starts from `new URL('./name.ts', import.meta.url)` (the plugin-host process) is
// bundled as an entry of its own. The .d.ts files always come from tsc and may name nothing but the
// package's own dependencies, so the published types never point into the repository.
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = 'src';
const DIST = 'dist';
/** The repository's package.json while npm packs: its presence means a pack is under way (or stopped half-way). */
const SAVED = 'package.json.repo';

interface PackageJson {
  name: string;
  exports: Record<string, string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

class PackError extends Error {
  override name = 'PackError';
}

async function prepack(dir: string, bundle: boolean): Promise<void> {
  const saved = path.join(dir, SAVED);
  if (existsSync(saved)) {
    throw new PackError(`${saved} exists: another npm pack is running here, or one stopped half-way (then put the repository's package.json back: node ../scripts/pack-package.ts postpack)`);
  }
  const text = await readFile(path.join(dir, 'package.json'), 'utf8');
  const pkg = JSON.parse(text) as PackageJson;
  const published = publishedManifest(pkg);
  await rm(path.join(dir, DIST), { recursive: true, force: true });
  compile(dir, { declarationsOnly: bundle });
  if (bundle) await bundleEntries(dir, pkg);
  await checkDeclarations(dir, pkg);
  // Last, so that a failed build leaves the repository's package.json alone.
  await writeFile(saved, text);
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
}

async function postpack(dir: string): Promise<void> {
  const saved = path.join(dir, SAVED);
  if (existsSync(saved)) await rename(saved, path.join(dir, 'package.json'));
}

/** The package.json that ships: `./src/x.ts` targets become `./dist/x.js`, with `main` and `types` for older tools. */
function publishedManifest(pkg: PackageJson): PackageJson {
  const toDist = (target: string): string => {
    const match = /^\.\/src\/(.+)\.ts$/.exec(target);
    if (!match) throw new PackError(`${pkg.name}: the target ${target} is not a ./src/*.ts file`);
    return `./${DIST}/${match[1]}.js`;
  };
  const map = (targets: Record<string, string>) => Object.fromEntries(Object.entries(targets).map(([name, target]) => [name, toDist(target)]));
  const exports = map(pkg.exports);
  const main = exports['.'];
  if (main === undefined) throw new PackError(`${pkg.name}: exports has no "." entry`);
  return { ...pkg, exports, ...(pkg.bin ? { bin: map(pkg.bin) } : {}), main, types: main.replace(/\.js$/, '.d.ts') };
}

/** tsc over the package's sources with the repository's options: .d.ts always, JavaScript unless bundling. */
function compile(dir: string, { declarationsOnly }: { declarationsOnly: boolean }): void {
  const configFile = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new PackError(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options, errors } = ts.convertCompilerOptionsFromJson((config as { compilerOptions: unknown }).compilerOptions, ROOT, configFile);
  if (errors.length > 0) throw new PackError(ts.formatDiagnostics(errors, formatHost()));
  const sourceDir = path.join(dir, SOURCE);
  const rootNames = ts.sys.readDirectory(sourceDir, ['.ts']).filter((file) => !file.endsWith('.d.ts'));
  const program = ts.createProgram({
    rootNames,
    options: {
      ...options,
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: declarationsOnly,
      // Emitted JavaScript imports ./x.js; .d.ts files may keep ./x.ts, which TypeScript resolves.
      allowImportingTsExtensions: declarationsOnly,
      rewriteRelativeImportExtensions: true,
      rootDir: sourceDir,
      outDir: path.join(dir, DIST),
      sourceMap: false,
      declarationMap: false,
    },
  });
  const own = new Set(rootNames.map((file) => path.resolve(file)));
  const ownFiles = program.getSourceFiles().filter((file) => own.has(path.resolve(file.fileName)));
  const diagnostics = ownFiles.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]);
  if (diagnostics.length > 0) throw new PackError(ts.formatDiagnostics(diagnostics, formatHost()));
  // One file at a time: a workspace package it bundles (outside rootDir) is never emitted.
  for (const file of ownFiles) {
    const result = program.emit(file);
    if (result.emitSkipped) throw new PackError(`tsc emitted nothing for ${file.fileName}`);
  }
}

function formatHost(): ts.FormatDiagnosticsHost {
  return { getCanonicalFileName: (file) => file, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
}

/** esbuild bundles of the exported entries and of the programs they start, dependencies left as imports. */
async function bundleEntries(dir: string, pkg: PackageJson): Promise<void> {
  const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})].flatMap((name) => [name, `${name}/*`]);
  let pending = new Map(Object.values(pkg.exports).map((target) => [path.basename(target, '.ts'), path.join(dir, target)]));
  const built = new Map<string, string>();
  while (pending.size > 0) {
    const programs = new Map<string, string>();
    await build({
      entryPoints: Object.fromEntries(pending),
      outdir: path.join(dir, DIST),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      external,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'warning',
      plugins: [programUrls(programs)],
    });
    for (const [name, file] of pending) built.set(name, file);
    pending = new Map();
    for (const [name, file] of programs) {
      const known = built.get(name);
      if (known !== undefined && known !== file) throw new PackError(`two programs would both be ${DIST}/${name}.js: ${known} and ${file}`);
      if (known === undefined) pending.set(name, file);
    }
  }
}

/** Rewrites `new URL('./name.ts', import.meta.url)` to the bundled `./name.js` and records the program to bundle. */
function programUrls(programs: Map<string, string>): Plugin {
  const reference = /new URL\((['"])\.\/([\w.-]+)\.ts\1, import\.meta\.url\)/g;
  return {
    name: 'program-urls',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const contents = source.replace(reference, (_whole, _quote: string, name: string) => {
          programs.set(name, path.join(path.dirname(args.path), `${name}.ts`));
          return `new URL('./${name}.js', import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Refuses .d.ts files that import anything but relative files, Node's modules and the package's dependencies. */
async function checkDeclarations(dir: string, pkg: PackageJson): Promise<void> {
  const allowed = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  const builtins = new Set(builtinModules);
  const fine = (spec: string) =>
    spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec) || allowed.some((name) => spec === name || spec.startsWith(`${name}/`));
  const entries = await readdir(path.join(dir, DIST), { recursive: true, withFileTypes: true });
  const problems: string[] = [];
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.d.ts'))) {
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from\s+|import\(\s*)['"]([^'"]+)['"]/g)) {
      if (!fine(spec)) problems.push(`${path.relative(dir, file)} imports ${spec}`);
    }
  }
  if (problems.length > 0) throw new PackError(`the published types would name packages ${pkg.name} does not depend on:\n  ${problems.join('\n  ')}`);
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { bundle: { type: 'boolean' } } });
try {
  if (positionals[0] === 'prepack') await prepack(process.cwd(), values.bundle === true);
  else if (positionals[0] === 'postpack') await postpack(process.cwd());
  else throw new PackError('usage: node scripts/pack-package.ts prepack [--bundle] | postpack');
} catch (err) {
  process.stderr.write(`pack-package: ${err instanceof PackError ? err.message : (err as Error).stack}\n`);
  process.exitCode = 1;
}

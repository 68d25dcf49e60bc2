// The hook and API tables of plugin-api/README.md, generated from the JSDoc of
// plugin-api/src/hooks.ts and api.ts, so the README cannot say anything the editor's hover does not.
// Each hook needs @kind, @budget, @failure and @since; each API group and method @permission (its
// group) and @since; a missing or wrong tag stops the generation with the member it is missing on.
//
//   node scripts/plugin-api-docs.ts           rewrites the tables in the README
//   node scripts/plugin-api-docs.ts --check   exits 1 when the README's tables differ from the JSDoc
//
// test/unit/plugin-contract.test.ts runs the check with the rest of the suite.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';

const PLUGIN_API = path.resolve(import.meta.dirname, '../plugin-api');
export const README = path.join(PLUGIN_API, 'README.md');
const HOOK_KINDS = ['lifecycle', 'blocking', 'request', 'notification'];

export interface HookDoc {
  name: string;
  /** `(ctx, post) → PostVerdict`. */
  signature: string;
  /** The first sentence of the description: when the hook is called. */
  summary: string;
  kind: string;
  budget: string;
  failure: string;
  since: string;
}

export interface ApiMethodDoc {
  name: string;
  /** `create(post) → Post`. */
  signature: string;
  /** The whole description. */
  summary: string;
  permission: string;
  since: string;
}

export interface ApiGroupDoc {
  name: string;
  description: string;
  permission: string;
  since: string;
  methods: ApiMethodDoc[];
}

export interface PluginApiReference {
  hooks: HookDoc[];
  groups: ApiGroupDoc[];
}

/** Reads hooks.ts and api.ts; throws naming the member whose JSDoc lacks a tag. */
export async function readPluginApiReference(): Promise<PluginApiReference> {
  const hooks = membersOf(await sourceOf('hooks.ts'), 'Hooks').map(hookDoc);
  const groups = membersOf(await sourceOf('api.ts'), 'PluginAPI').map(groupDoc);
  return { hooks, groups };
}

/** The README's text with its generated tables as `reference` makes them. */
export function withGeneratedTables(readme: string, reference: PluginApiReference): string {
  return replaceBlock(replaceBlock(readme, 'hooks', hookTable(reference.hooks)), 'api', apiTable(reference.groups));
}

function hookTable(hooks: HookDoc[]): string {
  const rows = hooks.map((h) => row([code(h.name), h.summary, h.signature, h.kind, h.budget, h.failure, h.since]));
  return [row(['hook', 'called when', 'arguments → result', 'kind', 'budget', 'on failure', 'since']), row(Array(7).fill('---')), ...rows].join('\n');
}

function apiTable(groups: ApiGroupDoc[]): string {
  const rows = groups.flatMap((group) => [
    row([`**${code(group.name)}**`, '', group.description, group.since]),
    ...group.methods.map((method) => row([method.permission === group.name ? '' : `(${code(method.permission)})`, code(method.signature), method.summary, method.since])),
  ]);
  return [row(['group (permission)', 'method → result', 'what it does', 'since']), row(Array(4).fill('---')), ...rows].join('\n');
}

function hookDoc(member: ts.TypeElement): HookDoc {
  const name = memberName(member);
  const doc = jsDocOf(member, `Hooks.${name}`);
  const kind = doc.tag('kind');
  if (!HOOK_KINDS.includes(kind)) throw new Error(`Hooks.${name}: @kind must be one of ${HOOK_KINDS.join(', ')}, not "${kind}"`);
  return { name, signature: signatureOf(member, false), summary: firstSentence(doc.text), kind, budget: doc.tag('budget'), failure: doc.tag('failure'), since: doc.tag('since') };
}

function groupDoc(member: ts.TypeElement): ApiGroupDoc {
  const name = memberName(member);
  const doc = jsDocOf(member, `PluginAPI.${name}`);
  const permission = permissionOf(doc, name, `PluginAPI.${name}`);
  if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeLiteralNode(member.type)) throw new Error(`PluginAPI.${name} must be an object type of methods`);
  const methods = member.type.members.map((method) => {
    const methodName = memberName(method);
    const where = `PluginAPI.${name}.${methodName}`;
    const methodDoc = jsDocOf(method, where);
    return { name: methodName, signature: signatureOf(method, true), summary: methodDoc.text, permission: permissionOf(methodDoc, name, where, `${name}.${methodName}`), since: methodDoc.tag('since') };
  });
  return { name, description: doc.text, permission, since: doc.tag('since'), methods };
}

/** A method's permission is its group's, or (granted on its own, manifest.ts METHOD_PERMISSIONS) its own name. */
function permissionOf(doc: JsDoc, group: string, where: string, ownName?: string): string {
  const permission = doc.tag('permission');
  if (permission !== group && permission !== ownName) throw new Error(`${where}: @permission must be its group "${group}"${ownName ? ` or "${ownName}"` : ''}, not "${permission}"`);
  return permission;
}

interface JsDoc {
  text: string;
  /** The tag's text, whitespace folded; throws when the member has no such tag. */
  tag(name: string): string;
}

function jsDocOf(node: ts.Node, where: string): JsDoc {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  if (docs.length === 0) throw new Error(`${where} has no JSDoc`);
  const tags = docs.flatMap((doc) => doc.tags ?? []);
  return {
    text: fold(docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join(' ')),
    tag(name) {
      const tag = tags.find((t) => t.tagName.text === name);
      const text = tag && fold(ts.getTextOfJSDocComment(tag.comment) ?? '');
      if (!text) throw new Error(`${where} has no @${name}`);
      return text;
    },
  };
}

/** `(ctx, post) → PostVerdict` (hooks) or `create(post) → Post` (methods); optional parameters marked `?`. */
function signatureOf(member: ts.TypeElement, withName: boolean): string {
  if (!ts.isMethodSignature(member)) throw new Error(`${memberName(member)} must be a method`);
  const parameters = member.parameters.map((p) => `${p.name.getText()}${p.questionToken ? '?' : ''}`).join(', ');
  const result = resultOf(member.type);
  return `${withName ? memberName(member) : ''}(${parameters})${result ? ` → ${result}` : ''}`;
}

/** A result type without its promise (`Promise<Post>`, `Promise<PostVerdict> | PostVerdict`: Post, PostVerdict); empty for void. */
function resultOf(type: ts.TypeNode | undefined): string {
  if (!type) return '';
  const parts = ts.isUnionTypeNode(type) ? type.types : [type];
  const unwrapped = parts.map((part) =>
    ts.isTypeReferenceNode(part) && part.typeName.getText() === 'Promise' && part.typeArguments?.length === 1 ? part.typeArguments[0].getText() : part.getText(),
  );
  const distinct = [...new Set(unwrapped.flatMap((text) => text.split(/\s*\|\s*/)))].filter((text) => text !== 'void');
  return distinct.join(' | ');
}

function membersOf(source: ts.SourceFile, interfaceName: string): readonly ts.TypeElement[] {
  const declaration = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName);
  if (!declaration) throw new Error(`${source.fileName} declares no interface ${interfaceName}`);
  return declaration.members;
}

function memberName(member: ts.TypeElement): string {
  if (!member.name || !ts.isIdentifier(member.name)) throw new Error('every member must have a plain name');
  return member.name.text;
}

async function sourceOf(file: string): Promise<ts.SourceFile> {
  const name = path.join(PLUGIN_API, 'src', file);
  return ts.createSourceFile(name, await readFile(name, 'utf8'), ts.ScriptTarget.Latest, true);
}

function firstSentence(text: string): string {
  return /^.*?[.!?](?=\s+[A-Z`(]|$)/.exec(text)?.[0] ?? text;
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function code(text: string): string {
  return `\`${text}\``;
}

function row(cells: string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function replaceBlock(readme: string, name: string, table: string): string {
  const begin = `<!-- generated: ${name} (node scripts/plugin-api-docs.ts) -->`;
  const end = `<!-- end generated: ${name} -->`;
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error(`the README has no "${begin}" … "${end}" block`);
  return `${readme.slice(0, from + begin.length)}\n${table}\n${readme.slice(to)}`;
}

if (import.meta.main) {
  const readme = await readFile(README, 'utf8');
  const generated = withGeneratedTables(readme, await readPluginApiReference());
  if (process.argv.includes('--check')) {
    if (generated !== readme) {
      process.stderr.write(`${README}: the hook and API tables differ from the JSDoc; run node scripts/plugin-api-docs.ts\n`);
      process.exitCode = 1;
    }
  } else if (generated !== readme) {
    await writeFile(README, generated);
  }
}

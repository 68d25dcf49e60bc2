// `/github subscriptions add owner[/repo] [--features ...] [--exclude-org-member] [--render-style ...]
// [--exclude repo1,repo2]` (and the dialog's fields) as a checked request, before anything is stored.
import { RENDER_STYLES, type RenderStyle } from '../render/rendering.ts';
import { allowedOrgs, DEFAULT_FEATURES, ownerOf, parseFeatures, parseRepository } from './subscription.ts';

export interface SubscriptionRequest {
  repository: string;
  features: string[];
  exclude_org_member: boolean;
  render_style: RenderStyle;
  exclude: string[];
}

const FLAGS = ['--features', '--exclude-org-member', '--render-style', '--exclude'];

/** Words split on white space, except inside double quotes (`label:"needs review"`). */
export function splitWords(line: string): string[] {
  return line.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
}

function parseBoolean(flagName: string, value: string): boolean {
  if (/^(true|on|yes)$/i.test(value)) return true;
  if (/^(false|off|no)$/i.test(value)) return false;
  throw new Error(`${flagName} takes true or false, not \`${value}\`.`);
}

export function parseRenderStyle(value: string): RenderStyle {
  if ((RENDER_STYLES as readonly string[]).includes(value)) return value as RenderStyle;
  throw new Error(`Unknown render style \`${value}\`: use ${RENDER_STYLES.join(', ')}.`);
}

/** The repositories of `--exclude`, each `repo` or `owner/repo`, as `owner/repo` of `owner`. */
export function parseExcluded(value: string, owner: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => parseRepository(name.includes('/') ? name : `${owner}/${name}`))
    .map((name) => {
      if (!name.includes('/') || ownerOf(name) !== owner) throw new Error(`--exclude names repositories of ${owner}; \`${name}\` is not one.`);
      return name;
    });
}

/** Parses the words after `add`. Throws an Error telling what to fix. */
export function parseAddArguments(words: readonly string[]): SubscriptionRequest {
  const [target, ...rest] = words;
  if (!target || target.startsWith('--')) throw new Error('Name the repository or owner first: `/github subscriptions add owner[/repo] [--features ...]`.');
  const repository = parseRepository(target);
  const request: SubscriptionRequest = { repository, features: DEFAULT_FEATURES, exclude_org_member: false, render_style: 'default', exclude: [] };
  let excluded = '';
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    const next = rest[i + 1];
    const takeValue = () => {
      if (next === undefined || next.startsWith('--')) throw new Error(`${word} needs a value.`);
      i++;
      return next;
    };
    switch (word) {
      case '--features':
        request.features = parseFeatures(takeValue());
        break;
      case '--render-style':
        request.render_style = parseRenderStyle(takeValue());
        break;
      case '--exclude':
        excluded = takeValue();
        break;
      case '--exclude-org-member':
        // Mattermost writes `--exclude-org-member true`; the value is optional here.
        if (next !== undefined && !next.startsWith('--')) request.exclude_org_member = parseBoolean(word, takeValue());
        else request.exclude_org_member = true;
        break;
      default:
        throw new Error(`Unknown flag \`${word}\`: the flags are ${FLAGS.join(', ')}, each written --name value.`);
    }
  }
  if (excluded) request.exclude = parseExcluded(excluded, ownerOf(repository));
  return request;
}

/** The rules that depend on the plugin's settings: GithubOrg, and what the flags need. */
export function checkAllowed(request: SubscriptionRequest, githubOrg: string): void {
  const orgs = allowedOrgs(githubOrg);
  const owner = ownerOf(request.repository);
  if (orgs.length && !orgs.includes(owner)) throw new Error(`This server only subscribes to the organization(s) ${orgs.join(', ')}; \`${owner}\` is not one (GitHub Organizations setting).`);
  if (request.exclude_org_member && orgs.length === 0) {
    throw new Error('--exclude-org-member needs the plugin locked to an organization: ask a system admin to set GitHub Organizations in the plugin settings.');
  }
  if (request.exclude.length && request.repository.includes('/')) throw new Error('--exclude only applies to a subscription to a whole owner (`/github subscriptions add owner --exclude repo1,repo2`).');
}

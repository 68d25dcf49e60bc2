// A channel's subscription to a GitHub repository or owner, with Mattermost's feature names,
// defaults and rules (server/plugin/command.go, subscriptions.go of its GitHub plugin).
import type { RenderStyle } from '../render/rendering.ts';

export interface Subscription {
  channel_id: string;
  /** Who made it. */
  creator_id: string;
  /** `owner/repo`, or `owner` for every repository of that owner; lower case. */
  repository: string;
  /** Feature names, and at most one `label:"name"`. */
  features: string[];
  exclude_org_member: boolean;
  render_style: RenderStyle;
  /** `owner/repo` names an owner-wide subscription leaves out; lower case. */
  exclude: string[];
}

export const FEATURES = [
  'issues',
  'pulls',
  'pulls_merged',
  'pulls_created',
  'pushes',
  'creates',
  'deletes',
  'issue_creations',
  'issue_comments',
  'pull_reviews',
  'stars',
  'releases',
  'workflow_success',
  'workflow_failure',
  'workflow_run_success',
  'workflow_run_failure',
  'discussions',
  'discussion_comments',
] as const;

export const DEFAULT_FEATURES = ['pulls', 'issues', 'creates', 'deletes'];

/** Pairs that contradict each other: one narrows what the other already posts in full. */
const CONFLICTS: Array<[string, string]> = [
  ['issues', 'issue_creations'],
  ['pulls', 'pulls_merged'],
  ['pulls', 'pulls_created'],
];

const LABEL = /^label:"([^"]+)"$/;

/** The label a subscription filters on (`label:"bug"` → `bug`), or ''. */
export function labelOf(features: readonly string[]): string {
  for (const feature of features) {
    const match = LABEL.exec(feature);
    if (match) return match[1];
  }
  return '';
}

/**
 * Splits and checks a comma-separated feature list (`pulls,issues,label:"needs review"`), keeping
 * commas inside a label's quotes. Throws an Error whose message tells what to change.
 */
export function parseFeatures(value: string): string[] {
  const features: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      features.push(current.trim());
      current = '';
    } else current += char;
  }
  features.push(current.trim());
  const unique = [...new Set(features.filter(Boolean))];
  if (unique.length === 0) throw new Error(`Name at least one feature: ${FEATURES.join(', ')}, or label:"<name>".`);
  const invalid = unique.filter((feature) => !(FEATURES as readonly string[]).includes(feature) && !LABEL.test(feature));
  if (invalid.length) throw new Error(`Unknown feature(s): ${invalid.join(', ')}. Valid features: ${FEATURES.join(', ')}, and label:"<name>" (with the quotes).`);
  if (unique.filter((feature) => LABEL.test(feature)).length > 1) throw new Error('Only one label:"<name>" filter fits in a subscription.');
  for (const [a, b] of CONFLICTS) if (unique.includes(a) && unique.includes(b)) throw new Error(`The features ${a} and ${b} cannot be combined: ${a} already covers what ${b} posts.`);
  if (labelOf(unique) && !unique.some((feature) => feature === 'pulls' || feature === 'issues' || feature === 'issue_creations')) {
    throw new Error('A label:"<name>" filter needs pulls, issues or issue_creations among the features.');
  }
  return unique;
}

const OWNER = /^[a-z0-9](?:[a-z0-9-]{0,38})$/;
const REPO = /^[a-z0-9._-]{1,100}$/;

/**
 * `owner` or `owner/repo` from what a user typed, also a repository URL (`https://github.com/o/r`);
 * lower case, as GitHub's names compare. Throws when it is neither.
 */
export function parseRepository(value: string): string {
  const trimmed = value
    .trim()
    .replace(/^https?:\/\/[^/]+\//i, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  const [owner, repo, ...rest] = trimmed.split('/');
  if (rest.length || !OWNER.test(owner ?? '') || (repo !== undefined && !REPO.test(repo))) {
    throw new Error(`\`${value}\` is not a GitHub owner or repository: write \`owner\` or \`owner/repo\`.`);
  }
  return repo === undefined ? owner : `${owner}/${repo}`;
}

export function ownerOf(repository: string): string {
  return repository.split('/', 1)[0];
}

/** The organisations of the GithubOrg setting, lower case; empty allows any. */
export function allowedOrgs(setting: string): string[] {
  return setting
    .split(',')
    .map((org) => org.trim().toLowerCase())
    .filter(Boolean);
}

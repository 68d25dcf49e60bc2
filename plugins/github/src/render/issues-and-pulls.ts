// pull_request and issues: opened, reopened, closed (merged), labeled, and for pull requests
// ready_for_review — the actions Mattermost's plugin posts; the others (edits, assignments,
// synchronize, ...) would flood a channel and are skipped.
import { field, labelNames, text, type Json } from './payload.ts';
import { itemLink, linkText, quoteBody, repoTag, userLink } from './markdown.ts';
import type { Rendered, Skipped } from './rendering.ts';

const PULL_ACTIONS = new Set(['opened', 'reopened', 'closed', 'ready_for_review', 'labeled']);
const ISSUE_ACTIONS = new Set(['opened', 'reopened', 'closed', 'labeled']);

function labelsLine(item: Json): string[] {
  const names = labelNames(item).filter(Boolean);
  return names.length ? [`Labels: ${names.map((name) => `\`${name.replace(/`/g, "'")}\``).join(', ')}`] : [];
}

function objectProps(payload: Json, item: Json): Record<string, unknown> {
  return { gh_repo: text(field(payload, 'repository'), 'full_name').toLowerCase(), gh_object_id: Number(text(item, 'number')), gh_object_type: 'issue' };
}

export function renderPullRequest(payload: Json): Rendered | Skipped {
  const action = text(payload, 'action');
  if (!PULL_ACTIONS.has(action)) return { skip: `pull_request action "${action}" is not posted` };
  const pr = field(payload, 'pull_request');
  const repo = repoTag(field(payload, 'repository'));
  const who = userLink(field(payload, 'sender'));
  const props = objectProps(payload, pr);
  const branches = `\`${text(field(pr, 'head'), 'ref')}\` → \`${text(field(pr, 'base'), 'ref')}\``;
  switch (action) {
    case 'opened': {
      const kind = pr.draft === true ? 'New draft pull request' : 'New pull request';
      return { headline: `${repo} ${kind} ${itemLink(pr)} by ${userLink(field(pr, 'user'))}`, details: [branches, ...labelsLine(pr)], body: quoteBody(text(pr, 'body')), props };
    }
    case 'ready_for_review':
      return { headline: `${repo} Pull request ${itemLink(pr)} is ready for review (${who})`, details: [branches, ...labelsLine(pr)], body: quoteBody(text(pr, 'body')), props };
    case 'reopened':
      return { headline: `${repo} Pull request ${itemLink(pr)} was reopened by ${who}`, props };
    case 'closed':
      return { headline: `${repo} Pull request ${itemLink(pr)} was ${pr.merged === true ? 'merged' : 'closed'} by ${who}`, props };
    default:
      return { headline: `${repo} Pull request ${itemLink(pr)} was labeled \`${linkText(text(field(payload, 'label'), 'name'))}\` by ${who}`, props };
  }
}

/** Labels added this soon after an issue was opened came with it (an issue template): its opening already showed them. */
const LABELED_WITH_OPENING_MS = 4000;

export function renderIssue(payload: Json): Rendered | Skipped {
  const action = text(payload, 'action');
  if (!ISSUE_ACTIONS.has(action)) return { skip: `issues action "${action}" is not posted` };
  const issue = field(payload, 'issue');
  if (action === 'labeled' && Date.now() - Date.parse(text(issue, 'created_at')) < LABELED_WITH_OPENING_MS) return { skip: 'a label added as the issue was opened is shown by its opening post' };
  const repo = repoTag(field(payload, 'repository'));
  const who = userLink(field(payload, 'sender'));
  const props = objectProps(payload, issue);
  switch (action) {
    case 'opened':
      return { headline: `${repo} New issue ${itemLink(issue)} by ${userLink(field(issue, 'user'))}`, details: labelsLine(issue), body: quoteBody(text(issue, 'body')), props };
    case 'reopened':
      return { headline: `${repo} Issue ${itemLink(issue)} was reopened by ${who}`, props };
    case 'closed':
      return { headline: `${repo} Issue ${itemLink(issue)} was closed by ${who}`, props };
    default:
      return { headline: `${repo} Issue ${itemLink(issue)} was labeled \`${linkText(text(field(payload, 'label'), 'name'))}\` by ${who}`, props };
  }
}

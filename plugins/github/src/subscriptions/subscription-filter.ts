// Whether a subscription wants a delivery: its features for the event and action, its label
// filter, draft pull requests and --exclude-org-member. Mattermost's rules (webhook.go), with each
// feature matched by its exact name (Mattermost tests substrings, so there `pulls_merged` also
// passed for `pulls`, and workflow_job posts needed only one of workflow_success/workflow_failure).
import { field, flag, labelNames, text, type Json } from '../render/payload.ts';
import { FAILED_RUN_CONCLUSIONS } from '../render/repository-events.ts';
import { labelOf, type Subscription } from './subscription.ts';

/** The settings the filter reads. */
export interface FilterSettings {
  GetNotificationForDraftPRs: boolean;
}

/** Events whose label filter applies, and where their labels are. */
const LABELLED_ITEM: Record<string, string> = { pull_request: 'pull_request', issues: 'issue', issue_comment: 'issue', pull_request_review: 'pull_request', pull_request_review_comment: 'pull_request' };

/** One feature enough for these events. */
const SIMPLE_FEATURE: Record<string, string> = {
  issue_comment: 'issue_comments',
  pull_request_review: 'pull_reviews',
  pull_request_review_comment: 'pull_reviews',
  push: 'pushes',
  create: 'creates',
  delete: 'deletes',
  star: 'stars',
  release: 'releases',
  discussion: 'discussions',
  discussion_comment: 'discussion_comments',
};

const ORG_MEMBER_ASSOCIATIONS = new Set(['OWNER', 'MEMBER']);

/**
 * Whether the sender belongs to the organization, as far as the payload tells: GitHub marks the
 * author of an issue, pull request, comment, review or discussion with `author_association`; when
 * the sender wrote that item and it says OWNER or MEMBER, they are a member. A payload without such
 * an item (pushes, stars) tells nothing, and the event is kept.
 */
export function senderIsOrgMember(payload: Json): boolean {
  const sender = text(field(payload, 'sender'), 'login');
  if (!sender) return false;
  for (const name of ['comment', 'review', 'pull_request', 'issue', 'discussion']) {
    const item = field(payload, name);
    if (text(field(item, 'user'), 'login') === sender && ORG_MEMBER_ASSOCIATIONS.has(text(item, 'author_association'))) return true;
  }
  return false;
}

function featureSkip(sub: Subscription, event: string, payload: Json, settings: FilterSettings): string | undefined {
  const has = (feature: string) => sub.features.includes(feature);
  const action = text(payload, 'action');
  switch (event) {
    case 'pull_request': {
      const pr = field(payload, 'pull_request');
      if (!has('pulls') && !has('pulls_merged') && !has('pulls_created')) return 'the subscription has none of pulls, pulls_merged, pulls_created';
      if (!has('pulls')) {
        const merged = action === 'closed' && flag(pr, 'merged');
        if (!(has('pulls_merged') && merged) && !(has('pulls_created') && action === 'opened')) return `pulls_merged/pulls_created do not cover pull_request ${action}${action === 'closed' ? ' without a merge' : ''}`;
      }
      if (action === 'opened' && flag(pr, 'draft') && !settings.GetNotificationForDraftPRs) return 'draft pull requests are not posted (Notifications for Draft Pull Requests is off)';
      return undefined;
    }
    case 'issues':
      if (!has('issues') && !has('issue_creations')) return 'the subscription has neither issues nor issue_creations';
      if (!has('issues') && !['opened', 'reopened', 'labeled'].includes(action)) return `issue_creations does not cover issues ${action}`;
      return undefined;
    case 'workflow_run': {
      const failed = FAILED_RUN_CONCLUSIONS.has(text(field(payload, 'workflow_run'), 'conclusion'));
      const feature = failed ? 'workflow_run_failure' : 'workflow_run_success';
      return has(feature) ? undefined : `the subscription lacks ${feature}`;
    }
    case 'workflow_job': {
      const feature = text(field(payload, 'workflow_job'), 'conclusion') === 'failure' ? 'workflow_failure' : 'workflow_success';
      return has(feature) ? undefined : `the subscription lacks ${feature}`;
    }
    default: {
      const feature = SIMPLE_FEATURE[event];
      return feature && has(feature) ? undefined : `the subscription lacks ${feature ?? `a feature for ${event}`}`;
    }
  }
}

function labelSkip(sub: Subscription, event: string, payload: Json): string | undefined {
  const label = labelOf(sub.features);
  const itemName = LABELLED_ITEM[event];
  const action = text(payload, 'action');
  if (itemName && (event === 'pull_request' || event === 'issues') && action === 'labeled') {
    // A label added is news only to a channel that follows that label.
    if (!label) return 'a label added is posted only to subscriptions with a label:"..." filter';
    if (text(field(payload, 'label'), 'name') !== label) return `the label added is not "${label}"`;
    return undefined;
  }
  if (!label || !itemName) return undefined;
  return labelNames(field(payload, itemName)).includes(label) ? undefined : `it does not carry the label "${label}"`;
}

/** Why `sub` does not want this delivery, or undefined when it does. */
export function subscriptionSkip(sub: Subscription, event: string, payload: Json, settings: FilterSettings): string | undefined {
  return featureSkip(sub, event, payload, settings) ?? labelSkip(sub, event, payload) ?? (sub.exclude_org_member && senderIsOrgMember(payload) ? 'the sender is a member of the organization (--exclude-org-member)' : undefined);
}


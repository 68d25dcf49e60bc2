import { expect } from 'chai';
import { senderIsOrgMember, subscriptionSkip } from '../src/subscriptions/subscription-filter.ts';
import type { Subscription } from '../src/subscriptions/subscription.ts';

const sub = (features: string[], extra: Partial<Subscription> = {}): Subscription => ({ channel_id: 'c', creator_id: 'u', repository: 'octo', features, exclude_org_member: false, render_style: 'default', exclude: [], ...extra });
const DRAFTS_OFF = { GetNotificationForDraftPRs: false };
const pr = (action: string, pull: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ action, pull_request: { number: 1, labels: [], ...pull }, ...extra });
const wants = (s: Subscription, event: string, payload: Record<string, unknown>, settings = DRAFTS_OFF) => subscriptionSkip(s, event, payload, settings) === undefined;

describe('github subscriptions: which subscription wants which delivery', () => {
  it('posts pull requests to pulls, and only merges or openings to pulls_merged and pulls_created', () => {
    expect(wants(sub(['pulls']), 'pull_request', pr('closed'))).to.equal(true);
    expect(wants(sub(['pulls_merged']), 'pull_request', pr('closed', { merged: true }))).to.equal(true);
    expect(wants(sub(['pulls_merged']), 'pull_request', pr('closed', { merged: false }))).to.equal(false);
    expect(wants(sub(['pulls_merged']), 'pull_request', pr('opened'))).to.equal(false);
    expect(wants(sub(['pulls_created']), 'pull_request', pr('opened'))).to.equal(true);
    expect(wants(sub(['pulls_created', 'pulls_merged']), 'pull_request', pr('reopened'))).to.equal(false);
    expect(subscriptionSkip(sub(['issues']), 'pull_request', pr('opened'), DRAFTS_OFF)).to.match(/none of pulls/);
  });

  it('posts a draft pull request only with GetNotificationForDraftPRs', () => {
    expect(subscriptionSkip(sub(['pulls']), 'pull_request', pr('opened', { draft: true }), DRAFTS_OFF)).to.match(/Draft Pull Requests is off/);
    expect(wants(sub(['pulls']), 'pull_request', pr('opened', { draft: true }), { GetNotificationForDraftPRs: true })).to.equal(true);
  });

  it('narrows issue_creations to opened, reopened and labeled issues', () => {
    expect(wants(sub(['issue_creations']), 'issues', { action: 'opened', issue: {} })).to.equal(true);
    expect(wants(sub(['issue_creations']), 'issues', { action: 'closed', issue: {} })).to.equal(false);
    expect(wants(sub(['issues']), 'issues', { action: 'closed', issue: {} })).to.equal(true);
  });

  it('applies a label filter to issues, pull requests, their comments and reviews, and posts a label added only to its followers', () => {
    const labelled = sub(['pulls', 'issue_comments', 'pull_reviews', 'label:"bug"']);
    expect(wants(labelled, 'pull_request', pr('opened', { labels: [{ name: 'bug' }] }))).to.equal(true);
    expect(subscriptionSkip(labelled, 'pull_request', pr('opened', { labels: [{ name: 'docs' }] }), DRAFTS_OFF)).to.match(/label "bug"/);
    expect(wants(labelled, 'issue_comment', { action: 'created', issue: { labels: [{ name: 'bug' }] } })).to.equal(true);
    expect(wants(labelled, 'pull_request_review', { action: 'submitted', pull_request: { labels: [] } })).to.equal(false);
    expect(wants(labelled, 'pull_request', pr('labeled', { labels: [{ name: 'bug' }] }, { label: { name: 'bug' } }))).to.equal(true);
    expect(wants(labelled, 'pull_request', pr('labeled', { labels: [{ name: 'bug' }, { name: 'x' }] }, { label: { name: 'x' } }))).to.equal(false);
    expect(subscriptionSkip(sub(['pulls']), 'pull_request', pr('labeled', {}, { label: { name: 'x' } }), DRAFTS_OFF)).to.match(/only to subscriptions with a label/);
  });

  it('matches workflow runs and jobs to their success and failure features', () => {
    const run = (conclusion: string) => ({ action: 'completed', workflow_run: { conclusion } });
    const job = (conclusion: string) => ({ action: 'completed', workflow_job: { conclusion } });
    expect(wants(sub(['workflow_run_failure']), 'workflow_run', run('timed_out'))).to.equal(true);
    expect(wants(sub(['workflow_run_failure']), 'workflow_run', run('success'))).to.equal(false);
    expect(wants(sub(['workflow_success']), 'workflow_job', job('success'))).to.equal(true);
    expect(wants(sub(['workflow_success']), 'workflow_job', job('failure'))).to.equal(false);
  });

  it('maps the other events to their one feature', () => {
    const cases: Array<[string, string]> = [
      ['push', 'pushes'],
      ['create', 'creates'],
      ['delete', 'deletes'],
      ['star', 'stars'],
      ['release', 'releases'],
      ['discussion', 'discussions'],
      ['discussion_comment', 'discussion_comments'],
      ['pull_request_review_comment', 'pull_reviews'],
    ];
    for (const [event, feature] of cases) {
      expect(wants(sub([feature]), event, { action: 'created' }), event).to.equal(true);
      expect(subscriptionSkip(sub(['issues']), event, { action: 'created' }, DRAFTS_OFF), event).to.equal(`the subscription lacks ${feature}`);
    }
  });

  it('leaves out what an organization member did with --exclude-org-member, as far as the payload tells', () => {
    const byMember = { action: 'created', sender: { login: 'ann' }, comment: { user: { login: 'ann' }, author_association: 'MEMBER' }, issue: { labels: [] } };
    const byOutsider = { ...byMember, comment: { user: { login: 'ann' }, author_association: 'CONTRIBUTOR' } };
    expect(senderIsOrgMember(byMember)).to.equal(true);
    expect(senderIsOrgMember(byOutsider)).to.equal(false);
    expect(senderIsOrgMember({ sender: { login: 'ann' }, commits: [] })).to.equal(false);
    expect(subscriptionSkip(sub(['issue_comments'], { exclude_org_member: true }), 'issue_comment', byMember, DRAFTS_OFF)).to.match(/--exclude-org-member/);
    expect(wants(sub(['issue_comments'], { exclude_org_member: true }), 'issue_comment', byOutsider)).to.equal(true);
    expect(wants(sub(['issue_comments']), 'issue_comment', byMember)).to.equal(true);
  });
});

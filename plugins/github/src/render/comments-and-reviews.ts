// Conversation on GitHub: comments on issues and pull requests, reviews and their line comments,
// discussions and their comments. Only new ones are posted (Mattermost's rule): edits and
// deletions are skipped.
import { field, text, type Json } from './payload.ts';
import { itemLink, link, quoteBody, repoTag, userLink } from './markdown.ts';
import type { Rendered, Skipped } from './rendering.ts';

const REVIEW_VERBS: Record<string, string> = { approved: 'approved', commented: 'reviewed', changes_requested: 'requested changes on' };

function onlyCreated(event: string, payload: Json): Skipped | undefined {
  const action = text(payload, 'action');
  return action === 'created' ? undefined : { skip: `${event} action "${action}" is not posted` };
}

function repoName(payload: Json): string {
  return text(field(payload, 'repository'), 'full_name').toLowerCase();
}

export function renderIssueComment(payload: Json): Rendered | Skipped {
  const skipped = onlyCreated('issue_comment', payload);
  if (skipped) return skipped;
  const issue = field(payload, 'issue');
  const comment = field(payload, 'comment');
  const kind = Object.keys(field(issue, 'pull_request')).length ? 'pull request' : 'issue';
  return {
    headline: `${repoTag(field(payload, 'repository'))} ${userLink(field(comment, 'user'))} ${link('commented', text(comment, 'html_url'))} on ${kind} ${itemLink(issue)}`,
    body: quoteBody(text(comment, 'body')),
    props: { gh_repo: repoName(payload), gh_object_id: Number(text(comment, 'id')), gh_object_type: 'issue_comment' },
  };
}

export function renderPullRequestReview(payload: Json): Rendered | Skipped {
  const action = text(payload, 'action');
  if (action !== 'submitted') return { skip: `pull_request_review action "${action}" is not posted` };
  const review = field(payload, 'review');
  const state = text(review, 'state').toLowerCase();
  const verb = REVIEW_VERBS[state];
  if (!verb) return { skip: `a review in state "${state}" is not posted` };
  return {
    headline: `${repoTag(field(payload, 'repository'))} ${userLink(field(review, 'user'))} ${link(verb, text(review, 'html_url'))} pull request ${itemLink(field(payload, 'pull_request'))}`,
    body: quoteBody(text(review, 'body')),
  };
}

export function renderPullRequestReviewComment(payload: Json): Rendered | Skipped {
  const skipped = onlyCreated('pull_request_review_comment', payload);
  if (skipped) return skipped;
  const comment = field(payload, 'comment');
  return {
    headline: `${repoTag(field(payload, 'repository'))} ${userLink(field(comment, 'user'))} ${link('commented', text(comment, 'html_url'))} on pull request ${itemLink(field(payload, 'pull_request'))}`,
    details: text(comment, 'path') ? [`On \`${text(comment, 'path')}\``] : [],
    body: quoteBody(text(comment, 'body')),
    props: { gh_repo: repoName(payload), gh_object_id: Number(text(comment, 'id')), gh_object_type: 'pr_review_comment' },
  };
}

export function renderDiscussion(payload: Json): Rendered | Skipped {
  const skipped = onlyCreated('discussion', payload);
  if (skipped) return skipped;
  const discussion = field(payload, 'discussion');
  const category = text(field(discussion, 'category'), 'name');
  return {
    headline: `${repoTag(field(payload, 'repository'))} New discussion ${itemLink(discussion)} by ${userLink(field(discussion, 'user'))}`,
    details: category ? [`Category: ${category}`] : [],
    body: quoteBody(text(discussion, 'body')),
    props: { gh_repo: repoName(payload), gh_object_id: Number(text(discussion, 'number')), gh_object_type: 'discussion' },
  };
}

export function renderDiscussionComment(payload: Json): Rendered | Skipped {
  const skipped = onlyCreated('discussion_comment', payload);
  if (skipped) return skipped;
  const comment = field(payload, 'comment');
  return {
    headline: `${repoTag(field(payload, 'repository'))} ${userLink(field(comment, 'user'))} ${link('commented', text(comment, 'html_url'))} on discussion ${itemLink(field(payload, 'discussion'))}`,
    body: quoteBody(text(comment, 'body')),
    props: { gh_repo: repoName(payload), gh_object_id: Number(text(comment, 'id')), gh_object_type: 'discussion_comment' },
  };
}

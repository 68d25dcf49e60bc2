// The renderer of each event the plugin posts to channels, by X-GitHub-Event name.
import type { Json } from './payload.ts';
import { renderDiscussion, renderDiscussionComment, renderIssueComment, renderPullRequestReview, renderPullRequestReviewComment } from './comments-and-reviews.ts';
import { renderIssue, renderPullRequest } from './issues-and-pulls.ts';
import { renderCreate, renderDelete, renderPush } from './refs.ts';
import { renderRelease, renderStar, renderWorkflowJob, renderWorkflowRun } from './repository-events.ts';
import type { RenderOptions, Rendered, Skipped } from './rendering.ts';

const RENDERERS: Record<string, (payload: Json, options: RenderOptions) => Rendered | Skipped> = {
  pull_request: renderPullRequest,
  issues: renderIssue,
  issue_comment: renderIssueComment,
  pull_request_review: renderPullRequestReview,
  pull_request_review_comment: renderPullRequestReviewComment,
  push: renderPush,
  create: renderCreate,
  delete: renderDelete,
  star: renderStar,
  release: renderRelease,
  workflow_run: renderWorkflowRun,
  workflow_job: renderWorkflowJob,
  discussion: renderDiscussion,
  discussion_comment: renderDiscussionComment,
};

/** The events channels can subscribe to, each rendered by this module. */
export const RENDERED_EVENTS: readonly string[] = Object.keys(RENDERERS);

export function renderEvent(event: string, payload: Json, options: RenderOptions): Rendered | Skipped {
  const render = RENDERERS[event];
  return render ? render(payload, options) : { skip: `${event} events are not posted to channels` };
}

// The X-GitHub-Event names the webhook accepts: `ping` (sent when a webhook is created) and the
// events Mattermost's GitHub plugin handles. Any other is refused, so a webhook set to "send me
// everything" shows its failures on GitHub instead of silently doing nothing here.
export const HANDLED_EVENTS: readonly string[] = [
  'ping',
  'pull_request',
  'issues',
  'issue_comment',
  'pull_request_review',
  'pull_request_review_comment',
  'push',
  'create',
  'delete',
  'star',
  'release',
  'workflow_run',
  'workflow_job',
  'discussion',
  'discussion_comment',
];

// Working on issues from chat, as one feature for index.ts: the issue subcommands (view, transition,
// assign, unassign, create), the routes of their cards and dialogs and of the post menu actions,
// and the issue previews of posted messages.
import type { Post, Router, Subcommand } from '@parley/plugin-api';
import type { JiraDeps } from '../deps.ts';
import { addPostActionRoutes } from '../issues-from-posts/post-actions.ts';
import { issuePreviews } from '../link-previews/issue-previews.ts';
import { addCardActionRoutes } from './card-actions.ts';
import { addCreateIssueRoutes, createSubcommand } from './create-command.ts';
import { issueSubcommands } from './issue-commands.ts';
import { issuesContext } from './jira-access.ts';

export interface IssueFeatures {
  subcommands: Subcommand[];
  addRoutes(router: Router): void;
  /** For messageHasBeenPosted. */
  previewIssues(post: Post): Promise<void>;
}

export function issueFeatures(deps: JiraDeps): IssueFeatures {
  const ctx = issuesContext(deps);
  return {
    subcommands: [...issueSubcommands(ctx), createSubcommand(ctx)],
    addRoutes(router) {
      addCardActionRoutes(router, ctx);
      addCreateIssueRoutes(router, ctx);
      addPostActionRoutes(router, ctx);
    },
    previewIssues: issuePreviews(ctx),
  };
}

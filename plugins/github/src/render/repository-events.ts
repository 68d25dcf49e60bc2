// Events about the repository as a whole: stars, releases, and GitHub Actions' finished runs and jobs.
import { field, text, type Json } from './payload.ts';
import { link, quoteBody, repoTag, userLink } from './markdown.ts';
import type { Rendered, Skipped } from './rendering.ts';

/** Conclusions of a workflow run that count as a failure (Mattermost's rule); others are not posted. */
export const FAILED_RUN_CONCLUSIONS = new Set(['failure', 'cancelled', 'timed_out']);

const RUN_OUTCOMES: Record<string, string> = { success: 'succeeded', failure: 'failed', cancelled: 'was cancelled', timed_out: 'timed out' };

export function renderStar(payload: Json): Rendered | Skipped {
  const action = text(payload, 'action');
  if (action !== 'created' && action !== 'deleted') return { skip: `star action "${action}" is not posted` };
  const repo = field(payload, 'repository');
  const count = text(repo, 'stargazers_count');
  return { headline: `${repoTag(repo)} ${userLink(field(payload, 'sender'))} ${action === 'created' ? 'starred' : 'unstarred'} the repository${count ? ` (${count} ⭐ now)` : ''}` };
}

export function renderRelease(payload: Json): Rendered | Skipped {
  const action = text(payload, 'action');
  if (action !== 'created' && action !== 'deleted') return { skip: `release action "${action}" is not posted` };
  const release = field(payload, 'release');
  const name = text(release, 'name') || text(release, 'tag_name');
  const shown = action === 'created' ? link(name, text(release, 'html_url')) : `\`${name}\``;
  return {
    headline: `${repoTag(field(payload, 'repository'))} ${userLink(field(payload, 'sender'))} ${action} release ${shown}`,
    body: action === 'created' ? quoteBody(text(release, 'body')) : undefined,
  };
}

export function renderWorkflowRun(payload: Json): Rendered | Skipped {
  const action = text(payload, 'action');
  if (action !== 'completed') return { skip: `workflow_run action "${action}" is not posted` };
  const run = field(payload, 'workflow_run');
  const conclusion = text(run, 'conclusion');
  if (conclusion !== 'success' && !FAILED_RUN_CONCLUSIONS.has(conclusion)) return { skip: `a workflow run ${conclusion ? `concluding "${conclusion}"` : 'without a conclusion'} is not posted` };
  const icon = conclusion === 'success' ? '✅' : '❌';
  return {
    headline: `${repoTag(field(payload, 'repository'))} ${icon} Workflow ${link(text(run, 'name') || text(field(payload, 'workflow'), 'name') || 'run', text(run, 'html_url'))} ${RUN_OUTCOMES[conclusion]} on \`${text(run, 'head_branch')}\``,
    details: [`Triggered by ${text(run, 'event') || 'an event'}, commit \`${text(run, 'head_sha').slice(0, 7)}\``],
  };
}

export function renderWorkflowJob(payload: Json): Rendered | Skipped {
  const action = text(payload, 'action');
  if (action !== 'completed') return { skip: `workflow_job action "${action}" is not posted` };
  const job = field(payload, 'workflow_job');
  const conclusion = text(job, 'conclusion');
  if (conclusion !== 'success' && conclusion !== 'failure') return { skip: `a workflow job ${conclusion ? `concluding "${conclusion}"` : 'without a conclusion'} is not posted` };
  const icon = conclusion === 'success' ? '✅' : '❌';
  return {
    headline: `${repoTag(field(payload, 'repository'))} ${icon} Job ${link(text(job, 'name') || 'job', text(job, 'html_url'))} of workflow ${text(job, 'workflow_name') || 'run'} ${conclusion === 'success' ? 'succeeded' : 'failed'} on \`${text(job, 'head_branch')}\``,
  };
}

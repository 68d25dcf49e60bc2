// Git refs moving: commits pushed to a branch, branches and tags created or deleted.
import { field, list, text, type Json } from './payload.ts';
import { defuseMentions, firstLine, link, linkText, repoTag, userLink } from './markdown.ts';
import type { RenderOptions, Rendered, Skipped } from './rendering.ts';

/** Commits listed in a push post; GitHub sends at most 20, and a channel does not need more than this. */
const MAX_LISTED_COMMITS = 10;

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

export function renderPush(payload: Json, options: RenderOptions): Rendered | Skipped {
  const commits = list(payload, 'commits');
  // A push without commits is a branch created or deleted, or a force-push to an older commit:
  // the create and delete events tell the first two better.
  if (commits.length === 0) return { skip: 'a push without commits is not posted' };
  const repo = field(payload, 'repository');
  const branch = refName(text(payload, 'ref'));
  const branchLink = link(branch, `${text(repo, 'html_url')}/tree/${encodeURIComponent(branch)}`);
  const pusher = text(field(payload, 'sender'), 'login') ? userLink(field(payload, 'sender')) : linkText(text(field(payload, 'pusher'), 'name'));
  const count = commits.length === 1 ? '1 commit' : `${commits.length} commits`;
  const lines = commits.slice(0, MAX_LISTED_COMMITS).map((commit) => {
    const sha = text(commit, 'id').slice(0, 7);
    const author = options.showCommitAuthor && text(field(commit, 'author'), 'name') ? ` — ${linkText(text(field(commit, 'author'), 'name'))}` : '';
    return `- ${link(sha, text(commit, 'url'))} ${defuseMentions(linkText(firstLine(text(commit, 'message'))))}${author}`;
  });
  if (commits.length > MAX_LISTED_COMMITS) lines.push(`- … and ${commits.length - MAX_LISTED_COMMITS} more (${link('compare', text(payload, 'compare'))})`);
  return { headline: `${repoTag(repo)} ${pusher} ${link(`pushed ${count}`, text(payload, 'compare'))} to ${branchLink}`, details: lines };
}

function refChange(payload: Json, verb: 'created' | 'deleted', event: string): Rendered | Skipped {
  const type = text(payload, 'ref_type');
  if (type !== 'branch' && type !== 'tag') return { skip: `${event} of a ${type || 'ref of no type'} is not posted` };
  const repo = field(payload, 'repository');
  const name = text(payload, 'ref');
  const shown = verb === 'created' ? link(name, `${text(repo, 'html_url')}/tree/${encodeURIComponent(name)}`) : `\`${name.replace(/`/g, "'")}\``;
  return { headline: `${repoTag(repo)} ${userLink(field(payload, 'sender'))} ${verb} ${type} ${shown}` };
}

export function renderCreate(payload: Json): Rendered | Skipped {
  return refChange(payload, 'created', 'create');
}

export function renderDelete(payload: Json): Rendered | Skipped {
  return refChange(payload, 'deleted', 'delete');
}

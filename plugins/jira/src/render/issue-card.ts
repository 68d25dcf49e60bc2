// An issue as a card: a Slack-style attachment (title linking to the issue, status, assignee,
// priority, the start of the description), the shape `/jira view`, shared cards and link previews
// use. The card's controls (transition select, Assign, Share publicly) are added by the caller.
import type { PostAction } from '@parley/plugin-api';
import type { JiraIssue } from '../jira-api/issues-api.ts';

/** How much of the description a card shows. */
const DESCRIPTION_EXCERPT = 300;

/** Colours of Jira's status categories: to do, in progress, done. */
const CATEGORY_COLOURS: Record<string, string> = { new: '#42526E', indeterminate: '#0052CC', done: '#00875A' };

export interface SlackAttachment {
  color?: string;
  fallback?: string;
  pretext?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: Array<{ title: string; value: string; short: boolean }>;
  footer?: string;
  actions?: PostAction[];
}

/** The first `max` characters of the text, cut at a word and marked when cut. */
export function excerpt(text: string, max = DESCRIPTION_EXCERPT): string {
  const clean = text.replace(/\r\n/g, '\n').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function issueCard(issue: JiraIssue, url: string, actions: PostAction[] = []): SlackAttachment {
  const { fields } = issue;
  const description = fields.description ? excerpt(fields.description) : '';
  return {
    color: CATEGORY_COLOURS[fields.status?.statusCategory?.key ?? ''] ?? CATEGORY_COLOURS.new,
    fallback: `${issue.key}: ${fields.summary} (${url})`,
    title: `${issue.key}: ${fields.summary}`,
    title_link: url,
    ...(description ? { text: description } : {}),
    fields: [
      { title: 'Status', value: fields.status?.name ?? 'Unknown', short: true },
      { title: 'Assignee', value: fields.assignee?.displayName ?? 'Unassigned', short: true },
      { title: 'Priority', value: fields.priority?.name ?? 'None', short: true },
      ...(fields.issuetype ? [{ title: 'Type', value: fields.issuetype.name, short: true }] : []),
    ],
    ...(fields.project ? { footer: fields.project.name } : {}),
    ...(actions.length > 0 ? { actions } : {}),
  };
}

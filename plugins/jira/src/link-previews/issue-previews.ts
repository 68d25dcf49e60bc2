// Issue previews: once a message is saved (messageHasBeenPosted, so no one's post waits on Jira),
// the issue keys it mentions (`PROJ-12`, on the poster's default instance) and the links to issues
// of installed instances (`<site>/browse/PROJ-12`) are read from Jira as the poster, and the post
// gains a card for each — at most three, and only those the poster may see, since everyone in the
// channel will read them. Posters who are not connected, code, system messages and the plugin's
// own posts get no preview.
import type { Post } from '@parley/plugin-api';
import type { Instance } from '../instances/instance.ts';
import { browseUrl, NoJiraAccessError, type IssuesContext, type JiraAccess } from '../issues/jira-access.ts';
import { getIssue } from '../jira-api/issues-api.ts';
import { JiraApiError } from '../jira-api/jira-api-error.ts';
import { ensureJiraBot } from '../jira-bot.ts';
import { issueCard, type SlackAttachment } from '../render/issue-card.ts';

export const MAX_PREVIEWS = 3;

/** A cheap first look: could the message mention an issue at all? */
const MAY_MENTION = /[A-Z][A-Z0-9_]+-\d/;
const KEY = /(?<![\w/-])([A-Z][A-Z0-9_]+-\d+)(?![\w-])/g;
const BROWSE = /(https?:\/\/[^\s)<>\]]+?)\/browse\/([A-Z][A-Z0-9_]+-\d+)(?![\w-])/g;

export interface IssueMention {
  key: string;
  /** The instance a link names; undefined for a bare key (the poster's default instance). */
  instance?: Instance;
}

/** The message without code (fenced blocks and inline), where keys are not meant as references. */
function withoutCode(message: string): string {
  return message.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** The distinct issues a message mentions, links first in the order written, then bare keys. */
export function findIssueMentions(message: string, instances: readonly Instance[]): IssueMention[] {
  const text = withoutCode(message);
  const mentions: IssueMention[] = [];
  const seen = new Set<string>();
  const add = (mention: IssueMention) => {
    const id = `${mention.instance?.id ?? ''}|${mention.key}`;
    if (!seen.has(id)) {
      seen.add(id);
      mentions.push(mention);
    }
  };
  const linked = new Set<string>();
  for (const match of text.matchAll(BROWSE)) {
    const site = match[1]!.replace(/\/+$/, '').toLowerCase();
    const instance = instances.find((candidate) => candidate.id.toLowerCase() === site);
    linked.add(match[2]!);
    if (instance) add({ key: match[2]!, instance });
  }
  for (const match of text.replace(BROWSE, ' ').matchAll(KEY)) if (!linked.has(match[1]!)) add({ key: match[1]! });
  return mentions;
}

export function issuePreviews(ctx: IssuesContext): (post: Post) => Promise<void> {
  return async (post) => {
    if (post.type !== '' || !post.user_id || !MAY_MENTION.test(post.message)) return;
    if (post.user_id === (await ensureJiraBot(ctx.api))) return;
    const mentions = findIssueMentions(post.message, await ctx.instances());
    if (mentions.length === 0) return;
    const byInstance = new Map<string, JiraAccess | null>();
    const accessFor = async (instance: Instance | undefined): Promise<JiraAccess | null> => {
      const id = instance?.id ?? '';
      if (!byInstance.has(id)) {
        byInstance.set(id, instance ? await ctx.accessOn(instance, post.user_id) : await ctx.access(post.user_id).catch((err: unknown) => {
          if (err instanceof NoJiraAccessError) return null;
          throw err;
        }));
      }
      return byInstance.get(id)!;
    };
    const cards: SlackAttachment[] = [];
    const shown = new Set<string>();
    for (const mention of mentions) {
      if (cards.length >= MAX_PREVIEWS) break;
      const access = await accessFor(mention.instance);
      if (!access || shown.has(`${access.instance.id}|${mention.key}`)) continue;
      const issue = await getIssue(access.client, mention.key).catch(async (err: unknown) => {
        // An unknown issue, or one the poster may not see, simply gets no preview.
        if (!(err instanceof JiraApiError && [401, 403, 404].includes(err.status))) await ctx.api.log.warn('a Jira issue preview failed', { post_id: post.id, error: (err as Error).message });
        return undefined;
      });
      if (!issue) continue;
      shown.add(`${access.instance.id}|${mention.key}`);
      cards.push(issueCard(issue, browseUrl(access.instance, issue.key)));
    }
    if (cards.length === 0) return;
    const existing = Array.isArray(post.props?.attachments) ? (post.props.attachments as unknown[]) : [];
    await ctx.api.posts.update({ id: post.id, props: { ...post.props, attachments: [...existing, ...cards] } });
  };
}

// Personal notifications: for each webhook delivery, a direct message from the bot to each connected
// user it concerns — a review requested of them, their pull request merged or closed, a comment or
// review on their pull request or issue, an @mention, an assignment — never to whoever caused it,
// nor to someone who turned notifications off or muted that GitHub user, nor about a private
// repository their own token cannot see. At most one message per person per delivery.
import type { DeliveryConsumer } from '../delivery.ts';
import { clientFor, type GitHubContext } from '../connect/github-context.ts';
import { readSettings } from '../settings.ts';
import { githubMentions } from './github-mentions.ts';
import type { Preferences } from './user-preferences.ts';

interface Account {
  login?: string;
  html_url?: string;
}

interface Thread {
  number?: number;
  title?: string;
  html_url?: string;
  body?: string | null;
  draft?: boolean;
  merged?: boolean;
  user?: Account;
  pull_request?: unknown;
}

interface Payload {
  action?: string;
  sender?: Account;
  repository?: { full_name?: string; html_url?: string; private?: boolean; name?: string; owner?: Account };
  pull_request?: Thread;
  issue?: Thread;
  comment?: { body?: string | null; html_url?: string };
  review?: { body?: string | null; state?: string; html_url?: string };
  requested_reviewer?: Account;
  assignee?: Account;
}

/** One person a delivery concerns, and what to tell them. */
interface Recipient {
  login: string;
  message: string;
}

const EXCERPT = 400;

export function personalNotifications(ctx: GitHubContext, preferences: Preferences): DeliveryConsumer {
  return async (delivery) => {
    const payload = delivery.payload as Payload;
    const sender = payload.sender?.login ?? '';
    if (isDraftPullRequest(payload) && !(await readSettings(ctx.api)).GetNotificationForDraftPRs) return 'personal notifications: none for a draft pull request';
    const recipients = recipientsOf(delivery.event, payload);
    const notified: string[] = [];
    const seen = new Set<string>();
    for (const recipient of recipients) {
      const login = recipient.login.toLowerCase();
      if (!login || login === sender.toLowerCase() || seen.has(login)) continue;
      seen.add(login);
      const userId = await ctx.connections.userForLogin(login);
      if (!userId || !(await wantsIt(ctx, preferences, userId, sender, payload))) continue;
      await ctx.bot.sendDirect(userId, recipient.message);
      notified.push(login);
    }
    return notified.length ? `personal notifications: ${notified.join(', ')}` : 'personal notifications: none';
  };
}

async function wantsIt(ctx: GitHubContext, preferences: Preferences, userId: string, sender: string, payload: Payload): Promise<boolean> {
  const prefs = await preferences.get(userId);
  if (!prefs.notifications || prefs.muted.includes(sender.toLowerCase())) return false;
  const repo = payload.repository;
  if (!repo?.private) return true;
  // A private repository: only for someone whose own token can see it, as GitHub would decide.
  try {
    const [owner = '', name = ''] = (repo.full_name ?? '').split('/');
    await (await clientFor(ctx, userId)).getRepository(owner, name);
    return true;
  } catch {
    return false;
  }
}

function isDraftPullRequest(payload: Payload): boolean {
  return payload.pull_request?.draft === true;
}

function recipientsOf(event: string, payload: Payload): Recipient[] {
  const action = payload.action ?? '';
  const thread = payload.pull_request ?? payload.issue;
  if (!thread) return [];
  const isPull = payload.pull_request !== undefined || payload.issue?.pull_request !== undefined;
  const who = link(payload.sender);
  const what = `${isPull ? 'pull request' : 'issue'} ${threadLink(thread)} in ${repoLink(payload)}`;
  const author = thread.user?.login ?? '';
  const mentioned = (text: string | null | undefined, where: string): Recipient[] =>
    githubMentions(text ?? '').map((login) => ({ login, message: `${who} mentioned you in ${where}:${quote(text)}` }));

  switch (event) {
    case 'pull_request':
      if (action === 'review_requested') return [{ login: payload.requested_reviewer?.login ?? '', message: `${who} requested your review on ${what}.` }];
      if (action === 'closed') return [{ login: author, message: `${who} ${thread.merged ? 'merged' : 'closed'} your ${what}.` }];
      if (action === 'reopened') return [{ login: author, message: `${who} reopened your ${what}.` }];
      if (action === 'assigned') return [{ login: payload.assignee?.login ?? '', message: `${who} assigned you to ${what}.` }];
      if (action === 'opened') return mentioned(thread.body, what);
      return [];
    case 'issues':
      if (action === 'closed' || action === 'reopened') return [{ login: author, message: `${who} ${action} your ${what}.` }];
      if (action === 'assigned') return [{ login: payload.assignee?.login ?? '', message: `${who} assigned you to ${what}.` }];
      if (action === 'opened') return mentioned(thread.body, what);
      return [];
    case 'issue_comment':
    case 'pull_request_review_comment': {
      if (action !== 'created') return [];
      const body = payload.comment?.body;
      const commented = `a comment on ${what}`;
      return [...mentioned(body, commented), { login: author, message: `${who} commented on your ${what}:${quote(body)}` }];
    }
    case 'pull_request_review': {
      if (action !== 'submitted') return [];
      const body = payload.review?.body;
      const verb = payload.review?.state === 'approved' ? 'approved' : payload.review?.state === 'changes_requested' ? 'requested changes on' : 'reviewed';
      return [...mentioned(body, `a review of ${what}`), { login: author, message: `${who} ${verb} your ${what}.${quote(body)}` }];
    }
    default:
      return [];
  }
}

function link(account: Account | undefined): string {
  const login = account?.login ?? 'someone';
  return account?.html_url ? `[${login}](${account.html_url})` : login;
}

function threadLink(thread: Thread): string {
  const label = `#${thread.number ?? '?'} ${oneLine(thread.title ?? '')}`.trim();
  return thread.html_url ? `[${label}](${thread.html_url})` : label;
}

function repoLink(payload: Payload): string {
  const name = payload.repository?.full_name ?? 'a repository';
  return payload.repository?.html_url ? `[${name}](${payload.repository.html_url})` : name;
}

/** A text's first lines as a Markdown quote, or nothing for an empty text. */
function quote(text: string | null | undefined): string {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return '';
  const excerpt = trimmed.length > EXCERPT ? `${trimmed.slice(0, EXCERPT)}…` : trimmed;
  return `\n${excerpt.split('\n').map((line) => `> ${line}`).join('\n')}`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[[\]]/g, '');
}

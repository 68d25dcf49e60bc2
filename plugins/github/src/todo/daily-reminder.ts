// The daily reminder: one recurring job walks the connected users and sends each who has reminders
// on (the default) their to-do list, once a day at most and only when something is waiting. One job
// for everyone, since the scheduler keeps at most 100 jobs per plugin.
import { githubUrls } from '../github-api/github-urls.ts';
import { clientFor, type GitHubContext } from '../connect/github-context.ts';
import type { Preferences } from '../notifications/user-preferences.ts';
import { readSettings } from '../settings.ts';
import { isEmpty, readTodoList, renderTodoList } from './todo-list.ts';

export const REMINDER_JOB = 'daily-todo-reminder';
const DAY = 24 * 60 * 60 * 1000;
/** A reminder sent less than this long ago is not sent again (a job rescheduled, a run repeated). */
const MIN_GAP = 20 * 60 * 60 * 1000;

export async function scheduleDailyReminder(ctx: GitHubContext): Promise<void> {
  const jobs = await ctx.api.scheduler.list();
  if (!jobs.some((job) => job.key === REMINDER_JOB)) await ctx.api.scheduler.schedule({ key: REMINDER_JOB, intervalMs: DAY });
}

/** Sends today's reminders; answers how many were sent. A user whose GitHub fails is skipped, not the rest. */
export async function sendDailyReminders(ctx: GitHubContext, preferences: Preferences, now = Date.now()): Promise<number> {
  const web = githubUrls(await readSettings(ctx.api)).web;
  let sent = 0;
  for await (const userId of ctx.connections.userIds()) {
    const prefs = await preferences.get(userId);
    if (!prefs.reminders || now - prefs.last_reminder_at < MIN_GAP) continue;
    try {
      const connection = await ctx.connections.get(userId);
      if (!connection) continue;
      const todo = await readTodoList(await clientFor(ctx, userId), connection.github_login);
      if (isEmpty(todo)) continue;
      await ctx.bot.sendDirect(userId, `#### Your GitHub to-dos for today\n${renderTodoList(todo, web)}\n\n_Turn this off with \`/github settings reminders off\`._`);
      await preferences.update(userId, (current) => ({ ...current, last_reminder_at: now }));
      sent++;
    } catch (err) {
      await ctx.api.log.warn('daily GitHub reminder not sent', { user_id: userId, error: (err as Error).message });
    }
  }
  return sent;
}

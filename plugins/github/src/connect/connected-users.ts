// The features of users connected to GitHub, as one piece for index.ts to wire: the connect,
// preference and to-do commands, the OAuth routes, the post menu's issue and comment actions, the personal-notifications delivery consumer,
// what activation sets up (generated secrets, the token key, the bot, the daily reminder) and the
// reminder's job.
import type { PluginAPI, Router, ScheduledJobRun } from '@parley/plugin-api';
import type { DeliveryConsumer } from '../delivery.ts';
import { personalNotifications } from '../notifications/personal-notifications.ts';
import { preferenceSubcommands } from '../notifications/preference-commands.ts';
import { Preferences } from '../notifications/user-preferences.ts';
import { ensureGeneratedSettings } from '../settings.ts';
import type { Subcommand } from '@parley/plugin-api';
import { REMINDER_JOB, scheduleDailyReminder, sendDailyReminders } from '../todo/daily-reminder.ts';
import { todoSubcommands } from '../todo/todo-command.ts';
import { addTodoRoutes } from '../todo/todo-route.ts';
import { BotMessages } from './bot-messages.ts';
import { connectSubcommands } from './connect-commands.ts';
import { Connections } from './connections.ts';
import type { GitHubContext } from './github-context.ts';
import { addConnectRoutes } from './oauth-routes.ts';
import { addPostActionRoutes } from '../issues-from-posts/post-actions.ts';

export interface ConnectedUsers {
  subcommands: Subcommand[];
  notifications: DeliveryConsumer;
  addRoutes(router: Router): void;
  activate(): Promise<void>;
  /** Runs the job when it is one of these features'; answers whether it was. */
  runJob(job: ScheduledJobRun): Promise<boolean>;
}

export function connectedUsers(api: PluginAPI): ConnectedUsers {
  const ctx: GitHubContext = { api, connections: new Connections(api), bot: new BotMessages(api) };
  const preferences = new Preferences(api);
  return {
    subcommands: [...connectSubcommands(ctx), ...todoSubcommands(ctx), ...preferenceSubcommands(ctx, preferences)],
    notifications: personalNotifications(ctx, preferences),
    addRoutes(router) {
      addConnectRoutes(router, ctx);
      addPostActionRoutes(router, ctx);
      addTodoRoutes(router, ctx);
    },
    async activate() {
      await ensureGeneratedSettings(api);
      await ctx.connections.ensureKey();
      await ctx.bot.botId();
      await scheduleDailyReminder(ctx);
    },
    async runJob(job) {
      if (job.key !== REMINDER_JOB) return false;
      await sendDailyReminders(ctx, preferences);
      return true;
    },
  };
}

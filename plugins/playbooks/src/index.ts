// playbooks: Mattermost's Playbooks as a sandboxed plugin with Mattermost's plugin id, so scripts
// and clients written for /plugins/playbooks/api/v0/... keep working. Data lives in the plugin's
// own SQL schema (store/migrations). This file wires the parts.
import { createRouter, definePlugin, jsonResponse } from '@parley/plugin-api';
import { addCommandAutocompleteRoutes, addCommandDialogRoutes, playbookCommand } from './command/playbook-command.ts';
import { addPlaybookRoutes, authenticated } from './http/playbook-routes.ts';
import { addRunRoutes } from './http/run-routes.ts';
import { KeywordPrompts } from './keywords/keyword-prompts.ts';
import { PlaybookAccess } from './playbooks/playbook-access.ts';
import { PlaybookService } from './playbooks/playbook-service.ts';
import { ensurePlaybooksBot } from './playbooks-bot.ts';
import { RunChecklists } from './runs/run-checklists.ts';
import { RunFollowers } from './runs/run-followers.ts';
import { RunRetrospective } from './runs/run-retrospective.ts';
import { REMINDER_SWEEP_KEY, REMINDER_SWEEP_MS, RunService } from './runs/run-service.ts';
import { FollowStore } from './store/follow-store.ts';
import { PlaybookStore } from './store/playbook-store.ts';
import { RunStore } from './store/run-store.ts';
import { addPostMenuRoutes } from './ui/post-menu-routes.ts';
import { addViewRoutes } from './ui/view-routes.ts';
import { PlaybookStats } from './stats/playbook-stats.ts';
import { SiteStats } from './stats/site-stats.ts';
import { StatsStore } from './store/stats-store.ts';

export default definePlugin((api) => {
  const router = createRouter();
  const playbooks = new PlaybookService(api, new PlaybookStore(api));
  const followers = new RunFollowers(api, new FollowStore(api), playbooks);
  addPlaybookRoutes(router, api, playbooks, followers);
  const runs = new RunService(api, new RunStore(api), playbooks, followers);
  const checklists = new RunChecklists(runs);
  // The dialog and autocomplete routes first: /runs/dialog is not a run id.
  addCommandDialogRoutes(router, api, runs);
  addPostMenuRoutes(router, api, playbooks, runs);
  addViewRoutes(router, api, runs);
  addCommandAutocompleteRoutes(router, api, runs);
  addRunRoutes(router, api, runs, checklists, new RunRetrospective(api, runs, playbooks));
  const keywords = new KeywordPrompts(api, playbooks);
  keywords.addRoutes(router);
  const statsStore = new StatsStore(api);
  const siteStats = new SiteStats(api, statsStore);
  const playbookStats = new PlaybookStats(api, statsStore, playbooks);
  router.get('/api/v0/stats/site', authenticated(async (request) => jsonResponse(200, await siteStats.get(request.user_id))));
  router.get('/api/v0/stats/playbook', authenticated(async (request) => jsonResponse(200, await playbookStats.get(new PlaybookAccess(api, request.user_id), request.query.playbook_id))));
  return {
    async onActivate() {
      // Reminders are posted by the plugin's bot.
      keywords.setBotUserId(await ensurePlaybooksBot(api));
      const { command, handler } = playbookCommand(api, playbooks, runs, checklists);
      await api.commands.register(command, handler);
      await api.scheduler.schedule({ key: REMINDER_SWEEP_KEY, intervalMs: REMINDER_SWEEP_MS });
    },
    async messageHasBeenPosted(_ctx, post) {
      await keywords.messageHasBeenPosted(post);
    },
    async runScheduledJob() {
      await runs.sendDueReminders(Date.now());
    },
    serveHttp: router.serve,
  };
});

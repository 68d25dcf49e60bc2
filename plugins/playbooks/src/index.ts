// playbooks: Mattermost's Playbooks as a sandboxed plugin with Mattermost's plugin id, so scripts
// and clients written for /plugins/playbooks/api/v0/... keep working. Data lives in the plugin's
// own SQL schema (store/migrations). This file wires the parts.
import { createRouter, definePlugin } from '@parley/plugin-api';
import { addCommandDialogRoutes, playbookCommand } from './command/playbook-command.ts';
import { addPlaybookRoutes } from './http/playbook-routes.ts';
import { addRunRoutes } from './http/run-routes.ts';
import { PlaybookService } from './playbooks/playbook-service.ts';
import { REMINDER_SWEEP_KEY, REMINDER_SWEEP_MS, RunService } from './runs/run-service.ts';
import { PlaybookStore } from './store/playbook-store.ts';
import { RunStore } from './store/run-store.ts';
import { addPostMenuRoutes } from './ui/post-menu-routes.ts';
import { addViewRoutes } from './ui/view-routes.ts';

export default definePlugin((api) => {
  const router = createRouter();
  const playbooks = new PlaybookService(api, new PlaybookStore(api));
  addPlaybookRoutes(router, api, playbooks);
  const runs = new RunService(api, new RunStore(api), playbooks);
  // The dialog routes first: /runs/dialog is not a run id.
  addCommandDialogRoutes(router, api, runs);
  addPostMenuRoutes(router, api, playbooks, runs);
  addViewRoutes(router, api, runs);
  addRunRoutes(router, api, runs);
  return {
    async onActivate() {
      // Reminders are posted by the plugin's bot.
      await api.bots.ensureBot({ username: 'playbooks', display_name: 'Playbooks', description: 'Posts run reminders for the Playbooks plugin.' });
      const { command, handler } = playbookCommand(api, playbooks, runs);
      await api.commands.register(command, handler);
      await api.scheduler.schedule({ key: REMINDER_SWEEP_KEY, intervalMs: REMINDER_SWEEP_MS });
    },
    async runScheduledJob() {
      await runs.sendDueReminders(Date.now());
    },
    serveHttp: router.serve,
  };
});

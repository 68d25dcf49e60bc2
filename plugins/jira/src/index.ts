// jira: Jira Cloud and Jira Server / Data Center in Parley's channels, as a sandboxed plugin with
// Mattermost's plugin id, so a migrating team keeps its webhook URLs (/plugins/jira/...) and its
// /jira command. Each feature is its own module contributing subcommands, routes or hooks; this
// file wires them.
import { commandTree, createRouter, definePlugin, type Subcommand } from '@parley/plugin-api';
import { connectSubcommands } from './connect/connect-commands.ts';
import { addConnectRoutes } from './connect/connect-routes.ts';
import { Connections } from './connect/connections.ts';
import type { JiraDeps } from './deps.ts';
import { addCloudOAuthSetupRoutes } from './instances/cloud-oauth-setup.ts';
import { instanceSubcommands } from './instances/instance-commands.ts';
import { InstanceStore } from './instances/instance-store.ts';
import { issueFeatures } from './issues/issue-features.ts';
import { ensureGeneratedSettings, readSettings } from './settings.ts';
import { subscribeSubcommands } from './subscriptions/subscribe-command.ts';
import { addSubscriptionDialogRoutes } from './subscriptions/subscription-dialog.ts';
import { addSubscriptionRoutes } from './subscriptions/subscription-routes.ts';
import { webhookSubcommand } from './webhook/webhook-command.ts';
import { addWebhookRoutes } from './webhook/webhook-route.ts';

const JIRA_COMMAND = {
  trigger: 'jira',
  display_name: 'Jira',
  description: 'Connect to Jira, subscribe channels to issues, and view, create and change issues.',
  helpTitle: 'Jira commands',
  helpFooter: async (api: JiraDeps['api']) => (await readSettings(api)).JiraAdminAdditionalHelpText,
};

export default definePlugin((api) => {
  const deps: JiraDeps = { api, instances: new InstanceStore(api), connections: new Connections(api) };
  const issues = issueFeatures(deps);
  const subcommands: Subcommand[] = [...connectSubcommands(deps), ...instanceSubcommands(deps), ...issues.subcommands];
  const routes = createRouter();
  addConnectRoutes(routes, deps);
  addCloudOAuthSetupRoutes(routes, deps);
  issues.addRoutes(routes);
  addWebhookRoutes(routes, deps);
  const subscriptions = addSubscriptionRoutes(routes, deps);
  addSubscriptionDialogRoutes(routes, api, subscriptions);
  subcommands.push(webhookSubcommand(deps), ...subscribeSubcommands(deps, subscriptions));

  return {
    async onActivate() {
      const settings = await ensureGeneratedSettings(api);
      await deps.connections.ensureKey();
      const { command, handler } = commandTree(api, JIRA_COMMAND, subcommands);
      await api.commands.register({ ...command, auto_complete: settings.EnableAutocomplete }, handler);
    },

    serveHttp: routes.serve,

    async messageHasBeenPosted(_ctx, post) {
      await issues.previewIssues(post);
    },
  };
});

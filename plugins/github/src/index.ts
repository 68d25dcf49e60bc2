// github: GitHub in Parley's channels, as a sandboxed plugin with Mattermost's plugin id, so a
// migrating team keeps its webhook URL (/plugins/github/webhook) and its /github command. Each
// feature is its own module contributing subcommands, routes or scheduled jobs; this file wires them.
import { commandTree, createRouter, definePlugin, type Subcommand } from '@parley/plugin-api';
import { connectedUsers } from './connect/connected-users.ts';
import type { DeliveryConsumer } from './delivery.ts';
import { Connections } from './connect/connections.ts';
import { codePreviews } from './link-previews/code-previews.ts';
import { addSubscriptionDialogRoutes } from './subscriptions/subscription-dialog.ts';
import { subscriptionPoster } from './subscriptions/subscription-poster.ts';
import { subscriptionsSubcommand } from './subscriptions/subscriptions-command.ts';
import { webhookSubcommand } from './webhook/webhook-command.ts';
import { addWebhookRoutes } from './webhook/webhook-route.ts';

const GITHUB_COMMAND = {
  trigger: 'github',
  display_name: 'GitHub',
  description: 'Connect your GitHub account, subscribe channels to repositories and see your to-dos.',
  helpTitle: 'GitHub commands',
};

export default definePlugin((api) => {
  const users = connectedUsers(api);
  const subcommands: Subcommand[] = [...users.subcommands, subscriptionsSubcommand, webhookSubcommand];
  const routes = createRouter();
  users.addRoutes(routes);
  // What acts on each verified webhook delivery, in this order.
  const consumers: DeliveryConsumer[] = [subscriptionPoster(api), users.notifications];
  addWebhookRoutes(routes, { api, consumers });
  addSubscriptionDialogRoutes(routes, api);
  const previewCode = codePreviews(api, new Connections(api));

  return {
    async onActivate() {
      await users.activate();
      const { command, handler } = commandTree(api, GITHUB_COMMAND, subcommands);
      await api.commands.register(command, handler);
    },

    serveHttp: routes.serve,

    async messageHasBeenPosted(_ctx, post) {
      await previewCode(post);
    },

    async runScheduledJob(job) {
      await users.runJob(job);
    },
  };
});

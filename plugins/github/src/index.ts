// github: GitHub in Parley's channels, as a sandboxed plugin with Mattermost's plugin id, so a
// migrating team keeps its webhook URL (/plugins/github/webhook) and its /github command. Each
// feature is its own module contributing subcommands, routes or scheduled jobs; this file wires them.
import { createRouter, definePlugin } from '@parley/plugin-api';
import { connectedUsers } from './connect/connected-users.ts';
import type { DeliveryConsumer } from './delivery.ts';
import { Connections } from './connect/connections.ts';
import { githubCommand, githubCommandHandler } from './github-command.ts';
import { codePreviews } from './link-previews/code-previews.ts';
import type { Subcommand } from './subcommand.ts';
import { addSubscriptionDialogRoutes } from './subscriptions/subscription-dialog.ts';
import { subscriptionPoster } from './subscriptions/subscription-poster.ts';
import { subscriptionsSubcommand } from './subscriptions/subscriptions-command.ts';
import { webhookSubcommand } from './webhook/webhook-command.ts';
import { addWebhookRoutes } from './webhook/webhook-route.ts';

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
      await api.commands.register(githubCommand(subcommands), githubCommandHandler(api, subcommands));
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

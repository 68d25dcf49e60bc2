// What every route handler gets: the API, the request, the settings read for it and the tables.
import type { HttpRequest, HttpResponse, PluginAPI } from '@parley/plugin-api';
import type { HookTable } from './hook-table.ts';
import type { IncomingWebhook } from './incoming-webhook.ts';
import type { OutgoingWebhook } from './outgoing-webhook.ts';
import type { WebhookSettings } from './server-settings.ts';

/** What lives as long as the plugin: the API and the two hook tables. */
export interface WebhookTables {
  api: PluginAPI;
  incoming: HookTable<IncomingWebhook>;
  outgoing: HookTable<OutgoingWebhook>;
}

export interface RouteScope extends WebhookTables {
  request: HttpRequest;
  settings: WebhookSettings;
}

/** Answers one route; throws an HttpError for Mattermost's error answers. */
export type ScopedHandler = (scope: RouteScope, params: Record<string, string>) => Promise<HttpResponse>;

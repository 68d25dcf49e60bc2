// What every route handler gets: the API, the request, the settings read for it and the tables.
import type { HttpRequest, HttpResponse, PluginAPI } from '@parley/plugin-api';
import type { HookTable } from './hook-table.ts';
import type { IncomingWebhook } from './incoming-webhook.ts';
import type { OutgoingWebhook } from './outgoing-webhook.ts';
import type { WebhookSettings } from './server-settings.ts';

export interface RouteScope {
  api: PluginAPI;
  request: HttpRequest;
  settings: WebhookSettings;
  incoming: HookTable<IncomingWebhook>;
  outgoing: HookTable<OutgoingWebhook>;
}

export type RouteHandler = (scope: RouteScope, params: Record<string, string>) => Promise<HttpResponse>;

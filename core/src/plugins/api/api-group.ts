// What each API group module is given and what it exports: handlers by method name.
import type { Manifest } from '@parley/plugin-api';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import type { EventBus } from '../../cluster/event-bus.ts';
import type { Services } from '../../app/services.ts';
import type { BotService } from '../../app/bot-service.ts';
import type { PluginKvService } from '../plugin-kv-service.ts';
import type { PluginJobService } from '../plugin-job-service.ts';
import type { PluginCommands } from '../plugin-commands.ts';
import type { Arguments } from './arguments.ts';

export interface ApiCall {
  manifest: Manifest;
  args: Arguments;
  /** A prepackaged or admin-trusted plugin (plugin-trust.ts). */
  trusted: boolean;
}

export type ApiHandler = (call: ApiCall) => Promise<unknown>;

/** Handlers of one group, by method name (the part after the dot). */
export type ApiGroup = Readonly<Record<string, ApiHandler>>;

export interface ApiDeps {
  services: Services;
  bots: BotService;
  kv: PluginKvService;
  jobs: PluginJobService;
  commands: PluginCommands;
  config: ConfigService;
  events: EventBus;
  logger: Logger;
}

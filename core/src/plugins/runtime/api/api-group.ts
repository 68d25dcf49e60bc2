// What each API group module is given and what it exports: the handlers of exactly the methods
// PluginAPI gives its group, so a method missing or misspelt on either side fails the type check.
import type { LocalApiMethod, Manifest, PluginAPI } from '@parley/plugin-api';
import type { ConfigService } from '../../../config/config-service.ts';
import type { Logger } from '../../../logger.ts';
import type { EventBus } from '../../../cluster/event-bus.ts';
import type { Services } from '../../../app/services.ts';
import type { BotService } from '../../../app/bot-service.ts';
import type { PluginKvService } from '../plugin-kv-service.ts';
import type { PluginJobService } from '../plugin-job-service.ts';
import type { PluginCommands } from '../plugin-commands.ts';
import type { PluginCommandRunner } from '../plugin-command-runner.ts';
import type { Arguments } from './arguments.ts';
import type { EphemeralPosts } from '../ephemeral-post.ts';
import type { IntegrationActions } from '../integration-actions.ts';
import type { PluginStores } from '../plugin-stores.ts';
import type { PluginOAuth } from '../plugin-oauth.ts';

export interface ApiCall {
  manifest: Manifest;
  args: Arguments;
  /** A prepackaged or admin-trusted plugin (plugin-trust.ts). */
  trusted: boolean;
}

export type ApiHandler = (call: ApiCall) => Promise<unknown>;

/** An API group's name: the part of a method name before the dot, and the manifest permission it needs. */
export type ApiGroupName = keyof PluginAPI;

/** The handlers of group `G`, by method name (the part after the dot): one for each method PluginAPI gives it. */
export type ApiGroup<G extends ApiGroupName> = { readonly [M in keyof PluginAPI[G] as `${G}.${M & string}` extends LocalApiMethod ? never : M]: ApiHandler };

/** Every group's handlers: what the plugin API host answers with. */
export type ApiGroups = { readonly [G in ApiGroupName]: ApiGroup<G> };

export interface ApiDeps {
  services: Services;
  bots: BotService;
  kv: PluginKvService;
  jobs: PluginJobService;
  commands: PluginCommands;
  /** Runs slash commands as a user (commands.execute). */
  commandRunner: PluginCommandRunner;
  config: ConfigService;
  events: EventBus;
  logger: Logger;
  ephemeral: EphemeralPosts;
  integrationActions: IntegrationActions;
  stores: PluginStores;
  oauth: PluginOAuth;
}

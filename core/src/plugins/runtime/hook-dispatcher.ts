// Calls the hooks of the running plugins on behalf of the core (the PluginHooks seam).
//
// "Will" hooks run one plugin after the other (ordered by plugin id) within
// PluginSettings.BlockingHookTimeoutMs each; a replacement post is fed to the next plugin and the
// first rejection ends the chain. They are FAIL-OPEN, as in Mattermost: a plugin that throws, times
// out, crashes or answers nonsense is treated as if it had allowed the post unchanged, so a broken
// plugin can never stop people from posting or logging in. The failure is logged and, when the
// sandbox reports the plugin itself broke (timeout, crash, memory), passed to the supervisor.
//
// "Has been" hooks are fire-and-forget within PluginSettings.HookTimeoutMs: the caller never waits
// for them and their failures never reach it.
//
// A change made through a plugin's own API call (ctx.pluginId) is not shown to that plugin's hooks,
// so a plugin that posts from messageHasBeenPosted cannot feed itself forever.
import type { CommandArgs, CommandResponse, HookName, HttpRequest, HttpResponse, MediaSignalEvent, MediaVoiceEvent, PluginClusterEvent, ScheduledJobRun } from '@parley/plugin-api';
import type { SandboxErrorShape } from '@parley/sandbox';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import type { Post } from '../../store/entities/post.ts';
import type { Channel } from '../../store/entities/channel.ts';
import type { ChannelMember } from '../../store/entities/channel-member.ts';
import type { TeamMember } from '../../store/entities/team-member.ts';
import type { User } from '../../store/entities/user.ts';
import type { Reaction } from '../../store/entities/reaction.ts';
import type { FileInfo } from '../../store/entities/file-info.ts';
import { AppError } from '../../errors/app-error.ts';
import type { ActivePlugin, ActivePlugins } from './active-plugins.ts';
import type { FileVerdict, HookContext, PluginHooks, PostVerdict } from '../../app/plugin-hooks.ts';
import { fileNameFromWire, postFromWire, toWireHookContext, toWirePluginFileInfo, toWirePluginChannel, toWirePluginChannelMember, toWirePluginPost, toWirePluginReaction, toWirePluginTeamMember, toWirePluginUser } from './plugin-wire.ts';

export interface HookDispatcherDeps {
  plugins: ActivePlugins;
  config: ConfigService;
  logger: Logger;
}

/** The sandbox's id for an error the plugin's own code threw: a plugin bug, not a broken plugin. */
const PLUGIN_THREW = 'sandbox.plugin.error';
/**
 * The sandbox enforces every hook's deadline; the core waits this much longer at most, so even a
 * sandbox that never answers cannot hold a request forever.
 */
const DEADLINE_GRACE_MS = 1000;

// The core's hook port names the hooks plugin-api defines (HOOK_NAMES): a hook the app layer calls
// that plugins cannot implement, or one renamed on one side only, fails the type check.
const everyPortHookIsAPluginHook: Exclude<keyof PluginHooks, HookName> extends never ? true : never = true;
void everyPortHookIsAPluginHook;

export class HookDispatcher implements PluginHooks {
  #deps: HookDispatcherDeps;

  constructor(deps: HookDispatcherDeps) {
    this.#deps = deps;
  }

  async messageWillBePosted(ctx: HookContext, post: Post): Promise<PostVerdict> {
    return this.#postChain('messageWillBePosted', ctx, post, (current) => [toWirePluginPost(current)]);
  }

  async messageWillBeUpdated(ctx: HookContext, next: Post, previous: Post): Promise<PostVerdict> {
    const old = toWirePluginPost(previous);
    return this.#postChain('messageWillBeUpdated', ctx, next, (current) => [toWirePluginPost(current), old]);
  }

  async userWillLogIn(ctx: HookContext, user: User): Promise<string> {
    const wireUser = toWirePluginUser(user);
    for (const plugin of this.#implementing('userWillLogIn', ctx)) {
      const result = await this.#callBlocking(plugin, 'userWillLogIn', [toWireHookContext(ctx), wireUser]);
      if (typeof result === 'string' && result !== '') return result;
    }
    return '';
  }

  /** A plugin may rename the file or reject it; the first rejection ends the chain. */
  async fileWillBeUploaded(ctx: HookContext, file: FileInfo): Promise<FileVerdict> {
    let current = file;
    for (const plugin of this.#implementing('fileWillBeUploaded', ctx)) {
      const result = await this.#callBlocking(plugin, 'fileWillBeUploaded', [toWireHookContext(ctx), toWirePluginFileInfo(current)]);
      if (result === undefined || result === null) continue;
      if (typeof result === 'object' && 'reject' in result && typeof result.reject === 'string' && result.reject !== '') {
        return { rejected: result.reject.slice(0, 1024), pluginId: plugin.manifest.id };
      }
      if (typeof result === 'object' && 'file' in result) {
        const name = fileNameFromWire(result.file);
        if (name) current = { ...current, name } as FileInfo;
        else this.#deps.logger.warn('plugin returned an invalid file info from fileWillBeUploaded; keeping the file unchanged', { plugin_id: plugin.manifest.id });
      }
    }
    return { file: current };
  }

  messageHasBeenPosted(ctx: HookContext, post: Post): void {
    this.#notify('messageHasBeenPosted', ctx, () => [toWirePluginPost(post)]);
  }

  messageHasBeenUpdated(ctx: HookContext, next: Post, previous: Post): void {
    this.#notify('messageHasBeenUpdated', ctx, () => [toWirePluginPost(next), toWirePluginPost(previous)]);
  }

  messageHasBeenDeleted(ctx: HookContext, post: Post): void {
    this.#notify('messageHasBeenDeleted', ctx, () => [toWirePluginPost(post)]);
  }

  channelHasBeenCreated(ctx: HookContext, channel: Channel): void {
    this.#notify('channelHasBeenCreated', ctx, () => [toWirePluginChannel(channel)]);
  }

  userHasJoinedChannel(ctx: HookContext, member: ChannelMember, actor: User | null): void {
    this.#notify('userHasJoinedChannel', ctx, () => [toWirePluginChannelMember(member), actor && toWirePluginUser(actor)]);
  }

  userHasLeftChannel(ctx: HookContext, member: ChannelMember, actor: User | null): void {
    this.#notify('userHasLeftChannel', ctx, () => [toWirePluginChannelMember(member), actor && toWirePluginUser(actor)]);
  }

  userHasJoinedTeam(ctx: HookContext, member: TeamMember, actor: User | null): void {
    this.#notify('userHasJoinedTeam', ctx, () => [toWirePluginTeamMember(member), actor && toWirePluginUser(actor)]);
  }

  userHasLeftTeam(ctx: HookContext, member: TeamMember, actor: User | null): void {
    this.#notify('userHasLeftTeam', ctx, () => [toWirePluginTeamMember(member), actor && toWirePluginUser(actor)]);
  }

  userHasBeenCreated(ctx: HookContext, user: User): void {
    this.#notify('userHasBeenCreated', ctx, () => [toWirePluginUser(user)]);
  }

  userHasLoggedIn(ctx: HookContext, user: User): void {
    this.#notify('userHasLoggedIn', ctx, () => [toWirePluginUser(user)]);
  }

  reactionHasBeenAdded(ctx: HookContext, reaction: Reaction): void {
    this.#notify('reactionHasBeenAdded', ctx, () => [toWirePluginReaction(reaction)]);
  }

  reactionHasBeenRemoved(ctx: HookContext, reaction: Reaction): void {
    this.#notify('reactionHasBeenRemoved', ctx, () => [toWirePluginReaction(reaction)]);
  }

  /** Runs a plugin's slash command; a failing plugin becomes a 500 naming the command. */
  async executeCommand(pluginId: string, ctx: HookContext, args: CommandArgs): Promise<CommandResponse> {
    const plugin = this.#require(pluginId, 'executeCommand');
    const result = await this.#callOrThrow(plugin, 'executeCommand', [toWireHookContext(ctx), args], 'plugin.command.execute_failed', `The command failed in plugin ${pluginId}.`);
    return (result ?? {}) as CommandResponse;
  }

  /** Passes a /plugins/{id}/... request to the plugin; a failing plugin becomes a 500 (as in Mattermost). */
  async serveHttp(pluginId: string, ctx: HookContext, request: HttpRequest): Promise<HttpResponse> {
    const plugin = this.#require(pluginId, 'serveHttp');
    const result = await this.#callOrThrow(plugin, 'serveHttp', [toWireHookContext(ctx), request], 'plugin.http.serve_failed', `Plugin ${pluginId} failed to answer the request.`);
    return (result ?? {}) as HttpResponse;
  }

  async #postChain(hook: 'messageWillBePosted' | 'messageWillBeUpdated', ctx: HookContext, post: Post, args: (current: Post) => unknown[]): Promise<PostVerdict> {
    let current = post;
    for (const plugin of this.#implementing(hook, ctx)) {
      const result = await this.#callBlocking(plugin, hook, [toWireHookContext(ctx), ...args(current)]);
      if (result === undefined || result === null) continue;
      if (typeof result === 'object' && 'reject' in result && typeof result.reject === 'string' && result.reject !== '') {
        return { rejected: result.reject.slice(0, 1024), pluginId: plugin.manifest.id };
      }
      if (typeof result === 'object' && 'post' in result) {
        const replaced = postFromWire(current, result.post);
        if (replaced) current = replaced;
        else this.#deps.logger.warn('plugin returned an invalid post from a hook; keeping the post unchanged', { plugin_id: plugin.manifest.id, hook });
      }
    }
    return { post: current };
  }

  #implementing(hook: HookName, ctx: HookContext): ActivePlugin[] {
    return this.#deps.plugins.implementing(hook).filter((p) => p.manifest.id !== ctx.pluginId);
  }

  #require(pluginId: string, hook: HookName): ActivePlugin {
    const plugin = this.#deps.plugins.get(pluginId);
    if (!plugin || !plugin.process.hooks.has(hook)) throw new AppError('plugin.not_found', 404, `Plugin ${pluginId} is not running or does not handle this.`);
    return plugin;
  }

  /** A blocking call: its failure is reported and read as "no opinion" (fail-open). */
  async #callBlocking(plugin: ActivePlugin, hook: HookName, args: unknown[]): Promise<unknown> {
    try {
      return await callWithDeadline(plugin, hook, args, this.#deps.config.get().PluginSettings.BlockingHookTimeoutMs);
    } catch (err) {
      this.#failed(plugin, hook, err);
      return undefined;
    }
  }

  async #callOrThrow(plugin: ActivePlugin, hook: HookName, args: unknown[], errorId: string, message: string): Promise<unknown> {
    try {
      return await callWithDeadline(plugin, hook, args, this.#deps.config.get().PluginSettings.HookTimeoutMs);
    } catch (err) {
      // An error the plugin threw on purpose with an id and a status (an HttpError) is its answer, as a
      // Mattermost plugin's returned AppError is: passed to the caller, not counted as a failure.
      const deliberate = sandboxError(err).app_error;
      if (deliberate) throw new AppError(deliberate.id, deliberate.status, sandboxError(err).message);
      this.#failed(plugin, hook, err);
      throw new AppError(errorId, 500, message, { cause: err });
    }
  }

  /** onWebSocketConnect: Mattermost's (connectionId, userId), without a hook context. */
  webSocketConnected(connectionId: string, userId: string): void {
    this.#fireAndForget('onWebSocketConnect', {}, () => [connectionId, userId]);
  }

  webSocketDisconnected(connectionId: string, userId: string): void {
    this.#fireAndForget('onWebSocketDisconnect', {}, () => [connectionId, userId]);
  }

  /** A client's `custom_*` WebSocket action, for every plugin implementing webSocketMessageHasBeenPosted. */
  webSocketMessage(connectionId: string, userId: string, request: { seq: number; action: string; data: unknown }): void {
    this.#fireAndForget('webSocketMessageHasBeenPosted', {}, () => [connectionId, userId, { seq: request.seq, action: request.action, data: request.data ?? {} }]);
  }

  /** A scheduled job of `plugin` is due: runs it within HookTimeoutMs; rejects with the sandbox's error after reporting it. */
  async runScheduledJob(plugin: ActivePlugin, job: ScheduledJobRun): Promise<void> {
    try {
      await callWithDeadline(plugin, 'runScheduledJob', [job], this.#deps.config.get().PluginSettings.HookTimeoutMs);
    } catch (err) {
      this.#failed(plugin, 'runScheduledJob', err);
      throw sandboxError(err);
    }
  }

  /** An event the same plugin published on another node; dropped where that plugin is not running. */
  /** Tells a plugin the administrator who just installed it (onInstall); failures are logged. */
  installed(pluginId: string, userId: string): void {
    const plugin = this.#deps.plugins.get(pluginId);
    if (!plugin?.process.hooks.has('onInstall')) return;
    plugin.process
      .call('onInstall', [toWireHookContext({}), { user_id: userId }], this.#deps.config.get().PluginSettings.HookTimeoutMs)
      .catch((err: unknown) => this.#failed(plugin, 'onInstall', err));
  }

  pluginClusterEvent(pluginId: string, event: PluginClusterEvent): void {
    const plugin = this.#deps.plugins.get(pluginId);
    if (!plugin?.process.hooks.has('onPluginClusterEvent')) return;
    plugin.process
      .call('onPluginClusterEvent', [toWireHookContext({}), event], this.#deps.config.get().PluginSettings.HookTimeoutMs)
      .catch((err: unknown) => this.#failed(plugin, 'onPluginClusterEvent', err));
  }

  /** The media service's signal for one of the plugin's calls; settles when the hook ran (or failed, which is logged). */
  mediaSignal(pluginId: string, event: MediaSignalEvent): Promise<void> {
    return this.#mediaEvent(pluginId, 'onMediaSignal', event);
  }

  /** The media service's voice activity for one of the plugin's calls; settles like mediaSignal. */
  mediaVoice(pluginId: string, event: MediaVoiceEvent): Promise<void> {
    return this.#mediaEvent(pluginId, 'onMediaVoiceActivity', event);
  }

  /** The media service runs again after it was lost: the plugin makes its calls again; settles like mediaSignal. */
  mediaServiceRestarted(pluginId: string): Promise<void> {
    return this.#mediaEvent(pluginId, 'onMediaServiceRestarted');
  }

  async #mediaEvent(pluginId: string, hook: 'onMediaSignal' | 'onMediaVoiceActivity' | 'onMediaServiceRestarted', ...args: [] | [MediaSignalEvent | MediaVoiceEvent]): Promise<void> {
    const plugin = this.#deps.plugins.get(pluginId);
    if (!plugin?.process.hooks.has(hook)) return;
    await plugin.process.call(hook, args, this.#deps.config.get().PluginSettings.HookTimeoutMs).catch((err: unknown) => this.#failed(plugin, hook, err));
  }

  #notify(hook: HookName, ctx: HookContext, args: () => unknown[]): void {
    this.#fireAndForget(hook, ctx, () => [toWireHookContext(ctx), ...args()]);
  }

  #fireAndForget(hook: HookName, ctx: HookContext, args: () => unknown[]): void {
    try {
      const plugins = this.#implementing(hook, ctx);
      if (plugins.length === 0) return;
      const wire = args();
      const timeout = this.#deps.config.get().PluginSettings.HookTimeoutMs;
      for (const plugin of plugins) {
        plugin.process.call(hook, wire, timeout).catch((err: unknown) => this.#failed(plugin, hook, err));
      }
    } catch (err) {
      this.#deps.logger.error('could not dispatch a plugin notification', { hook, err });
    }
  }

  #failed(plugin: ActivePlugin, hook: HookName, err: unknown): void {
    const error = sandboxError(err);
    this.#deps.logger.warn('plugin hook failed', { plugin_id: plugin.manifest.id, hook, error_id: error.id, error: error.message });
    if (error.id !== PLUGIN_THREW) this.#deps.plugins.reportFailure(plugin.manifest.id, error);
  }
}

async function callWithDeadline(plugin: ActivePlugin, hook: HookName, args: unknown[], timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject({ id: 'sandbox.hook.timeout', message: `${hook} did not answer within ${timeoutMs} ms` } satisfies SandboxErrorShape), timeoutMs + DEADLINE_GRACE_MS);
  });
  try {
    return await Promise.race([plugin.process.call(hook, args, timeoutMs), overrun]);
  } finally {
    clearTimeout(timer);
  }
}

function sandboxError(err: unknown): SandboxErrorShape {
  const shape = err as Partial<SandboxErrorShape> | null;
  if (shape && typeof shape.id === 'string' && typeof shape.message === 'string') {
    return shape.app_error ? { id: shape.id, message: shape.message, app_error: shape.app_error } : { id: shape.id, message: shape.message };
  }
  return { id: 'sandbox.plugin.crashed', message: String(err) };
}

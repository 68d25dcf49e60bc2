// Runs a plugin in the real sandbox for a plugin author's tests — its own process, isolate and
// budgets, as the server runs it — with the API answered by mocks instead of a server. The public
// types here name only @parley/plugin-api: the sandbox is bundled into this package when it is
// packed, and its own types stay private.
import type { CommandArgs, CommandResponse, HookContext, HookName, HttpRequest, HttpResponse, PluginAPI } from '@parley/plugin-api';
import { bundleServer, readPluginManifest } from '@parley/plugin-api/build';
import { permissionFor } from '@parley/plugin-api/manifest';
import { startPluginProcess, type PluginProcess } from '@parley/sandbox';

type Mock<F> = F extends (...args: infer A) => infer R ? (...args: A) => Awaited<R> | R : never;

/**
 * Answers for the API methods a test expects the plugin to call, grouped like PluginAPI
 * (`{ kv: { get: (key) => 3 } }`). A mock receives the arguments as JSON, as the server would, and
 * may answer with a value or a promise. A call to a method without a mock rejects inside the plugin
 * with `harness.api.not_mocked`; a mock that throws `{id, message}` (or an Error with an `id`)
 * makes the plugin's call reject with that id, as a server refusal does.
 * @since 0.1.0
 */
export type ApiMocks = {
  [G in keyof PluginAPI]?: { [M in keyof PluginAPI[G]]?: Mock<PluginAPI[G][M]> };
};

/** @since 0.1.0 */
export interface RunPluginOptions {
  /** Answers for the plugin's API calls. @since 0.1.0 */
  api?: ApiMocks;
  /** The id the plugin runs as; default `com.example.under-test` (runPluginFolder: the manifest's). @since 0.1.0 */
  pluginId?: string;
  /**
   * The API groups the plugin was granted, as the manifest's `permissions.api`: a call outside them
   * rejects with `plugin.api.permission_denied`, as on the server. Absent: every group
   * (runPluginFolder: the manifest's).
   * @since 0.1.0
   */
  permissions?: readonly string[];
  /** Heap limit of the plugin's isolate; default 64 (the server's default is 128). @since 0.1.0 */
  memoryLimitMb?: number;
  /** Budget of module evaluation and the factory call; default 5000. @since 0.1.0 */
  startTimeoutMs?: number;
  /** Deadline of each hook call made through the harness; default 5000. An overrun disposes the isolate, as on the server. @since 0.1.0 */
  hookTimeoutMs?: number;
}

/** One API call the plugin made, with its JSON arguments. @since 0.1.0 */
export interface ApiCallRecord {
  /** `group.method`, e.g. `kv.get`. @since 0.1.0 */
  method: string;
  /** @since 0.1.0 */
  args: unknown[];
}

/**
 * A plugin running in the sandbox. Hook calls reject with an Error carrying the sandbox's `id`:
 * `sandbox.plugin.error` when the plugin threw (with `app_error: {id, status}` when it threw an
 * HttpError), `sandbox.hook.timeout`, `sandbox.plugin.memory_limit`, `sandbox.plugin.crashed`,
 * `sandbox.hook.not_implemented`... After a timeout, memory or crash error the plugin is gone.
 * @since 0.1.0
 */
export interface PluginHarness {
  /** The hooks the plugin implements (a plugin declared with definePlugin always has executeCommand). @since 0.1.0 */
  readonly hooks: ReadonlySet<string>;
  /** Every API call the plugin made, in order, mocked or not. @since 0.1.0 */
  readonly apiCalls: readonly ApiCallRecord[];
  /** Calls a hook with JSON arguments, as the server would; resolves with its JSON result. @since 0.1.0 */
  call(hook: HookName, ...args: unknown[]): Promise<unknown>;
  /** Starts the plugin as the server does: onConfigurationChange, then onActivate, each when implemented. @since 0.1.0 */
  activate(): Promise<void>;
  /**
   * Runs a slash command line (`/hello Ada`) through executeCommand, with empty ids unless `args`
   * gives them. Resolves with the plugin's answer.
   * @since 0.1.0
   */
  executeCommand(command: string, args?: Partial<CommandArgs>, ctx?: HookContext): Promise<CommandResponse>;
  /**
   * Sends an HTTP request to serveHttp: `GET`, no query, headers, body or session unless `request`
   * gives them. Resolves with the plugin's answer (an HttpError thrown past the router rejects).
   * @since 0.1.0
   */
  serveHttp(request: Pick<HttpRequest, 'path'> & Partial<HttpRequest>, ctx?: HookContext): Promise<HttpResponse>;
  /** Ends the plugin's process (onDeactivate is not called; call it first if the test needs it). @since 0.1.0 */
  stop(): Promise<void>;
}

type AnyMock = (...args: unknown[]) => unknown;

/**
 * Starts `code` (a plugin's built server bundle: one ES module, as `bundleServer` returns it) in a
 * plugin-host process of its own.
 * @since 0.1.0
 */
export async function runPlugin(code: string, options: RunPluginOptions = {}): Promise<PluginHarness> {
  const apiCalls: ApiCallRecord[] = [];
  const mocks = (options.api ?? {}) as Record<string, Record<string, AnyMock | undefined> | undefined>;
  const granted = options.permissions === undefined ? undefined : new Set(options.permissions);
  const pluginId = options.pluginId ?? 'com.example.under-test';
  const hookTimeoutMs = options.hookTimeoutMs ?? 5000;
  const plugin = await startPluginProcess({
    pluginId,
    code,
    memoryLimitMb: options.memoryLimitMb ?? 64,
    startTimeoutMs: options.startTimeoutMs ?? 5000,
    async onApiCall(method, args) {
      apiCalls.push({ method, args });
      const [group, name] = method.split('.');
      const permission = permissionFor(method);
      if (granted && !granted.has(permission)) {
        throw { id: 'plugin.api.permission_denied', message: `${pluginId} may not call ${method}: its manifest does not ask for "${permission}"` };
      }
      const mock = mocks[group]?.[name];
      if (!mock) throw { id: 'harness.api.not_mocked', message: `${method} was called but the test gave no mock for it` };
      return mock(...args);
    },
  });
  return harness(plugin, apiCalls, hookTimeoutMs);
}

/**
 * Builds the plugin folder `dir` as `parley-plugin build` would (its plugin.json and
 * `src/index.ts`, bundled in memory) and starts it, running as the manifest's id with the
 * manifest's API permissions unless `options` says otherwise.
 * @example
 * const plugin = await runPluginFolder('.', { api: { commands: { register: () => undefined } } });
 * await plugin.activate();
 * const answer = await plugin.executeCommand('/hello Ada');
 * await plugin.stop();
 * @since 0.1.0
 */
export async function runPluginFolder(dir: string, options: RunPluginOptions = {}): Promise<PluginHarness> {
  const manifest = await readPluginManifest(dir);
  return runPlugin(await bundleServer(dir), { pluginId: manifest.id, permissions: manifest.permissions.api, ...options });
}

function harness(plugin: PluginProcess, apiCalls: ApiCallRecord[], hookTimeoutMs: number): PluginHarness {
  const call = (hook: HookName, ...args: unknown[]) => plugin.call(hook, args, hookTimeoutMs);
  return {
    hooks: plugin.hooks,
    apiCalls,
    call,
    async activate() {
      if (plugin.hooks.has('onConfigurationChange')) await call('onConfigurationChange');
      if (plugin.hooks.has('onActivate')) await call('onActivate');
    },
    async executeCommand(command, args = {}, ctx = {}) {
      const answer = await call('executeCommand', ctx, { user_id: '', channel_id: '', team_id: '', root_id: '', ...args, command });
      return (answer ?? {}) as CommandResponse;
    },
    async serveHttp(request, ctx = {}) {
      const answer = await call('serveHttp', ctx, { method: 'GET', query: {}, headers: {}, user_id: '', body: '', ...request });
      return (answer ?? {}) as HttpResponse;
    },
    stop: () => plugin.stop(),
  };
}

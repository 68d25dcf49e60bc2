// The one interface the core uses to run a plugin: start its host process, call hooks with a
// deadline, answer its API calls, stop it. Everything behind it (isolated-vm, the child process,
// the wire protocol) is the sandbox's own business.
import type { HookName } from '@parley/plugin-api';

/** An error a plugin raised, or the sandbox raised about it, as it crosses the boundary. */
export interface SandboxErrorShape {
  /** Stable id: `sandbox.hook.timeout`, `sandbox.plugin.crashed`, `sandbox.plugin.memory_limit`, `sandbox.plugin.error`, ... */
  id: string;
  message: string;
  /**
   * Set when the plugin threw, on purpose, an error carrying a Mattermost error id and an HTTP status
   * (`id` and `status` own properties, as @parley/plugin-api's HttpError has), checked on the way out.
   */
  app_error?: PluginAppError;
}

/** The id and status of an error a plugin threw deliberately (Mattermost's AppError from a hook). */
export interface PluginAppError {
  id: string;
  status: number;
}

export interface PluginProcessOptions {
  pluginId: string;
  /** The plugin's server bundle: one ES module whose default export is the plugin (see @parley/plugin-api definePlugin). */
  code: string;
  /** Heap limit of the plugin's isolate. */
  memoryLimitMb: number;
  /** Budget for module evaluation and onActivate-free start-up. */
  startTimeoutMs: number;
  /**
   * Answers one API call of the plugin (`posts.create`, `kv.get`, ...). Resolves with a JSON value;
   * rejects with {id, message} to make the plugin's promise reject with that error.
   */
  onApiCall(method: string, args: unknown[]): Promise<unknown>;
  /** Receives the plugin-host process's own output (stdout, stderr), one line at a time. Dropped when absent. */
  log?(entry: SandboxLogEntry): void;
}

/** A line the plugin-host process printed (V8 diagnostics, Node warnings): never plugin output. */
export interface SandboxLogEntry {
  level: 'info' | 'warn';
  stream: 'stdout' | 'stderr';
  message: string;
  /** The plugins the process ran when it printed the line (a host may run several). */
  plugins?: string[];
}

export interface PluginProcess {
  readonly pluginId: string;
  /** The plugin-host process's id, for operators (and tests that inspect it). */
  readonly pid?: number;
  /** Names of the hooks the plugin implements (only these are ever called). */
  readonly hooks: ReadonlySet<string>;
  /**
   * Calls a hook with JSON arguments and resolves with its JSON result. Rejects with a
   * SandboxError when the plugin throws, overruns `timeoutMs` (sync or async: the isolate is then
   * disposed and the process ends), runs out of memory, or its process dies.
   */
  call(hook: HookName, args: unknown[], timeoutMs: number): Promise<unknown>;
  /**
   * A health check: resolves once the host process and its isolate both answered, rejects with
   * `sandbox.ping.timeout` when they did not within `timeoutMs`, or with the reason the process ended.
   */
  ping(timeoutMs: number): Promise<void>;
  /** Ends the process (after nothing: callers run onDeactivate first if they want it). */
  stop(): Promise<void>;
  /** Called once when the process ends for any reason other than stop(), with the reason. */
  onExit(listener: (reason: SandboxErrorShape) => void): void;
}

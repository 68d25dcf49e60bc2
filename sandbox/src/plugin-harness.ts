// Runs a plugin bundle in the real sandbox for a plugin author's tests, with the API answered by
// mocks instead of a server. Lives here rather than in @parley/plugin-api because it needs the
// sandbox (isolated-vm, the host process), and plugin-api must stay free of the repo's runtime.
import type { HookName, PluginAPI } from '@parley/plugin-api';
import type { PluginProcess } from './plugin-process.ts';
import { startPluginProcess } from './start-plugin-process.ts';

type Mock<F> = F extends (...args: infer A) => infer R ? (...args: A) => Awaited<R> | R : never;

/**
 * Answers for the API methods a test expects the plugin to call, grouped like PluginAPI
 * (`{ kv: { get: (key) => 3 } }`). A call to a method without a mock rejects inside the plugin
 * with `harness.api.not_mocked`; a mock that throws `{id, message}` rejects with that error.
 */
export type ApiMocks = {
  [G in keyof PluginAPI]?: { [M in keyof PluginAPI[G]]?: Mock<PluginAPI[G][M]> };
};

export interface RunPluginOptions {
  api?: ApiMocks;
  pluginId?: string;
  memoryLimitMb?: number;
  startTimeoutMs?: number;
  /** Deadline of each hook call made through the harness. */
  hookTimeoutMs?: number;
}

export interface ApiCallRecord {
  method: string;
  args: unknown[];
}

export interface PluginHarness {
  /** The hooks the plugin implements. */
  readonly hooks: ReadonlySet<string>;
  /** Every API call the plugin made, in order, mocked or not. */
  readonly apiCalls: readonly ApiCallRecord[];
  /** The running plugin process, for what the harness does not wrap (onExit, custom deadlines). */
  readonly process: PluginProcess;
  /** Calls a hook with JSON arguments, as the server would; resolves with its JSON result. */
  call(hook: HookName, ...args: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts `code` (a plugin's built server bundle: one ES module) in a plugin-host process. */
export async function runPlugin(code: string, options: RunPluginOptions = {}): Promise<PluginHarness> {
  const apiCalls: ApiCallRecord[] = [];
  const mocks = (options.api ?? {}) as Record<string, Record<string, ((...args: unknown[]) => unknown) | undefined> | undefined>;
  const hookTimeoutMs = options.hookTimeoutMs ?? 5000;
  const process = await startPluginProcess({
    pluginId: options.pluginId ?? 'com.example.under-test',
    code,
    memoryLimitMb: options.memoryLimitMb ?? 64,
    startTimeoutMs: options.startTimeoutMs ?? 5000,
    async onApiCall(method, args) {
      apiCalls.push({ method, args });
      const [group, name] = method.split('.');
      const mock = mocks[group]?.[name];
      if (!mock) throw { id: 'harness.api.not_mocked', message: `${method} was called but the test gave no mock for it` };
      return mock(...args);
    },
  });
  return {
    hooks: process.hooks,
    apiCalls,
    process,
    call: (hook, ...args) => process.call(hook, args, hookTimeoutMs),
    stop: () => process.stop(),
  };
}

// Stand-in plugins for suites that test the core's side of the plugin runtime without a sandbox:
// each hook is an in-memory function, and failures reported to the "supervisor" are recorded.
import type { Manifest, PermissionGroup } from '@parley/plugin-api';
import type { PluginProcess, SandboxErrorShape } from '@parley/sandbox';
import type { ActivePlugin, ActivePlugins } from '../../core/src/plugins/runtime/active-plugins.ts';

export type FakeHook = (args: unknown[], timeoutMs: number) => unknown;

export function fakeManifest(id: string, api: PermissionGroup[] = [], httpHosts: string[] = []): Manifest {
  return { id, name: id, version: '1.0.0', permissions: { api, http_hosts: httpHosts } };
}

export class FakePlugins implements ActivePlugins {
  readonly failures: Array<{ pluginId: string; error: SandboxErrorShape }> = [];
  /** Every hook call, in order: [pluginId, hook, args, timeoutMs]. */
  readonly calls: Array<{ pluginId: string; hook: string; args: unknown[]; timeoutMs: number }> = [];
  #plugins = new Map<string, ActivePlugin>();

  add(manifest: Manifest, hooks: Record<string, FakeHook>): void {
    const process: PluginProcess = {
      pluginId: manifest.id,
      hooks: new Set(Object.keys(hooks)),
      call: async (hook, args, timeoutMs) => {
        this.calls.push({ pluginId: manifest.id, hook, args, timeoutMs });
        return hooks[hook](args, timeoutMs);
      },
      ping: async () => {},
      stop: async () => {},
      onExit: () => {},
    };
    this.#plugins.set(manifest.id, { manifest, process });
  }

  remove(pluginId: string): void {
    this.#plugins.delete(pluginId);
  }

  whenRunning(pluginId: string): Promise<ActivePlugin | undefined> {
    return Promise.resolve(this.#plugins.get(pluginId));
  }

  implementing(hook: string): ActivePlugin[] {
    return [...this.#plugins.values()].filter((p) => p.process.hooks.has(hook)).sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
  }

  get(pluginId: string): ActivePlugin | undefined {
    return this.#plugins.get(pluginId);
  }

  reportFailure(pluginId: string, error: SandboxErrorShape): void {
    this.failures.push({ pluginId, error });
  }
}

// Where a plugin runs: in a plugin-host process of its own, or in the shared host of its group.
import { PluginHost } from './plugin-host.ts';
import type { PluginProcess, PluginProcessOptions } from './plugin-process.ts';

/** Starts a plugin in a host process of its own, which ends with it; resolves once its factory ran and its hooks are known. */
export function startPluginProcess(options: PluginProcessOptions): Promise<PluginProcess> {
  return new PluginHost().start(options);
}

/**
 * The host processes of one server. Plugins of the same group share one process (an isolate each):
 * a plugin more costs its isolate and its code, not a Node.js process. A plugin without a group gets
 * a process of its own. A host ends with its last plugin; the next start of its group forks a new one.
 */
export class PluginHosts {
  readonly #shared = new Map<string, PluginHost>();

  start(options: PluginProcessOptions, group?: string): Promise<PluginProcess> {
    if (group === undefined) return startPluginProcess(options);
    let host = this.#shared.get(group);
    if (!host?.accepting) {
      host = new PluginHost();
      this.#shared.set(group, host);
    }
    return host.start(options);
  }
}

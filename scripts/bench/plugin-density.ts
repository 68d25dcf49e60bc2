// Plugin density benchmark (issue 13: "idle cost per additional plugin ≤ 10 MB beyond its heap"):
// the resident size of one shared plugin host holding one plugin, then PLUGINS more, after each has
// settled; the cost of each additional plugin is the difference divided by PLUGINS. Beside it, the
// baseline measured in the same run: the heap of the same plugin module in a bare isolate of this
// process — what a plugin costs at the least, its own heap.
import ivm from 'isolated-vm';
import { PluginHosts, type PluginProcess } from '@parley/sandbox';
import { treeResidentBytes } from './capacity-proc.ts';

const PLUGINS = Number(process.env.BENCH_DENSITY_PLUGINS ?? 20);
/** After starting, before reading: start-up garbage has had time to be collected. */
const SETTLE_MS = 5000;
const MB = 1024 * 1024;

/** A plugin of the usual kind: settings read, a slash command and a route, a little state in memory. */
const CODE = `
const seen = new Map();
export default (api) => ({
  async onActivate() { await api.commands.register({ trigger: 'density', auto_complete: true }); },
  async executeCommand(ctx, args) { seen.set(args.user_id, (seen.get(args.user_id) ?? 0) + 1); return { text: 'ok' }; },
  async serveHttp(ctx, request) { return { body: JSON.stringify({ path: request.path, seen: seen.size }) }; },
});`;

export async function benchPluginDensity(): Promise<string> {
  const hosts = new PluginHosts();
  const plugins: PluginProcess[] = [];
  const start = async (i: number) => {
    const plugin = await hosts.start({ pluginId: `com.example.density-${i}`, code: CODE, memoryLimitMb: 64, startTimeoutMs: 10_000, onApiCall: async () => null }, 'density');
    await plugin.call('onActivate', [], 10_000);
    plugins.push(plugin);
  };
  try {
    await start(0);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const one = hostResident(plugins[0].pid!);
    for (let i = 1; i <= PLUGINS; i++) await start(i);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const many = hostResident(plugins[0].pid!);
    const perPlugin = (many - one) / PLUGINS;
    const heap = await bareIsolateHeap();
    const lines = [
      `\nplugin density: one shared plugin host, ${SETTLE_MS / 1000} s after the plugins started`,
      `  ${(one / MB).toFixed(0).padStart(5)} MB  host resident with 1 plugin`,
      `  ${(many / MB).toFixed(0).padStart(5)} MB  host resident with ${PLUGINS + 1} plugins`,
      `  ${(perPlugin / MB).toFixed(1).padStart(5)} MB  per additional plugin (${((perPlugin - heap) / MB).toFixed(1)} MB beyond its heap)`,
      `  ${(heap / MB).toFixed(1).padStart(5)} MB  baseline: the same module's heap in a bare isolate of this process`,
    ];
    return `${lines.join('\n')}\n`;
  } finally {
    await Promise.all(plugins.map((p) => p.stop().catch(() => {})));
    await hosts.close();
  }
}

function hostResident(pid: number): number {
  return treeResidentBytes(pid)[0]?.residentBytes ?? 0;
}

/** The heap the plugin module takes once evaluated and activated, in an isolate of this process. */
async function bareIsolateHeap(): Promise<number> {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  try {
    const context = await isolate.createContext();
    const module = await isolate.compileModule(CODE.replace('await api.commands.register', 'void '));
    await module.instantiate(context, () => {
      throw new Error('no imports');
    });
    await module.evaluate();
    const factory = (await module.namespace.get('default', { reference: true })) as ivm.Reference;
    await factory.apply(undefined, [{}], { arguments: { copy: true }, result: { reference: true } });
    return (await isolate.getHeapStatistics()).used_heap_size;
  } finally {
    isolate.dispose();
  }
}

if (import.meta.main) process.stdout.write(await benchPluginDensity());

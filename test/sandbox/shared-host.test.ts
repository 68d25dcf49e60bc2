// Plugins sharing a plugin-host process (PluginHosts groups): one process, an isolate each. A
// plugin's timeout or memory exhaustion ends that plugin only, in the same process; a process that
// must die ends all its plugins, each told whose fault it was; a host ends with its last plugin.
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHosts, type PluginProcess } from '@parley/sandbox';
import { expectSandboxError, nextExit } from './sandbox-fixtures.ts';
import { eventually } from '../helpers/ws-client.ts';

const GROUP = 'shared';
const HOOK_MS = 400;
const NEIGHBOUR = `export default (api) => ({
  executeCommand: async (ctx, args) => ({ text: 'still here: ' + (await api.users.get(args.user_id)).username }),
})`;

let counter = 0;

/** Starts `code` in the test group's host, or, `alone`, in a process of its own. */
function start(hosts: PluginHosts, code: string, { alone = false } = {}): Promise<PluginProcess> {
  return hosts.start(
    { pluginId: `com.test.shared-${++counter}`, code, memoryLimitMb: 32, startTimeoutMs: 15_000, onApiCall: async () => ({ username: 'ada' }) },
    alone ? undefined : GROUP,
  );
}

async function answers(plugin: PluginProcess): Promise<void> {
  expect(await plugin.call('executeCommand', [{}, { user_id: 'u1' }], 2000)).to.deep.equal({ text: 'still here: ada' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `code` and a well-behaved neighbour in one host, runs the attack, then checks the neighbour answers from the same process. */
async function besideNeighbour(code: string, run: (plugin: PluginProcess) => Promise<void>): Promise<void> {
  const hosts = new PluginHosts();
  const neighbour = await start(hosts, NEIGHBOUR);
  const plugin = await start(hosts, code);
  try {
    expect(plugin.pid).to.equal(neighbour.pid);
    await run(plugin);
    await answers(neighbour);
    expect(alive(neighbour.pid!)).to.equal(true);
  } finally {
    await Promise.all([plugin.stop(), neighbour.stop()]);
  }
}

/** Plugin-host processes this test process started that host no plugin yet (their title names none). */
async function spareHosts(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const title = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim();
      if (parent === process.pid && title === 'parley-plugin-host') pids.push(Number(entry));
    } catch {
      // The process ended while it was read.
    }
  }
  return pids;
}

describe('sandbox shared plugin hosts', () => {
  it('runs the plugins of a group in one process named after them all, and a plugin without a group in its own', async () => {
    const hosts = new PluginHosts();
    const [first, second, alone] = await Promise.all([start(hosts, NEIGHBOUR), start(hosts, NEIGHBOUR), start(hosts, NEIGHBOUR, { alone: true })]);
    try {
      expect(first.pid).to.equal(second.pid);
      expect(alone.pid).to.not.equal(first.pid);
      const title = (await readFile(`/proc/${first.pid}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim();
      expect(title.split(' ').slice(1).sort()).to.deep.equal([first.pluginId, second.pluginId].sort());
      await Promise.all([answers(first), answers(second), answers(alone)]);
    } finally {
      await Promise.all([first.stop(), second.stop(), alone.stop()]);
    }
  });

  it('ends only the plugin whose hook loops forever, in a process that keeps serving its neighbour', async () => {
    await besideNeighbour(`export default () => ({ executeCommand() { for (;;) {} } })`, async (plugin) => {
      const exit = nextExit(plugin);
      await expectSandboxError(plugin.call('executeCommand', [], HOOK_MS), 'sandbox.hook.timeout');
      expect((await exit).id).to.equal('sandbox.hook.timeout');
    });
  });

  it('ends only the plugin stuck in a builtin that cannot be interrupted', async () => {
    await besideNeighbour(`export default () => ({ executeCommand: () => String(BigInt('1'.repeat(1e7))).length })`, async (plugin) => {
      const exit = nextExit(plugin);
      await expectSandboxError(plugin.call('executeCommand', [], HOOK_MS), 'sandbox.hook.timeout');
      expect((await exit).id).to.equal('sandbox.hook.timeout');
    });
  });

  it('ends only the plugin that fills its isolate past its memory limit', async () => {
    await besideNeighbour(`export default () => ({ executeCommand() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())); } })`, async (plugin) => {
      const exit = nextExit(plugin);
      await expectSandboxError(plugin.call('executeCommand', [], 10_000), 'sandbox.plugin.memory_limit');
      expect((await exit).id).to.equal('sandbox.plugin.memory_limit');
    });
  });

  it('ends only the plugin whose builtin allocates past the process memory cap, outside its isolate limit', async () => {
    await besideNeighbour(`export default () => ({ executeCommand: () => new Array(2e8).fill(1).length })`, async (plugin) => {
      const exit = nextExit(plugin);
      const error = await expectSandboxError(plugin.call('executeCommand', [], 30_000), 'sandbox.plugin.memory_limit');
      expect(error.message).to.match(/process used \d+ MB/);
      expect((await exit).id).to.equal('sandbox.plugin.memory_limit');
    });
  });

  it('ends every plugin of a process that stopped answering, blaming the plugin whose deadline it missed', async () => {
    const hosts = new PluginHosts();
    const neighbour = await start(hosts, NEIGHBOUR);
    const stuck = await start(hosts, `export default () => ({ executeCommand: () => 'never seen' })`);
    const pid = stuck.pid!;
    try {
      const neighbourExit = nextExit(neighbour);
      process.kill(pid, 'SIGSTOP');
      await expectSandboxError(stuck.call('executeCommand', [], 100), 'sandbox.hook.timeout');
      const reason = await neighbourExit;
      expect(reason.id).to.equal('sandbox.plugin.crashed');
      expect(reason.message).to.include(stuck.pluginId).and.include('did not finish within 100 ms');
      expect(alive(pid)).to.equal(false);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      await Promise.all([stuck.stop(), neighbour.stop()]);
    }
  });

  it('ends every plugin of a process that crashed, and starts the next plugin of the group in a new process', async () => {
    const hosts = new PluginHosts();
    const [first, second] = await Promise.all([start(hosts, NEIGHBOUR), start(hosts, NEIGHBOUR)]);
    const exits = [nextExit(first), nextExit(second)];
    process.kill(first.pid!, 'SIGKILL');
    for (const exit of exits) expect((await exit).id).to.equal('sandbox.plugin.crashed');
    const next = await start(hosts, NEIGHBOUR);
    try {
      expect(next.pid).to.not.equal(first.pid);
      await answers(next);
    } finally {
      await next.stop();
    }
  });

  it('keeps the process while a plugin is left in it, and ends it with the last one', async () => {
    const hosts = new PluginHosts();
    const [first, second] = await Promise.all([start(hosts, NEIGHBOUR), start(hosts, NEIGHBOUR)]);
    const pid = first.pid!;
    await first.stop();
    expect(alive(pid)).to.equal(true);
    await answers(second);
    await second.stop();
    expect(alive(pid)).to.equal(false);
  });

  it('starts a plugin in the spare host forked ahead of it, in the isolate made there for it, and forks the next spare behind it', async () => {
    const hosts = new PluginHosts();
    hosts.prewarm({ memoryLimitMb: 32 });
    let spares: number[] = [];
    await eventually(async () => expect((spares = await spareHosts())).to.have.length(1));
    const plugin = await start(hosts, NEIGHBOUR, { alone: true });
    try {
      expect(plugin.pid).to.equal(spares[0]);
      await answers(plugin);
      await eventually(async () => expect(await spareHosts()).to.have.length(1).and.not.include(spares[0]));
    } finally {
      await plugin.stop();
      await hosts.close();
    }
    expect(await spareHosts()).to.deep.equal([]);
  });

  it("runs a plugin under its own memory limit when the spare's isolate was made with another", async () => {
    const hosts = new PluginHosts();
    hosts.prewarm({ memoryLimitMb: 512 });
    await eventually(async () => expect(await spareHosts()).to.have.length(1));
    const plugin = await start(hosts, `export default () => ({ executeCommand() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())); } })`, { alone: true });
    try {
      const error = await expectSandboxError(plugin.call('executeCommand', [], 10_000), 'sandbox.plugin.memory_limit');
      expect(error.message).to.include('memory limit of 32 MB');
    } finally {
      await plugin.stop();
      await hosts.close();
    }
  });

  it('lets the spare go once it has waited its idle time, and starts later plugins in a fresh process', async function () {
    this.timeout(60_000);
    // Idle long enough to be seen even when the machine is busy, and waited for as long as a start can take.
    const hosts = new PluginHosts({ spareIdleMs: 4000 });
    hosts.prewarm();
    await eventually(async () => expect(await spareHosts()).to.have.length(1), 15_000);
    await eventually(async () => expect(await spareHosts()).to.deep.equal([]), 15_000);
    const plugin = await start(hosts, NEIGHBOUR, { alone: true });
    try {
      await answers(plugin);
    } finally {
      await plugin.stop();
      await hosts.close();
    }
  });

  it("keeps the host program's compiled modules in the compile cache folder it is given, for the next host", async () => {
    const cache = await mkdtemp(path.join(tmpdir(), 'parley-host-cache-'));
    try {
      const hosts = new PluginHosts({ compileCacheDir: cache });
      const plugin = await start(hosts, NEIGHBOUR, { alone: true });
      await plugin.stop(); // killed, as hosts end: the cache was written when the program loaded
      const entries = await readdir(cache, { recursive: true, withFileTypes: true });
      expect(entries.filter((entry) => entry.isFile()).length, 'modules in the compile cache').to.be.above(0);
      const next = await start(hosts, NEIGHBOUR, { alone: true });
      await answers(next);
      await next.stop();
      await hosts.close();
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});

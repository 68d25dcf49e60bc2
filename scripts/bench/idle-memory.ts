// Idle memory benchmark (issue 12): the resident size of a production start (`core/src/main.ts`
// with the prepackaged plugins, each in its plugin-host process) once it has served nothing for a
// while, process by process, beside an idle bare Node.js process started the same way in the same
// run. PostgreSQL is not counted: it runs apart, as an external database would.
import { spawn } from 'node:child_process';
import { treeResidentBytes, type ProcessMemory } from './capacity-proc.ts';
import { startCapacityServer } from './capacity-server.ts';

/** After start-up (plugins running), before reading: start-up garbage has had time to be collected. */
const SETTLE_MS = 10_000;
const MB = 1024 * 1024;

export async function benchIdleMemory(): Promise<string> {
  const bare = await bareNodeResident();
  const server = await startCapacityServer();
  let processes: ProcessMemory[];
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    processes = treeResidentBytes(server.serverPid);
  } finally {
    await server.close();
  }
  const total = processes.reduce((sum, p) => sum + p.residentBytes, 0);
  const lines = [
    `\nidle memory: a production start with the prepackaged plugins, ${SETTLE_MS / 1000} s after it was ready`,
    ...processes.map((p, i) => `  ${(p.residentBytes / MB).toFixed(0).padStart(5)} MB  ${i === 0 ? 'server' : label(p.command)}`),
    `  ${(total / MB).toFixed(0).padStart(5)} MB  total resident (${processes.length} processes)`,
    `  ${(bare / MB).toFixed(0).padStart(5)} MB  baseline: an idle bare node --no-node-snapshot process`,
  ];
  return `${lines.join('\n')}\n`;
}

function label(command: string): string {
  return command.startsWith('parley-plugin-host') ? command : `child: ${command.slice(0, 60)}`;
}

async function bareNodeResident(): Promise<number> {
  const child = spawn(process.execPath, ['--no-node-snapshot', '-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return treeResidentBytes(child.pid!)[0]?.residentBytes ?? 0;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

if (import.meta.main) process.stdout.write(await benchIdleMemory());

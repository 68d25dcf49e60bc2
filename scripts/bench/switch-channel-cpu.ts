// CPU per request of the SwitchChannel mix (issue 12's goal: at most 1.5 ms of server CPU, Node and
// PostgreSQL together). Simulated users of the capacity model (capacity-actions.ts), each with its
// WebSocket open and its page loaded, switch channel a fixed number of times — marking the channel
// they leave viewed, fetching the posts since their last visit and the channel's stats, marking the
// new one viewed, and fetching the profiles, statuses and pictures of authors they have not seen — a
// few at a time, with no idle time between switches. The server's process
// tree (with its plugin hosts) and PostgreSQL's are read from /proc before and after, so the figures
// are CPU time, not wall time, and hold on a busy machine. A baseline phase from the same run and
// users sends GET /system/ping in place of every request. `npm run bench`, or alone: node scripts/bench/switch-channel-cpu.ts.
//   BENCH_SWITCH_ITERATIONS  channel switches per phase (2000)
//   BENCH_SWITCH_USERS       users online, each with a WebSocket (100)
//   BENCH_SWITCH_PROFILE     a directory: the server runs with --cpu-prof and writes its profile there
import path from 'node:path';
import { ACTIONS, comeOnline } from './capacity-actions.ts';
import { bulkLoad } from './capacity-bulk-load.ts';
import { HttpLoad } from './capacity-http.ts';
import { planOrg } from './capacity-org.ts';
import { processCpuSeconds, sampleTrees } from './capacity-proc.ts';
import { RequestRecorder } from './capacity-requests.ts';
import { startCapacityServer, type CapacityServer } from './capacity-server.ts';
import { newSimContext, SimUser, type SimContext } from './capacity-user.ts';
import { printTable, type Row } from './report.ts';

/** Users switching at once: enough to keep the server busy, few enough that none waits long. */
const CONCURRENCY = 8;
/** Switches before the measured phases, so caches and JIT are warm as in a steady state. */
const WARMUP_SHARE = 0.25;
/** Statements named under the table. */
const STATEMENTS_REPORTED = 8;

export interface SwitchChannelOptions {
  iterations: number;
  users: number;
  /** Where the server writes its CPU profile (none when absent). */
  profileDir?: string;
}

export function switchChannelOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SwitchChannelOptions {
  const iterations = Number(env.BENCH_SWITCH_ITERATIONS ?? 2000);
  const users = Number(env.BENCH_SWITCH_USERS ?? 100);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 1_000_000) throw new Error(`BENCH_SWITCH_ITERATIONS must be a whole number from 1 to 1000000 (got "${env.BENCH_SWITCH_ITERATIONS}")`);
  if (!Number.isInteger(users) || users < CONCURRENCY || users > 10_000) throw new Error(`BENCH_SWITCH_USERS must be a whole number from ${CONCURRENCY} to 10000 (got "${env.BENCH_SWITCH_USERS}")`);
  return { iterations, users, profileDir: env.BENCH_SWITCH_PROFILE ? path.resolve(env.BENCH_SWITCH_PROFILE) : undefined };
}

interface PhaseCost {
  requests: RequestRecorder;
  /** CPU milliseconds over the phase; `nodeSystemMs` is the kernel's part of `nodeMs`, `coreMs` the core process's own (no plugin hosts). */
  nodeMs: number;
  nodeSystemMs: number;
  coreMs: number;
  postgresMs: number;
  /** Statements PostgreSQL executed in the phase. */
  statements: number;
  /** Wall time of the phase (s): the machine is shared, so only a hint. */
  seconds: number;
  /** The monotonic clock (µs, as V8's CPU profiles stamp their samples) at the phase's start and end. */
  window: [bigint, bigint];
}

export async function benchSwitchChannelCpu(options: SwitchChannelOptions = switchChannelOptionsFromEnv()): Promise<Row[]> {
  const { org, seedPosts } = planOrg(options.users);
  const nodeOptions = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const server = await startCapacityServer({ nodeOptions });
  const http = new HttpLoad(server.nodeUrls);
  // Switches follow one another with no idle time; nothing in a switch waits, so the time scale is moot.
  const ctx = newSimContext(http, org, server.nodeUrls, 1);
  try {
    await bulkLoad(server.url, server.databaseUrl, org, seedPosts);
    for (let i = 0; i < options.users; i += CONCURRENCY) {
      const fresh = org.users.slice(i, i + CONCURRENCY).map((data) => new SimUser(data, ctx, { drops: 0, gaps: 0, resumesRefused: 0 }));
      ctx.users.push(...fresh);
      await Promise.all(fresh.map((user) => comeOnline(ctx, user)));
    }
    await switchChannels(ctx, Math.ceil(options.iterations * WARMUP_SHARE));
    const baseline = await measure(server, ctx, options.iterations, true);
    const mix = await measure(server, ctx, options.iterations, false);
    const top = await server.topStatements(STATEMENTS_REPORTED);
    printNotes(mix, top.top);
    return [row('baseline: every request GET /system/ping', baseline, ''), row('SwitchChannel mix', mix, `goal ≤ 1.5 ms Node + PostgreSQL (baseline ${perRequest(baseline.nodeMs + baseline.postgresMs, baseline)})`)];
  } finally {
    http.open = false;
    await Promise.all(ctx.users.map((user) => user.socket.close()));
    http.close();
    await server.close();
    if (options.profileDir) process.stdout.write(`server CPU profile written to ${options.profileDir}\n`);
  }
}

/** Runs `iterations` channel switches, CONCURRENCY users at a time, each user switching in turn. */
async function switchChannels(ctx: SimContext, iterations: number): Promise<void> {
  const switchChannel = ACTIONS.find((a) => a.name === 'SwitchChannel')!.run!;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = next++; i < iterations; i = next++) {
        // Each worker keeps its own users, so no user switches twice at once.
        const mine = Math.floor(ctx.users.length / CONCURRENCY);
        await switchChannel(ctx, ctx.users[worker * mine + (i % mine)]);
      }
    }),
  );
}

async function measure(server: CapacityServer, ctx: SimContext, iterations: number, pingOnly: boolean): Promise<PhaseCost> {
  const requests = new RequestRecorder();
  ctx.http.recorder = requests;
  ctx.http.pingOnly = pingOnly;
  await server.resetStatements();
  const roots = [server.serverPid, server.postgresPid()];
  const coreBefore = processCpuSeconds(server.serverPid);
  const before = sampleTrees(roots);
  const started = process.hrtime.bigint();
  await switchChannels(ctx, iterations);
  const ended = process.hrtime.bigint();
  const after = sampleTrees(roots);
  const coreAfter = processCpuSeconds(server.serverPid);
  ctx.http.recorder = null;
  ctx.http.pingOnly = false;
  const statements = await server.topStatements(0);
  return {
    requests,
    nodeMs: (after[0].cpuSeconds - before[0].cpuSeconds) * 1000,
    nodeSystemMs: (after[0].systemSeconds - before[0].systemSeconds) * 1000,
    coreMs: (coreAfter - coreBefore) * 1000,
    postgresMs: (after[1].cpuSeconds - before[1].cpuSeconds) * 1000,
    statements: statements.calls,
    seconds: Number(ended - started) / 1e9,
    window: [started / 1000n, ended / 1000n],
  };
}

function perRequest(ms: number, phase: PhaseCost): string {
  return `${(ms / phase.requests.latencies.length).toFixed(3)} ms`;
}

function row(name: string, phase: PhaseCost, note: string): Row {
  const count = phase.requests.latencies.length;
  const failed = phase.requests.failed + phase.requests.refused;
  return {
    name,
    throughput: `${count} requests in ${phase.seconds.toFixed(1)} s`,
    p50: `Node ${perRequest(phase.nodeMs, phase)} (core ${perRequest(phase.coreMs, phase)}, kernel ${perRequest(phase.nodeSystemMs, phase)})`,
    p95: `PostgreSQL ${perRequest(phase.postgresMs, phase)}`,
    p99: `${(phase.statements / count).toFixed(2)} statements/request`,
    note: [failed > 0 ? `${failed} failed or refused` : '', note].filter(Boolean).join('; '),
  };
}

function printNotes(mix: PhaseCost, top: Array<{ query: string; calls: number; totalMs: number }>): void {
  const routes = mix.requests
    .routes()
    .sort((a, b) => b.count - a.count)
    .map((r) => `${r.route} ${r.count}${r.refused + r.failed > 0 ? ` (${r.refused} refused: ${r.firstRefusal}, ${r.failed} failed)` : ''}`);
  process.stdout.write(`\nSwitchChannel mix: ${routes.join(', ')}\n`);
  process.stdout.write(`measured from ${mix.window[0]} to ${mix.window[1]} µs on the monotonic clock (a CPU profile's sample times)\n`);
  process.stdout.write(`its statements by PostgreSQL execution time:\n${top.map((s) => `  ${s.calls} × ${s.totalMs.toFixed(0)} ms  ${s.query}`).join('\n')}\n`);
}

if (import.meta.main) printTable('SwitchChannel mix: server CPU per request (Node with its plugin hosts, PostgreSQL), beside GET /system/ping', await benchSwitchChannelCpu());

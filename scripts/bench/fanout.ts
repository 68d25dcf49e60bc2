// Fan-out benchmark (issue 12): one post in a channel of N members, each holding a WebSocket, from
// `POST /api/v4/posts` until every member has its `posted` frame — beside a bare `ws` server
// (fanout-bare-server.ts) sending the same frame to as many sockets on `POST /broadcast`, in the
// same run and with the same listeners. Both servers run as their own processes; the listeners run
// in worker threads of this one. Rounds run one at a time, so each figure is one post's fan-out.
//   BENCH_FANOUT_CLIENTS  members, one socket each (5000)
//   BENCH_FANOUT_ROUNDS   measured posts per side, after WARMUP_ROUNDS (20)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { newId } from '../../core/src/app/ids.ts';
import { newToken } from '../../core/src/app/session-service.ts';
import { bulkLoad } from './capacity-bulk-load.ts';
import { DEFAULT_CHANNELS, Org } from './capacity-org.ts';
import { sampleTrees } from './capacity-proc.ts';
import { startCapacityServer } from './capacity-server.ts';
import { epochNow, startListeners, type Listeners } from './ws-listeners.ts';
import { percentile, type Row } from './report.ts';

const WARMUP_ROUNDS = 3;
/** A round whose frames have not all arrived by then counts its missing ones as lost. */
const ROUND_DEADLINE_MS = 10_000;
const POLL_MS = 10;
const PAUSE_BETWEEN_ROUNDS_MS = 100;
/** Listener threads: the machine's two cores. */
const LISTENER_THREADS = 2;
const OPENING_AT_ONCE = 50;
const BARE_SERVER = path.resolve(import.meta.dirname, 'fanout-bare-server.ts');

export interface FanoutOptions {
  clients: number;
  rounds: number;
}

interface SideResult {
  /** Milliseconds from the request to each frame's arrival, over the measured rounds. */
  latencies: number[];
  /** Per round: until the last frame arrived (ms). */
  completions: number[];
  delivered: number;
  expected: number;
  /** CPU of the sending server's process tree per round (ms). */
  cpuPerRoundMs: number;
}

export function fanoutOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FanoutOptions {
  const clients = Number(env.BENCH_FANOUT_CLIENTS ?? 5_000);
  const rounds = Number(env.BENCH_FANOUT_ROUNDS ?? 20);
  if (!Number.isInteger(clients) || clients < 2 || clients > 20_000) throw new Error(`BENCH_FANOUT_CLIENTS must be a whole number from 2 to 20000 (got "${env.BENCH_FANOUT_CLIENTS}")`);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1_000) throw new Error(`BENCH_FANOUT_ROUNDS must be a whole number from 1 to 1000 (got "${env.BENCH_FANOUT_ROUNDS}")`);
  return { clients, rounds };
}

export async function benchFanout(options: FanoutOptions = fanoutOptionsFromEnv()): Promise<Row[]> {
  const parley = await measureParley(options);
  const bare = await measureBare(options, parley.frame);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  return [
    sideRow(`bare ws broadcast to ${options.clients} sockets`, bare, ''),
    sideRow(
      `POST /posts → posted to ${options.clients} members`,
      parley.result,
      `p99 ${ratio(percentile(parley.result.latencies, 99), percentile(bare.latencies, 99))}, ` +
        `last frame ${ratio(percentile(parley.result.completions, 50), percentile(bare.completions, 50))} of bare`,
    ),
  ];
}

function sideRow(name: string, side: SideResult, note: string): Row {
  return {
    name,
    throughput: `last frame ${percentile(side.completions, 50).toFixed(1)} ms`,
    p50: `${percentile(side.latencies, 50).toFixed(1)} ms`,
    p95: `${percentile(side.latencies, 95).toFixed(1)} ms`,
    p99: `${percentile(side.latencies, 99).toFixed(1)} ms`,
    note: [`${side.delivered}/${side.expected} delivered`, `server CPU ${side.cpuPerRoundMs.toFixed(1)} ms/post`, note].filter(Boolean).join(', '),
  };
}

async function measureParley(options: FanoutOptions): Promise<{ result: SideResult; frame: string }> {
  const server = await startCapacityServer();
  try {
    const org = oneBigChannel(options.clients);
    await bulkLoad(server.url, server.databaseUrl, org, []);
    const channelId = org.channels[0].id;
    const author = org.users[0].token;
    const listeners = await openListeners(`${server.url.replace(/^http/, 'ws')}/api/v4/websocket`, org.users.map((u) => u.token));
    try {
      let n = 0;
      const send = async () => {
        const response = await fetch(`${server.url}/api/v4/posts`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${author}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ channel_id: channelId, message: `fan-out round ${++n}: the quarterly report is in the shared folder` }),
        });
        if (response.status !== 201) throw new Error(`POST /posts answered ${response.status}: ${await response.text()}`);
      };
      return await runRounds(options, listeners, send, server.serverPid);
    } finally {
      await Promise.all(listeners.map((l) => l.close()));
    }
  } finally {
    await server.close();
  }
}

async function measureBare(options: FanoutOptions, frame: string): Promise<SideResult> {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the bare broadcast server exited with ${code}`)));
      child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    });
    const listeners = await openListeners(`ws://127.0.0.1:${port}/`, new Array<string>(options.clients).fill(''));
    try {
      const send = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/broadcast`, { method: 'POST', body: frame });
        if (response.status !== 201) throw new Error(`the bare broadcast answered ${response.status}`);
      };
      return (await runRounds(options, listeners, send, child.pid!)).result;
    } finally {
      await Promise.all(listeners.map((l) => l.close()));
    }
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

async function openListeners(url: string, tokens: string[]): Promise<Listeners[]> {
  const share = Math.ceil(tokens.length / LISTENER_THREADS);
  const opened = await Promise.allSettled(
    Array.from({ length: LISTENER_THREADS }, (_, i) => startListeners({ url, tokens: tokens.slice(i * share, (i + 1) * share), concurrency: OPENING_AT_ONCE })),
  );
  const failed = opened.find((o) => o.status === 'rejected');
  const ready = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  if (failed) {
    await Promise.all(ready.map((l) => l.close()));
    throw failed.reason;
  }
  return ready;
}

async function runRounds(options: FanoutOptions, listeners: Listeners[], send: () => Promise<void>, serverPid: number): Promise<{ result: SideResult; frame: string }> {
  const result: SideResult = { latencies: [], completions: [], delivered: 0, expected: 0, cpuPerRoundMs: 0 };
  let frame = '';
  let cpuBefore = 0;
  for (let round = 0; round < WARMUP_ROUNDS + options.rounds; round++) {
    const measured = round >= WARMUP_ROUNDS;
    if (round === WARMUP_ROUNDS) cpuBefore = sampleTrees([serverPid])[0].cpuSeconds;
    const started = epochNow();
    await send();
    const arrivals: number[] = [];
    while (arrivals.length < options.clients && epochNow() - started < ROUND_DEADLINE_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      for (const taken of await Promise.all(listeners.map((l) => l.take()))) {
        arrivals.push(...taken.arrivals);
        frame = taken.sample || frame;
      }
    }
    if (arrivals.length > options.clients) throw new Error(`${arrivals.length} frames arrived for ${options.clients} sockets: rounds overlapped`);
    if (measured) {
      result.expected += options.clients;
      result.delivered += arrivals.length;
      for (const at of arrivals) result.latencies.push(at - started);
      result.completions.push(Math.max(...arrivals) - started);
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_ROUNDS_MS));
  }
  // The pauses are idle time for the server; the ticks it spends then are its own housekeeping.
  result.cpuPerRoundMs = ((sampleTrees([serverPid])[0].cpuSeconds - cpuBefore) * 1000) / options.rounds;
  return { result, frame };
}

/** `clients` users in one team, all in its default channels; the first of them posts. */
function oneBigChannel(clients: number): Org {
  const org = new Org();
  org.teams.push({ index: 0, id: '', name: 'fanout', channels: [] });
  const bitBytes = Math.ceil(clients / 8);
  for (let i = 0; i < clients; i++) {
    org.addUser({ index: i, id: newId(), username: `member${i}`, token: newToken(), team: 0, channels: [], personal: [], knownProfiles: new Uint8Array(bitBytes), knownStatuses: new Uint8Array(bitBytes) });
  }
  const everyone = org.users.map((u) => u.index);
  for (const name of DEFAULT_CHANNELS) org.addChannel({ id: '', name, team: 0, type: 'O', members: [...everyone] });
  return org;
}

if (import.meta.main) {
  const { printTable } = await import('./report.ts');
  printTable('fan-out of one post', await benchFanout());
}

// Capacity benchmark (issue 12): how many simulated users this server serves healthily on this
// machine, with its PostgreSQL and the load generator beside it. The load is Mattermost's own
// load-test-ng model (capacity-actions.ts): each user holds one WebSocket and, after an idle time,
// switches channel, scrolls, checks unreads, posts, searches, reconnects… in Mattermost's
// proportions, at a chosen pace. A ramp of user counts runs until the first unhealthy step; a
// baseline with every request replaced by GET /system/ping, from the same run and users, stands
// beside the first step. `BENCH_CAPACITY=1 npm run bench`, or alone: node scripts/bench/capacity.ts.
//   BENCH_CAPACITY_USERS      the ramp (250,500,1000,1500,2000)
//   BENCH_CAPACITY_SECONDS    each step's measured time once its users are online (60)
//   BENCH_CAPACITY_TIMESCALE  the model's idle times (between actions, between scrolls) times this,
//                             load-test-ng's user rate (0.25: four times Mattermost's pace)
//   BENCH_CAPACITY_NODES      server processes (1); more run in cluster mode with a Redis, each user
//                             pinned to one of them as behind a load balancer with sticky sessions
//   BENCH_CAPACITY_PROFILE    a directory: each server node runs with --cpu-prof and writes its
//                             profile there when it stops (the whole run: load, baseline and ramp)
import path from 'node:path';
import { ACTIONS, SUBSTITUTES } from './capacity-actions.ts';
import { bulkLoad } from './capacity-bulk-load.ts';
import { planOrg } from './capacity-org.ts';
import { answerNotes, databaseShares, machineNote, phaseNotes, summarize, tableHeader, tableRow, timeShares } from './capacity-report.ts';
import { AVG_IDLE_MS, CapacityRun, MIN_IDLE_MS, type PhaseResult } from './capacity-run.ts';
import { startCapacityServer } from './capacity-server.ts';
import { SCROLL_IDLE_SECONDS } from './capacity-user.ts';

export interface CapacityOptions {
  /** The ramp: user counts, ascending. */
  users: number[];
  seconds: number;
  timeScale: number;
  /** Server processes: more than one run in cluster mode on this machine. */
  nodes: number;
  /** Where each server node writes its V8 CPU profile, when set. */
  profileDir?: string;
  /** Where the report goes (stdout by default). */
  write?: (text: string) => void;
}

export interface CapacityResult {
  baseline: PhaseResult;
  steps: PhaseResult[];
  /** Users of the last healthy step (0 when the first was not). */
  capacity: number;
}

export function capacityOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CapacityOptions {
  const users = (env.BENCH_CAPACITY_USERS ?? '250,500,1000,1500,2000').split(',').map((s) => Number(s.trim()));
  if (users.length === 0 || users.some((n, i) => !Number.isInteger(n) || n < 2 || (i > 0 && n <= users[i - 1]))) {
    throw new Error(`BENCH_CAPACITY_USERS must be ascending whole numbers of at least 2, e.g. 250,500,1000 (got "${env.BENCH_CAPACITY_USERS}")`);
  }
  const seconds = Number(env.BENCH_CAPACITY_SECONDS ?? 60);
  const timeScale = Number(env.BENCH_CAPACITY_TIMESCALE ?? 0.25);
  const nodes = Number(env.BENCH_CAPACITY_NODES ?? 1);
  if (!(seconds > 0 && seconds <= 3600)) throw new Error(`BENCH_CAPACITY_SECONDS must be between 1 and 3600 (got "${env.BENCH_CAPACITY_SECONDS}")`);
  if (!(timeScale > 0 && timeScale <= 10)) throw new Error(`BENCH_CAPACITY_TIMESCALE must be above 0 and at most 10 (got "${env.BENCH_CAPACITY_TIMESCALE}")`);
  if (!(Number.isInteger(nodes) && nodes >= 1 && nodes <= 8)) throw new Error(`BENCH_CAPACITY_NODES must be a whole number from 1 to 8 (got "${env.BENCH_CAPACITY_NODES}")`);
  const profileDir = env.BENCH_CAPACITY_PROFILE ? path.resolve(env.BENCH_CAPACITY_PROFILE) : undefined;
  return { users, seconds, timeScale, nodes, profileDir };
}

export async function benchCapacity(options: CapacityOptions = capacityOptionsFromEnv()): Promise<CapacityResult> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const { org, seedPosts } = planOrg(Math.max(...options.users));
  const cluster = options.nodes > 1 ? `, ${options.nodes} server nodes in cluster mode with Redis` : '';
  write(`\ncapacity (issue 12): load-test-ng's user model at time scale ${options.timeScale}, ${options.seconds} s per step, ramp ${options.users.join(', ')}${cluster}\n`);
  write(describeModel(options.timeScale));
  const nodeOptions = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const server = await startCapacityServer({ nodes: options.nodes, nodeOptions });
  try {
    const loadStarted = performance.now();
    await bulkLoad(server.url, server.databaseUrl, org, seedPosts);
    const channels = org.channels.filter((c) => c.team >= 0).length;
    write(
      `organisation: ${org.users.length} users in ${org.teams.length} teams, ${channels} team channels, ${org.channels.length - channels} DMs, ` +
        `${seedPosts.length} posts, written in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n\n`,
    );
    const run = new CapacityRun(server, org, options.timeScale);
    try {
      return await ramp(run, options, write);
    } finally {
      await run.close();
    }
  } finally {
    await server.close();
  }
}

async function ramp(run: CapacityRun, options: CapacityOptions, write: (text: string) => void): Promise<CapacityResult> {
  await run.bringOnline(options.users[0]);
  const baseline = await run.measure('baseline: every request GET /system/ping', options.seconds, true);
  write(tableHeader());
  write(tableRow(baseline, summarize(baseline)));
  const steps: PhaseResult[] = [];
  const notes: string[] = [];
  let capacity = 0;
  for (const [i, users] of options.users.entries()) {
    if (users > run.online) await run.bringOnline(users);
    const step = await run.measure(`step ${i + 1}`, options.seconds, false);
    const summary = summarize(step);
    steps.push(step);
    write(tableRow(step, summary));
    for (const note of phaseNotes(step)) notes.push(`step ${i + 1}: ${note}`);
    if (summary.unhealthy.length > 0) break;
    capacity = users;
  }
  const last = steps.at(-1)!;
  write(`\n${machineNote(run.nodes)}\n`);
  if (run.onlineFailures > 0) notes.push(`${run.onlineFailures} users could not come online (their WebSocket did not open)`);
  for (const note of answerNotes(run.onlineRequests)) notes.push(`coming online: ${note}`);
  for (const note of [...phaseNotes(baseline).map((n) => `baseline: ${n}`), ...notes]) write(`- ${note}\n`);
  write(`where the time went in ${last.label}: ${timeShares(last)}\n`);
  write(`where PostgreSQL's time went in ${last.label}: ${databaseShares(last)}\n`);
  const everyStep = steps.length === options.users.length && capacity === options.users.at(-1);
  const qualifier = everyStep ? 'at least ' : '';
  write(`capacity: ${qualifier}${capacity} healthy users (at time scale ${options.timeScale})${everyStep ? ' — every step was healthy; extend BENCH_CAPACITY_USERS' : ''}\n`);
  return { baseline, steps, capacity };
}

function describeModel(timeScale: number): string {
  const total = ACTIONS.reduce((sum, a) => sum + a.weight, 0);
  const leftOut = ACTIONS.filter((a) => !a.run);
  const leftOutWeight = leftOut.reduce((sum, a) => sum + a.weight, 0);
  const reasons = new Map<string, string[]>();
  for (const a of leftOut) reasons.set(a.leftOut!, [...(reasons.get(a.leftOut!) ?? []), `${a.name} ${a.weight}`]);
  return [
    `idle between actions: ${MIN_IDLE_MS * timeScale}-${(2 * AVG_IDLE_MS - MIN_IDLE_MS) * timeScale} ms, ${AVG_IDLE_MS * timeScale} ms on average; ` +
      `between scrolls (ScrollChannel, ViewGlobalThreads): ${SCROLL_IDLE_SECONDS.min * 1000 * timeScale}-${SCROLL_IDLE_SECONDS.max * 1000 * timeScale} ms`,
    `left out (${leftOutWeight.toFixed(4)} of ${total.toFixed(4)} weight: ${((leftOutWeight / total) * 100).toFixed(1)} % of turns draw one and do nothing): ` +
      [...reasons].map(([why, names]) => `${names.join(', ')} (${why})`).join('; '),
    `substituted or simplified: ${SUBSTITUTES.join('; ')}`,
  ]
    .map((line) => `- ${line}\n`)
    .join('');
}

if (import.meta.main) await benchCapacity();

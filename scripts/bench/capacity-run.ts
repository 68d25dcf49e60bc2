// The simulated users of one benchmark run and the phases measured with them. Users come online
// between phases (connect, load the page; not measured); a phase lets every online user act for a
// bounded time, then waits at most 10 s for the `posted` events still on their way, and samples the
// server's, PostgreSQL's and its own CPU over the phase.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { ACTIONS, comeOnline, pollStatuses, type ActionSpec } from './capacity-actions.ts';
import { DeliveryPhase, DeliveryTracker, LATE_MS } from './capacity-deliveries.ts';
import { HttpLoad } from './capacity-http.ts';
import type { Org } from './capacity-org.ts';
import { sampleTrees, treeMemoryBytes } from './capacity-proc.ts';
import type { Random } from './capacity-random.ts';
import { RequestRecorder } from './capacity-requests.ts';
import type { CapacityServer, StatementTotal } from './capacity-server.ts';
import type { SocketCounters } from './capacity-socket.ts';
import { idle, newSimContext, PhaseClock, SimUser, type SimContext } from './capacity-user.ts';

/** load-test-ng's idle time between actions (ms, before the time scale): uniform in [MIN, 2 AVG - MIN). */
export const MIN_IDLE_MS = 1_000;
export const AVG_IDLE_MS = 20_000;
/** getUsersStatusByIdsInterval in load-test-ng's periodic.go. */
const STATUS_POLL_MS = 60_000;
/** Users brought online at once. */
const ONLINE_CONCURRENCY = 25;
const SETTLE_POLL_MS = 100;
/** Statements named in a phase's report. */
const STATEMENTS_REPORTED = 5;
/** The event-loop delay monitor's sampling interval; what it records includes it. */
const LAG_RESOLUTION_MS = 10;

export interface PhaseResult {
  label: string;
  users: number;
  seconds: number;
  requests: RequestRecorder;
  deliveries: DeliveryPhase;
  sockets: SocketCounters;
  /** CPU used over the phase, as a share of the whole machine (all cores). */
  cpu: { server: number; postgres: number; generator: number };
  /** Bytes at the end of the phase. */
  memory: { server: number; postgres: number };
  /** The generator's event-loop delay, p99 (ms): how late it reads what arrives. */
  generatorLagMs: number;
  turns: number;
  /** Turns that drew an action this server cannot run. */
  idleTurns: number;
  /** Actions that threw: a bug in the model, listed in the report. */
  actionErrors: string[];
  /** PostgreSQL's execution time in the phase, and the statements that took most of it. */
  statements: { totalMs: number; top: StatementTotal[] };
  /** Lines the server logged at error level during the phase, and the last one. */
  serverErrors: number;
  lastServerError: string;
}

export class CapacityRun {
  #server: CapacityServer;
  #http: HttpLoad;
  #deliveries: DeliveryTracker;
  #counters: SocketCounters = { drops: 0, gaps: 0, resumesRefused: 0 };
  #ctx: SimContext;
  #draw: { cumulative: number[]; total: number };
  /** Users whose coming online failed (their socket never opened). */
  onlineFailures = 0;
  /** The requests of users coming online (not measured, but a refused one is the model's mistake, to report). */
  readonly onlineRequests = new RequestRecorder();

  constructor(server: CapacityServer, org: Org, timeScale: number) {
    this.#server = server;
    this.#http = new HttpLoad(server.nodeUrls);
    this.#ctx = newSimContext(this.#http, org, server.nodeUrls, timeScale);
    this.#deliveries = this.#ctx.deliveries;
    let total = 0;
    this.#draw = { cumulative: ACTIONS.map((a) => (total += a.weight)), total };
  }

  /** Server nodes the users are spread over. */
  get nodes(): number {
    return this.#ctx.nodeUrls.length;
  }

  get online(): number {
    return this.#ctx.users.length;
  }

  /** Brings users online up to `count`: their WebSocket, the page load and a first channel. */
  async bringOnline(count: number): Promise<void> {
    const ctx = this.#ctx;
    this.#http.recorder = this.onlineRequests;
    this.#http.pingOnly = false;
    this.#http.open = true;
    ctx.clock = new PhaseClock();
    const fresh: SimUser[] = [];
    for (let i = ctx.users.length; i < count; i++) fresh.push(new SimUser(ctx.org.users[i], ctx, this.#counters));
    // Pushed first, so posts sent while later users come online already expect them.
    ctx.users.push(...fresh);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(ONLINE_CONCURRENCY, fresh.length) }, async () => {
        while (next < fresh.length) {
          const user = fresh[next++];
          try {
            await comeOnline(ctx, user);
          } catch {
            user.expecting = false;
            this.onlineFailures++;
          }
        }
      }),
    );
    this.#http.recorder = null;
  }

  /** Lets every online user act for `seconds`; `pingOnly` turns each request into GET /system/ping. */
  async measure(label: string, seconds: number, pingOnly: boolean): Promise<PhaseResult> {
    const ctx = this.#ctx;
    const requests = new RequestRecorder();
    const deliveries = new DeliveryPhase();
    const counters = { ...this.#counters };
    ctx.clock = new PhaseClock();
    this.#http.recorder = requests;
    this.#http.pingOnly = pingOnly;
    this.#http.open = true;
    this.#deliveries.phase = deliveries;
    const tally = { turns: 0, idleTurns: 0, actionErrors: [] as string[] };
    // The server side (every node, and Redis when there are several) first, PostgreSQL last.
    const roots = [...this.#server.serverPids, this.#server.postgresPid()];
    const serverErrors = this.#server.errorLines();
    await this.#server.resetStatements();
    const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    lag.enable();
    const before = sampleTrees(roots);
    const generatorBefore = process.cpuUsage();
    const started = performance.now();

    const loops = ctx.users.flatMap((user) => [this.#act(user, tally), this.#pollStatuses(user)]);
    await delay(seconds * 1000);
    ctx.clock.stop();
    const ended = performance.now();
    const elapsed = (ended - started) / 1000;
    const after = sampleTrees(roots);
    const generator = process.cpuUsage(generatorBefore);
    lag.disable();
    // What is under way finishes; nothing new is sent.
    this.#http.open = false;
    await Promise.all(loops);
    await Promise.all(ctx.background);
    this.#deliveries.phase = null;
    // A receipt still missing 10 s after the phase ended is lost.
    while (deliveries.unsettled > 0 && performance.now() - ended < LATE_MS) await delay(SETTLE_POLL_MS);
    this.#deliveries.close(deliveries);
    this.#http.recorder = null;

    const machine = elapsed * os.availableParallelism();
    const serverSide = (samples: number[]) => samples.slice(0, -1).reduce((sum, value) => sum + value, 0);
    const memory = treeMemoryBytes(roots);
    const cpu = (index: number) => after[index].cpuSeconds - before[index].cpuSeconds;
    const cpus = roots.map((_, index) => cpu(index));
    const statements = await this.#server.topStatements(STATEMENTS_REPORTED);
    return {
      label,
      users: ctx.users.length,
      seconds: elapsed,
      requests,
      deliveries,
      sockets: {
        drops: this.#counters.drops - counters.drops,
        gaps: this.#counters.gaps - counters.gaps,
        resumesRefused: this.#counters.resumesRefused - counters.resumesRefused,
      },
      cpu: {
        server: serverSide(cpus) / machine,
        postgres: cpus.at(-1)! / machine,
        generator: (generator.user + generator.system) / 1e6 / machine,
      },
      memory: { server: serverSide(memory), postgres: memory.at(-1)! },
      generatorLagMs: Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
      ...tally,
      statements,
      serverErrors: this.#server.errorLines() - serverErrors,
      lastServerError: this.#server.lastError(),
    };
  }

  async close(): Promise<void> {
    this.#http.open = false;
    const users = this.#ctx.users;
    for (let i = 0; i < users.length; i += ONLINE_CONCURRENCY * 4) await Promise.all(users.slice(i, i + ONLINE_CONCURRENCY * 4).map((u) => u.socket.close()));
    this.#http.close();
  }

  /** load-test-ng's Run loop: an idle time, then an action drawn by weight. */
  async #act(user: SimUser, tally: { turns: number; idleTurns: number; actionErrors: string[] }): Promise<void> {
    const ctx = this.#ctx;
    while (!ctx.clock.stopped) {
      await idle(ctx, idleMs(user.rng));
      if (ctx.clock.stopped) return;
      const action = this.#pick(user.rng);
      tally.turns++;
      if (!action.run) {
        tally.idleTurns++;
        continue;
      }
      try {
        await action.run(ctx, user);
      } catch (err) {
        if (tally.actionErrors.length < 10) tally.actionErrors.push(`${action.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** Each user's poll keeps its own phase (load-test-ng's starts when the user connects), not all at once. */
  async #pollStatuses(user: SimUser): Promise<void> {
    const ctx = this.#ctx;
    await ctx.clock.sleep(user.rng.int(STATUS_POLL_MS));
    while (!ctx.clock.stopped) {
      await pollStatuses(ctx, user);
      await ctx.clock.sleep(STATUS_POLL_MS);
    }
  }

  #pick(rng: Random): ActionSpec {
    const x = rng.next() * this.#draw.total;
    const at = this.#draw.cumulative.findIndex((c) => x < c);
    return ACTIONS[at < 0 ? ACTIONS.length - 1 : at];
  }
}

function idleMs(rng: Random): number {
  return MIN_IDLE_MS + rng.int(AVG_IDLE_MS * 2 - MIN_IDLE_MS * 2);
}

// The capacity benchmark's verdicts and table: the health rule of issue 12 (average request at most
// 100 ms, p99 at most 2 s, 5xx and timeouts at most 0.025 %), and one Markdown row per phase.
import os from 'node:os';
import type { RequestRecorder } from './capacity-requests.ts';
import type { PhaseResult } from './capacity-run.ts';

export const HEALTH = { avgMs: 100, p99Ms: 2_000, failedShare: 0.00025 };
/** The generator should stay well under this share of the machine, or it skews what it measures. */
export const GENERATOR_LIMIT = 0.1;

export interface PhaseSummary {
  requestsPerSecond: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  failedShare: number;
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  /** What broke the health rule; empty when healthy. */
  unhealthy: string[];
}

export function summarize(result: PhaseResult): PhaseSummary {
  const latencies = Float64Array.from(result.requests.latencies).sort();
  const delays = Float64Array.from(result.deliveries.delays).sort();
  const count = latencies.length;
  const avgMs = count === 0 ? NaN : latencies.reduce((sum, ms) => sum + ms, 0) / count;
  const p99Ms = rank(latencies, 99);
  const failedShare = count === 0 ? 0 : result.requests.failed / count;
  const unhealthy: string[] = [];
  if (count === 0) unhealthy.push('no requests');
  if (avgMs > HEALTH.avgMs) unhealthy.push(`average ${ms(avgMs)} > ${HEALTH.avgMs} ms`);
  if (p99Ms > HEALTH.p99Ms) unhealthy.push(`p99 ${ms(p99Ms)} > ${HEALTH.p99Ms / 1000} s`);
  if (failedShare > HEALTH.failedShare) unhealthy.push(`${percent(failedShare, 3)} 5xx/timeouts > ${percent(HEALTH.failedShare, 3)}`);
  return {
    requestsPerSecond: count / result.seconds,
    avgMs,
    p50Ms: rank(latencies, 50),
    p99Ms,
    failedShare,
    deliveryP50Ms: rank(delays, 50),
    deliveryP99Ms: rank(delays, 99),
    unhealthy,
  };
}

const COLUMNS = [
  'phase',
  'users',
  'requests/s',
  'avg',
  'p50',
  'p99',
  '5xx + timeouts',
  '4xx',
  '`posted` delivered to members (p50 / p99)',
  'late > 10 s / lost, of receipts',
  'server CPU: Node / PostgreSQL',
  'memory: Node / PostgreSQL',
  'generator CPU (loop lag p99)',
  'healthy',
];

export function tableHeader(): string {
  return `| ${COLUMNS.join(' | ')} |\n|${COLUMNS.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|\n`;
}

export function tableRow(result: PhaseResult, summary: PhaseSummary): string {
  const d = result.deliveries;
  const delivered = d.expected === 0 ? '—' : `${ms(summary.deliveryP50Ms)} / ${ms(summary.deliveryP99Ms)}`;
  const lateLost = d.expected === 0 ? '—' : `${d.late} / ${d.lost} of ${d.expected.toLocaleString('en')}`;
  const cells = [
    result.label,
    String(result.users),
    summary.requestsPerSecond.toFixed(0),
    ms(summary.avgMs),
    ms(summary.p50Ms),
    ms(summary.p99Ms),
    `${result.requests.failed} (${percent(summary.failedShare, 3)})`,
    String(result.requests.refused),
    delivered,
    lateLost,
    `${percent(result.cpu.server, 0)} / ${percent(result.cpu.postgres, 0)}`,
    `${mb(result.memory.server)} / ${mb(result.memory.postgres)}`,
    `${percent(result.cpu.generator, 1)} (${ms(result.generatorLagMs)})`,
    summary.unhealthy.length === 0 ? 'yes' : `no: ${summary.unhealthy.join(', ')}`,
  ];
  return `| ${cells.join(' | ')} |\n`;
}

/** The routes that were refused (4xx: the model's mistake) or failed (5xx, timeouts), with counts. */
export function answerNotes(requests: RequestRecorder): string[] {
  const notes: string[] = [];
  const refused = requests.routes().filter((r) => r.refused > 0);
  if (refused.length > 0) notes.push(`4xx from ${refused.map((r) => `${r.route} (${r.refused}, first: ${r.firstRefusal})`).join(', ')}`);
  const failed = requests.routes().filter((r) => r.failed > 0);
  if (failed.length > 0) notes.push(`5xx/timeouts from ${failed.map((r) => `${r.route} (${r.failed})`).join(', ')}`);
  return notes;
}

/** Notes a row cannot hold: dropped sockets, refused routes, errors, an overloaded generator. */
export function phaseNotes(result: PhaseResult): string[] {
  const notes: string[] = [];
  const { drops, gaps, resumesRefused } = result.sockets;
  if (drops + gaps + resumesRefused > 0) notes.push(`WebSockets: ${drops} dropped, ${gaps} events skipped in seq, ${resumesRefused} resumes refused`);
  notes.push(...answerNotes(result.requests));
  if (result.requests.timeouts > 0) notes.push(`${result.requests.timeouts} requests timed out`);
  if (result.serverErrors > 0) notes.push(`the server logged ${result.serverErrors} errors, the last: ${result.lastServerError.slice(0, 400)}`);
  if (result.actionErrors.length > 0) notes.push(`actions that threw: ${result.actionErrors.join('; ')}`);
  if (result.cpu.generator > GENERATOR_LIMIT) {
    notes.push(`the generator used ${percent(result.cpu.generator, 1)} of the machine (over ${percent(GENERATOR_LIMIT, 0)}): the server had less than it would alone`);
  }
  return notes;
}

/** The routes taking the largest shares of a phase's request time. */
export function timeShares(result: PhaseResult, top = 6): string {
  const routes = result.requests.routes();
  const total = routes.reduce((sum, r) => sum + r.totalMs, 0);
  return routes
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top)
    .map((r) => `${percent(r.totalMs / total, 0)} ${r.route} (${r.count}, avg ${ms(r.totalMs / r.count)})`)
    .join(', ');
}

/** The statements taking the largest shares of PostgreSQL's execution time in a phase. */
export function databaseShares(result: PhaseResult): string {
  const { totalMs, top } = result.statements;
  if (totalMs === 0) return 'nothing';
  return `${ms(totalMs)} in all; ${top.map((s) => `${percent(s.totalMs / totalMs, 0)} (${s.calls}, avg ${ms(s.totalMs / s.calls)}) ${s.query}`).join(' | ')}`;
}

export function machineNote(nodes: number): string {
  const cluster = nodes > 1 ? ` The server is ${nodes} nodes in cluster mode: its Node figures are every node's and Redis's together.` : '';
  return `CPU is a share of the whole machine (${os.availableParallelism()} cores), which the server, its PostgreSQL and the generator share; memory is proportional set size.${cluster}`;
}

/** Nearest-rank percentile of sorted values. */
function rank(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function ms(value: number): string {
  if (Number.isNaN(value)) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 10 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function percent(share: number, digits: number): string {
  return `${(share * 100).toFixed(digits)} %`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

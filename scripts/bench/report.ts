// Shared output and timing for benchmarks: each figure is printed beside the baseline measured in
// the same run.

export interface Row {
  name: string;
  throughput: string;
  p50: string;
  p95: string;
  p99: string;
  note: string;
}

export interface Run {
  /** Milliseconds per call. */
  latencies: number[];
  seconds: number;
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `task` `count` times with `concurrency` workers, timing each call; none starts after `deadline` (performance.now() milliseconds). */
export async function drive(count: number, concurrency: number, task: (i: number) => Promise<unknown>, deadline = Infinity): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export function row(name: string, run: Run, note = ''): Row {
  return {
    name,
    throughput: `${Math.round(run.latencies.length / run.seconds)}/s`,
    p50: `${percentile(run.latencies, 50).toFixed(2)} ms`,
    p95: `${percentile(run.latencies, 95).toFixed(2)} ms`,
    p99: `${percentile(run.latencies, 99).toFixed(2)} ms`,
    note,
  };
}

export function printTable(title: string, rows: Row[]): void {
  const header: Row = { name: 'measurement', throughput: 'throughput', p50: 'p50', p95: 'p95', p99: 'p99', note: 'note' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((r) => r[key].length));
  const line = (r: Row) => [r.name.padEnd(width('name')), r.throughput.padStart(width('throughput')), r.p50.padStart(width('p50')), r.p95.padStart(width('p95')), r.p99.padStart(width('p99')), r.note].join('  ');
  process.stdout.write(`\n${title}\n${line(header)}\n${rows.map(line).join('\n')}\n`);
}

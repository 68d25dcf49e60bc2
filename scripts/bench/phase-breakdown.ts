// Where a request's time goes: subscribes to the server's phase tracing channels
// (core/src/tracing/phases.ts) for the length of a run and sums each phase's wall time.
import { tracingChannel } from 'node:diagnostics_channel';
import { PHASES, type Phase } from '../../core/src/tracing/phases.ts';

export interface PhaseTotals {
  phase: Phase;
  spans: number;
  totalMs: number;
}

/** Starts recording; `stop()` ends it and returns each phase's spans and summed wall time. */
export function recordPhases(): { stop(): PhaseTotals[] } {
  const totals = new Map<Phase, PhaseTotals>(PHASES.map((phase) => [phase, { phase, spans: 0, totalMs: 0 }]));
  const started = new WeakMap<object, number>();
  const unsubscribers = PHASES.map((phase) => {
    const channel = tracingChannel<object, object>(`parley:phase:${phase}`);
    const finish = (context: object) => {
      const t0 = started.get(context);
      if (t0 === undefined) return;
      started.delete(context);
      const entry = totals.get(phase)!;
      entry.spans++;
      entry.totalMs += performance.now() - t0;
    };
    const handlers = {
      start: (context: object) => started.set(context, performance.now()),
      end: (context: object) => {
        // traceSync has set the result when it publishes end; tracePromise has not yet, and ends at asyncEnd.
        if ('result' in context && !(context.result instanceof Promise)) finish(context);
      },
      asyncStart: () => {},
      asyncEnd: finish,
      error: finish,
    };
    channel.subscribe(handlers);
    return () => channel.unsubscribe(handlers);
  });
  return {
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      return [...totals.values()];
    },
  };
}

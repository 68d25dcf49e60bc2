// Named phases of the server's work (authentication, permission checks, plugin hooks, SQL, encoding,
// fan-out), published on node:diagnostics_channel tracing channels so a benchmark or a profiler can
// see where a request's time goes. With nobody subscribed, a traced call is a plain call: one
// hasSubscribers check, nothing allocated. A leaf module: every layer may trace.
import { tracingChannel, type TracingChannel } from 'node:diagnostics_channel';

/** The phases of a post's life that are traced; a subscriber names them `parley:phase:<name>`. */
export const PHASES = ['auth', 'decode', 'permission', 'hooks', 'sql', 'encode', 'fanout'] as const;
export type Phase = (typeof PHASES)[number];

const channels = new Map<Phase, TracingChannel<object, object>>(PHASES.map((phase) => [phase, tracingChannel(`parley:phase:${phase}`)]));

/** Runs `work` as one span of `phase`. */
export function traced<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
  const channel = channels.get(phase)!;
  if (!channel.hasSubscribers) return work();
  return channel.tracePromise(work, {});
}

/** Runs synchronous `work` as one span of `phase`. */
export function tracedSync<T>(phase: Phase, work: () => T): T {
  const channel = channels.get(phase)!;
  if (!channel.hasSubscribers) return work();
  return channel.traceSync(work, {});
}

// The messages between the core (parent) and a plugin-host child process, and the limits both
// sides enforce. Payloads travel as JSON strings so their size is checked before anything parses them.
// A host runs several plugins: every message names the `slot`, the core's number for one plugin run.
import type { SandboxErrorShape } from './plugin-process.ts';

/** Largest JSON payload (hook arguments, hook results, API arguments and results), in characters. */
export const MAX_PAYLOAD_CHARS = 1 << 20;
/** API calls a plugin may have waiting for the core's answer at once; more wait in a queue. */
export const MAX_API_CALLS_IN_FLIGHT = 64;
/**
 * API calls that may wait for a free slot, and the characters of arguments they may hold together: a
 * plugin serving many requests at once is slowed down, not failed; a flood beyond this is refused.
 */
export const MAX_API_CALLS_QUEUED = 1024;
export const MAX_QUEUED_API_CHARS = 8 << 20;
/** Heap of the plugin-host process itself (not its isolate): it only holds the bundle and JSON strings. */
export const HOST_HEAP_MB = 128;
/**
 * Resident memory a plugin-host process may use: its own heap, each isolate's limit three times over
 * (isolated-vm's limit is a guideline an attacker can exceed 2-3x, and builtins such as
 * Array.prototype.fill allocate outside it), and what Node and V8 need to run at all.
 */
export function processMemoryCapMb(isolateLimitsMb: readonly number[]): number {
  return HOST_HEAP_MB + 3 * isolateLimitsMb.reduce((sum, mb) => sum + mb, 0) + 128;
}
/** How often the core samples a plugin host's resident memory. */
export const MEMORY_POLL_MS = 200;
/**
 * How often a plugin host samples its own: four times as often as the core, so that memory a builtin
 * allocates fast (a gigabyte in well under a second) is seen by the host between 90 % of the cap and
 * the cap — it then disposes only the isolate responsible — before the core's backstop at the cap
 * kills the whole process with every plugin in it.
 */
export const HOST_MEMORY_POLL_MS = MEMORY_POLL_MS / 4;
/** How long past a deadline the core waits before it kills a host that does not answer (a hung native call). */
export const KILL_GRACE_MS = 1000;

export type Settled = { ok: true; json: string } | { ok: false; error: SandboxErrorShape };

export type ParentMessage =
  | { type: 'start'; slot: number; pluginId: string; code: string; memoryLimitMb: number; startTimeoutMs: number }
  | { type: 'call'; slot: number; id: number; hook: string; args: string; timeoutMs: number }
  | ({ type: 'apiResult'; slot: number; id: number } & Settled)
  /** A health check: answered with a pong once the isolate took a trivial call (or a call in progress holds it under its deadline). */
  | { type: 'ping'; slot: number; id: number; timeoutMs: number }
  /** Dispose of the plugin's isolate, whatever it is doing; answered with `stopped`. */
  | { type: 'stop'; slot: number }
  /** To a spare host: make an isolate with this memory limit now, for the next plugin to start (not answered). */
  | { type: 'prepare'; memoryLimitMb: number };

export type ChildMessage =
  | { type: 'ready'; slot: number; hooks: string[] }
  /** The plugin could not start; its isolate is gone. */
  | { type: 'startFailed'; slot: number; error: SandboxErrorShape }
  | ({ type: 'result'; slot: number; id: number } & Settled)
  | { type: 'api'; slot: number; id: number; method: string; args: string }
  | { type: 'pong'; slot: number; id: number }
  | { type: 'stopped'; slot: number }
  /** The plugin's isolate is gone (timeout, memory); after a catastrophic V8 error the whole process ends right after. */
  | { type: 'fatal'; slot: number; error: SandboxErrorShape };

// The errors the sandbox raises about a plugin: one class, stable ids, named constructors. They cross
// the process boundary as plain {id, message, app_error?} shapes and become SandboxErrors again in the core.
import type { PluginAppError, SandboxErrorShape } from './plugin-process.ts';

/** Longest message kept from a plugin's error: a plugin must not flood the server's logs. */
export const MAX_ERROR_MESSAGE_CHARS = 2000;

export function truncateMessage(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}…` : message;
}

export class SandboxError extends Error implements SandboxErrorShape {
  readonly id: string;
  readonly app_error?: PluginAppError;

  constructor(id: string, message: string, appError?: PluginAppError) {
    super(truncateMessage(message));
    this.name = 'SandboxError';
    this.id = id;
    if (appError) this.app_error = appError;
  }

  /** Rebuilds an error that crossed a boundary, keeping only a string id, a message and a checked app_error. */
  static from(shape: unknown, fallbackId = 'sandbox.plugin.crashed'): SandboxError {
    if (shape instanceof SandboxError) return shape;
    const candidate = (typeof shape === 'object' && shape !== null ? shape : {}) as Partial<Record<'id' | 'message' | 'app_error', unknown>>;
    const id = typeof candidate.id === 'string' && candidate.id !== '' ? candidate.id : fallbackId;
    const message = typeof candidate.message === 'string' ? candidate.message : String(shape);
    return new SandboxError(id, message, pluginAppError(candidate.app_error));
  }

  toJSON(): SandboxErrorShape {
    return this.app_error ? { id: this.id, message: this.message, app_error: this.app_error } : { id: this.id, message: this.message };
  }
}

const APP_ERROR_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** The id and status of an error a plugin threw on purpose, if `value` is a well-formed one (4xx or 5xx). */
export function pluginAppError(value: unknown): PluginAppError | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, status } = value as Partial<Record<'id' | 'status', unknown>>;
  if (typeof id !== 'string' || !APP_ERROR_ID.test(id)) return undefined;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) return undefined;
  return { id, status };
}

/** The sandbox's error shapes, built in one place so ids and wording stay consistent. */
export const sandboxErrors = {
  hookTimeout: (hook: string, ms: number): SandboxErrorShape => ({
    id: 'sandbox.hook.timeout',
    message: `The plugin's ${hook} hook did not finish within ${ms} ms; its isolate was disposed.`,
  }),
  backgroundTimeout: (ms: number): SandboxErrorShape => ({
    id: 'sandbox.hook.timeout',
    message: `The plugin kept running for more than ${ms} ms outside of a hook call; its isolate was disposed.`,
  }),
  hookNotImplemented: (hook: string): SandboxErrorShape => ({
    id: 'sandbox.hook.not_implemented',
    message: `The plugin does not implement the ${hook} hook.`,
  }),
  startTimeout: (ms: number): SandboxErrorShape => ({
    id: 'sandbox.start.timeout',
    message: `The plugin did not start within ${ms} ms.`,
  }),
  memoryLimit: (limitMb: number): SandboxErrorShape => ({
    id: 'sandbox.plugin.memory_limit',
    message: `The plugin used more than its memory limit of ${limitMb} MB; its isolate was disposed.`,
  }),
  /** `ended`: what was done about it (the isolate running at the time disposed, or the whole process killed). */
  processMemory: (rssMb: number, capMb: number, ended: 'isolate' | 'process'): SandboxErrorShape => ({
    id: 'sandbox.plugin.memory_limit',
    message: `The plugin's process used ${rssMb} MB of memory, over its cap of ${capMb} MB; ${ended === 'isolate' ? "the plugin's isolate was disposed" : 'the process was killed'}.`,
  }),
  crashed: (detail: string): SandboxErrorShape => ({ id: 'sandbox.plugin.crashed', message: `The plugin's process ended: ${detail}.` }),
  pingTimeout: (ms: number): SandboxErrorShape => ({ id: 'sandbox.ping.timeout', message: `The plugin's process did not answer a health check within ${ms} ms.` }),
  stopped: (): SandboxErrorShape => ({ id: 'sandbox.process.stopped', message: "The plugin's process was stopped." }),
  invalid: (detail: string): SandboxErrorShape => ({ id: 'sandbox.plugin.invalid', message: `The plugin's server module cannot run: ${detail}` }),
  pluginError: (message: string): SandboxErrorShape => ({ id: 'sandbox.plugin.error', message: truncateMessage(message) }),
  resultTooLarge: (chars: number, limit: number): SandboxErrorShape => ({
    id: 'sandbox.result.too_large',
    message: `The plugin's result is ${chars} characters of JSON; the limit is ${limit}.`,
  }),
  resultNotJson: (detail: string): SandboxErrorShape => ({
    id: 'sandbox.result.invalid',
    message: `The plugin's result cannot be sent as JSON: ${truncateMessage(detail)}`,
  }),
  argsTooLarge: (chars: number, limit: number): SandboxErrorShape => ({
    id: 'sandbox.args.too_large',
    message: `The hook's arguments are ${chars} characters of JSON; the limit is ${limit}.`,
  }),
  apiTooManyCalls: (inFlight: number, queued: number): SandboxErrorShape => ({
    id: 'sandbox.api.too_many_calls',
    message: `The plugin already has ${inFlight} API calls in flight and ${queued} waiting for a turn; await some before making more.`,
  }),
  apiUnknownMethod: (method: string): SandboxErrorShape => ({ id: 'sandbox.api.unknown_method', message: `There is no API method ${truncateMessage(method)}.` }),
  apiInvalidArgs: (method: string): SandboxErrorShape => ({
    id: 'sandbox.api.invalid_args',
    message: `${method}: the arguments must be a JSON array.`,
  }),
  apiTooLarge: (limit: number): SandboxErrorShape => ({
    id: 'sandbox.api.too_large',
    message: `An API call's arguments or result exceed ${limit} characters of JSON.`,
  }),
};

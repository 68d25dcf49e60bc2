// Checks the JSON arguments of a plugin's API call. Plugins are untrusted callers: every value is
// checked for type and size before it reaches a service, and refused with one stable error id.
import { AppError } from '../../../errors/app-error.ts';
import { isValidId } from '../../../app/ids.ts';
import type { Refusal } from '../../../wire/json-fields.ts';
import { isPlainObject } from '../../../app/plain-object.ts';

export function invalidArguments(method: string, why: string): AppError {
  return new AppError('plugin.api.invalid_arguments', 400, `Invalid arguments for ${method}: ${why}.`);
}

/** Reads the positional arguments of one call, naming the method in every refusal. */
export class Arguments {
  readonly method: string;
  #args: readonly unknown[];

  constructor(method: string, args: readonly unknown[]) {
    this.method = method;
    this.#args = args;
  }

  /** How the wire decoders refuse a field of the object argument `name`: as this call's invalid arguments. */
  refusal(name: string): Refusal {
    return (field, why) => invalidArguments(this.method, `${name}.${field} ${why}`);
  }

  raw(index: number): unknown {
    return this.#args[index];
  }

  string(index: number, name: string, options: { max?: number; min?: number; optional?: boolean } = {}): string {
    const value = this.#args[index];
    if (value === undefined && options.optional) return '';
    if (typeof value !== 'string') throw invalidArguments(this.method, `${name} must be a string`);
    if (value.length < (options.min ?? 0)) throw invalidArguments(this.method, `${name} must not be empty`);
    if (value.length > (options.max ?? 1024)) throw invalidArguments(this.method, `${name} must be at most ${options.max ?? 1024} characters`);
    return value;
  }

  id(index: number, name: string): string {
    const value = this.#args[index];
    if (!isValidId(value)) throw invalidArguments(this.method, `${name} must be a 26-character id`);
    return value;
  }

  /** `page` and `perPage` at `index` and `index + 1` (Mattermost's paging: perPage 1–200, default 60). */
  paging(index: number): { offset: number; limit: number } {
    const page = this.int(index, 'page', 0, 100_000, 0);
    const perPage = this.int(index + 1, 'perPage', 1, 200, 60);
    return { offset: page * perPage, limit: perPage };
  }

  int(index: number, name: string, min: number, max: number, fallback?: number): number {
    const value = this.#args[index];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalidArguments(this.method, `${name} must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  object(index: number, name: string, options: { optional?: boolean; maxBytes?: number } = {}): Record<string, unknown> {
    const value = this.#args[index];
    if ((value === undefined || value === null) && options.optional) return {};
    if (!isPlainObject(value)) throw invalidArguments(this.method, `${name} must be an object`);
    if (options.maxBytes !== undefined && jsonSize(value) > options.maxBytes) throw invalidArguments(this.method, `${name} must be at most ${options.maxBytes} bytes as JSON`);
    return value;
  }
}

export { isPlainObject };

/** Size in bytes of a value's JSON text. */
export function jsonSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

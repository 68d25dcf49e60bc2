// The one way JSON input is read into typed values, whoever sent it: a request body (the HTTP API),
// or an object argument of a plugin's API call. Each entity's decoder (wire/<entity>.ts) reads its
// fields through this and hands the service a typed input; the service checks the rules of the
// domain (lengths Mattermost allows, what exists, who may). A field that is absent or null takes
// its fallback; one of the wrong type is refused, naming it.
import { AppError } from '../errors/app-error.ts';
import { isValidId } from '../app/ids.ts';

/** How a refusal is phrased: the HTTP API's invalid_param by default; the plugin API names its method. */
export type Refusal = (field: string, why: string) => AppError;

export const paramRefusal: Refusal = (field, why) => AppError.invalidParam(field, why);

interface Bounds {
  /** Longest accepted value, in UTF-16 code units (Mattermost's limits are on runes; services check those). */
  max?: number;
}

export class JsonFields {
  readonly #value: Record<string, unknown>;
  readonly #refuse: Refusal;

  private constructor(value: Record<string, unknown>, refuse: Refusal) {
    this.#value = value;
    this.#refuse = refuse;
  }

  /** The fields of `value`, which must be a JSON object; `what` names it in refusals (`post`, `channel`). */
  static of(value: unknown, what: string, refuse: Refusal = paramRefusal): JsonFields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse(what, 'expected a JSON object');
    return new JsonFields(value as Record<string, unknown>, refuse);
  }

  /** True when the field is present and not null (a patch changes only such fields). */
  has(name: string): boolean {
    return this.#value[name] !== undefined && this.#value[name] !== null;
  }

  /** True when the field holds a JSON array: for fields that take one value or a list of them. */
  isList(name: string): boolean {
    return Array.isArray(this.#value[name]);
  }

  string(name: string, bounds: Bounds = {}, fallback = ''): string {
    const value = this.#value[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string') throw this.#refused(name, 'must be a string');
    if (bounds.max !== undefined && value.length > bounds.max) throw this.#refused(name, `must be at most ${bounds.max} characters`);
    return value;
  }

  /** A 26-character id that must be there. */
  id(name: string): string {
    const value = this.#value[name];
    if (!isValidId(value)) throw this.#refused(name, 'must be a 26-character id');
    return value;
  }

  /** A 26-character id, or '' when absent or empty. */
  optionalId(name: string): string {
    const value = this.string(name);
    if (value !== '' && !isValidId(value)) throw this.#refused(name, 'must be empty or a 26-character id');
    return value;
  }

  boolean(name: string, fallback = false): boolean {
    const value = this.#value[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw this.#refused(name, 'must be true or false');
    return value;
  }

  integer(name: string, bounds: { min: number; max: number }, fallback: number): number {
    const value = this.#value[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) {
      throw this.#refused(name, `must be an integer from ${bounds.min} to ${bounds.max}`);
    }
    return value;
  }

  /** A JSON object, whatever it holds ({} when absent). */
  object(name: string): Record<string, unknown> {
    const value = this.#value[name];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw this.#refused(name, 'must be a JSON object');
    return value as Record<string, unknown>;
  }

  /** An object of strings, Mattermost's StringMap (notify_props, timezone, props of a user). */
  stringMap(name: string): Record<string, string> {
    const map = this.object(name);
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== 'string') throw this.#refused(`${name}.${key}`, 'must be a string');
    }
    return map as Record<string, string>;
  }

  stringList(name: string, bounds: { maxItems: number }): string[] {
    const value = this.#value[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw this.#refused(name, 'must be an array of strings');
    if (value.length > bounds.maxItems) throw this.#refused(name, `must have at most ${bounds.maxItems} entries`);
    return value as string[];
  }

  #refused(name: string, why: string): AppError {
    return this.#refuse(name, why);
  }
}

/** A body that is a JSON array of strings (lists of ids or names); `what` names it in refusals. */
export function decodeStringList(value: unknown, what: string, bounds: { maxItems: number }, refuse: Refusal = paramRefusal): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw refuse(what, 'expected a JSON array of strings');
  if (value.length > bounds.maxItems) throw refuse(what, `must have at most ${bounds.maxItems} entries`);
  return value as string[];
}

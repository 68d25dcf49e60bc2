// What JSON from outside may hold before it is stored: the rule the server applies to request
// bodies and plugin API arguments, offered to plugins for the bodies they parse themselves.
// PostgreSQL refuses the NUL character in text and jsonb, and nesting thousands of levels deep
// overflows recursive code and jsonb's parser alike; both are refused up front, with a reason.
import { HttpError } from './http.ts';

/**
 * How deep a JSON value may nest: deeper than any real Mattermost payload (attachments with actions
 * and options nest about 6 levels).
 * @since 0.1.0
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Why `value` cannot be stored — a NUL character (`\u0000`) in a string or a field name, or nesting
 * deeper than {@link MAX_JSON_DEPTH} — phrased to follow "the request body"; undefined when it can.
 * Iterative, so the check itself cannot overflow the stack however deep the value is.
 * @since 0.1.0
 */
export function jsonInputProblem(value: unknown): string | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `is nested more than ${MAX_JSON_DEPTH} levels deep`;
    if (Array.isArray(current)) {
      for (const item of current) pending.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (key.includes('\u0000')) return 'contains a NUL character (\\u0000) in a field name';
      pending.push({ value: item, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Parses a request body as JSON the way the server parses its own: a body that is not JSON, holds a
 * NUL character or nests too deep is a 400 `api.context.invalid_body_param.app_error` (thrown as an
 * HttpError) naming `what` the body should be. Checking the value's shape is left to the caller.
 * @example const hook = parseJsonBody(request.body, 'incoming_webhook');
 * @since 0.1.0
 */
export function parseJsonBody(body: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new HttpError(400, 'api.context.invalid_body_param.app_error', `Invalid or missing ${what} in request body.`, `the body is not JSON: ${(err as Error).message}`);
  }
  const problem = jsonInputProblem(value);
  if (problem) throw new HttpError(400, 'api.context.invalid_body_param.app_error', `Invalid ${what} in request body: it ${problem}.`);
  return value;
}

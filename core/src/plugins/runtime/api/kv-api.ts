// kv.*: the plugin's private key-value store.
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, type Arguments } from './arguments.ts';

const MAX_KEY_ARGUMENT = 1024;
const MAX_LIST_PAGE = 1000;

export function kvApi({ kv }: ApiDeps): ApiGroup<'kv'> {
  return {
    async set(call) {
      await kv.set(call.manifest.id, key(call.args), value(call.args, 1, 'value'));
      return null;
    },
    async setWithExpiry(call) {
      await kv.set(call.manifest.id, key(call.args), value(call.args, 1, 'value'), call.args.int(2, 'expireInSeconds', 0, Number.MAX_SAFE_INTEGER));
      return null;
    },
    async compareAndSet(call) {
      return kv.compareAndSet(call.manifest.id, key(call.args), value(call.args, 1, 'expected'), value(call.args, 2, 'next'));
    },
    async get(call) {
      return kv.get(call.manifest.id, key(call.args));
    },
    async delete(call) {
      await kv.delete(call.manifest.id, key(call.args));
      return null;
    },
    async list(call) {
      const options = call.args.object(2, 'options', { optional: true });
      const prefix = options.prefix;
      if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length > MAX_KEY_ARGUMENT || prefix.includes('\0'))) {
        throw invalidArguments(call.args.method, `options.prefix must be a string of at most ${MAX_KEY_ARGUMENT} characters, without NUL`);
      }
      return kv.list(call.manifest.id, call.args.int(0, 'page', 0, 1_000_000, 0), call.args.int(1, 'perPage', 1, MAX_LIST_PAGE, 100), prefix);
    },
  };
}

function key(args: Arguments): string {
  // The service checks the real limit and answers with the KV's own error id.
  return args.string(0, 'key', { max: MAX_KEY_ARGUMENT });
}

function value(args: Arguments, index: number, name: string): unknown {
  const raw = args.raw(index);
  if (raw === undefined) throw invalidArguments(args.method, `${name} must be a JSON value (null for none)`);
  return raw;
}

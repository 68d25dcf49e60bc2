// store.*: SQL in the plugin's own schema (plugin-stores.ts). The statement text is the plugin's; its
// values travel apart, bound by PostgreSQL.
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments } from './arguments.ts';

/** A statement longer than this is not a statement a plugin needs to send. */
const MAX_SQL = 100_000;
const MAX_PARAMS = 1000;

export function storeApi({ stores }: ApiDeps): ApiGroup<'store'> {
  return {
    async query(call) {
      const sql = call.args.string(0, 'sql', { min: 1, max: MAX_SQL });
      const params = call.args.raw(1) ?? [];
      if (!Array.isArray(params) || params.length > MAX_PARAMS) throw invalidArguments(call.args.method, `params must be an array of at most ${MAX_PARAMS} values`);
      const txId = call.args.string(2, 'txId', { optional: true, max: 26 });
      return stores.query(call.manifest.id, sql, params.map(bindable), txId);
    },
    async begin(call) {
      return stores.begin(call.manifest.id);
    },
    async commit(call) {
      await stores.commit(call.manifest.id, call.args.id(0, 'txId'));
      return null;
    },
    async rollback(call) {
      await stores.rollback(call.manifest.id, call.args.id(0, 'txId'));
      return null;
    },
  };
}

/** Objects and arrays go to PostgreSQL as JSON text (for json and jsonb columns); the rest as they are. */
function bindable(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

// log.*: a plugin's lines in the server log, tagged with plugin_id. A per-plugin budget keeps a
// flooding plugin from drowning the log; how many lines it lost is logged once per second.
import type { ApiCall, ApiDeps, ApiGroup } from './api-group.ts';
import { isPlainObject } from './arguments.ts';
import type { WindowLimiter } from './window-limiter.ts';

const MAX_MESSAGE = 4096;
const MAX_FIELDS_BYTES = 16 * 1024;
/** Fields the log line itself owns: a plugin cannot forge them. */
const RESERVED_FIELDS = new Set(['timestamp', 'level', 'msg', 'plugin_id', 'source']);

export function logApi({ logger }: ApiDeps, limiter: WindowLimiter): ApiGroup<'log'> {
  const level = (name: 'debug' | 'info' | 'warn' | 'error') => async (call: ApiCall) => {
    const pluginId = call.manifest.id;
    const log = logger.child({ plugin_id: pluginId, source: 'plugin' });
    const message = call.args.string(0, 'message', { max: 64 * 1024 }).slice(0, MAX_MESSAGE);
    const raw = call.args.object(1, 'fields', { optional: true, maxBytes: MAX_FIELDS_BYTES });
    const accepted = limiter.take(pluginId, Date.now(), (dropped) => log.warn('plugin log lines dropped: the plugin logs faster than its budget', { dropped }));
    if (!accepted) return null;
    const fields = isPlainObject(raw) ? Object.fromEntries(Object.entries(raw).filter(([k]) => !RESERVED_FIELDS.has(k))) : {};
    log[name](message, fields);
    return null;
  };
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}

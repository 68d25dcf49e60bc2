// The last deliveries and what became of each — posted, skipped and why, refused and why — kept in
// the KV store for `/github webhook log`, so an admin can tell why an event never showed up
// without reading the server log.
import { updateKvAtomically, type PluginAPI } from '@parley/plugin-api';

export const DELIVERY_LOG_KEY = 'webhook_delivery_log';
export const DELIVERY_LOG_SIZE = 50;

export interface DeliveryLogEntry {
  /** Epoch milliseconds. */
  at: number;
  event: string;
  action: string;
  repository: string;
  delivery_id: string;
  /** `accepted` (then `detail` says what each consumer did) or `refused` (then `detail` says why). */
  outcome: 'accepted' | 'refused';
  detail: string;
}

/** Longest detail kept: the log stays well under the KV value limit. */
const MAX_DETAIL_CHARS = 1000;

export class DeliveryLog {
  #kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>;

  constructor(kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>) {
    this.#kv = kv;
  }

  async record(entry: DeliveryLogEntry): Promise<void> {
    const kept = { ...entry, detail: entry.detail.length > MAX_DETAIL_CHARS ? `${entry.detail.slice(0, MAX_DETAIL_CHARS)}…` : entry.detail };
    await updateKvAtomically<DeliveryLogEntry[]>(this.#kv, DELIVERY_LOG_KEY, (current) => [kept, ...(current ?? [])].slice(0, DELIVERY_LOG_SIZE), { attempts: 10 });
  }

  /** Newest first. */
  async entries(): Promise<DeliveryLogEntry[]> {
    return (await this.#kv.get<DeliveryLogEntry[]>(DELIVERY_LOG_KEY)) ?? [];
  }
}

/** The log as a Markdown table for a system admin. */
export function renderDeliveryLog(entries: readonly DeliveryLogEntry[]): string {
  if (entries.length === 0) return 'No webhook delivery has arrived yet. Point a GitHub webhook at `<SiteURL>/plugins/github/webhook` with the plugin\'s webhook secret.';
  const cell = (value: string) => (value || '–').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = entries.map((e) => `| ${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)} | ${cell(e.event)} | ${cell(e.action)} | ${cell(e.repository)} | ${cell(e.delivery_id)} | ${e.outcome === 'refused' ? '**refused**: ' : ''}${cell(e.detail)} |`);
  return [`#### Last ${entries.length} webhook deliveries (newest first, UTC)`, '| time | event | action | repository | delivery | result |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

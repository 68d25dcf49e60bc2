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
  /** Entries waiting for the next write, oldest first. */
  #pending: DeliveryLogEntry[] = [];
  /** The last write asked for: each waits for the one before it. */
  #writing: Promise<void> = Promise.resolve();

  constructor(kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>) {
    this.#kv = kv;
  }

  /**
   * Keeps `entry`. Deliveries arriving together share one write of the log's key: rather than each
   * retrying its compare-and-set against the others (which slowed every delivery in a burst), the
   * entries recorded while a write is under way go in the next one. Settles once the entry is written.
   */
  record(entry: DeliveryLogEntry): Promise<void> {
    this.#pending.push({ ...entry, detail: entry.detail.length > MAX_DETAIL_CHARS ? `${entry.detail.slice(0, MAX_DETAIL_CHARS)}…` : entry.detail });
    const write = () => this.#write();
    this.#writing = this.#writing.then(write, write);
    return this.#writing;
  }

  /** Writes every pending entry (none left: an earlier write took them). */
  async #write(): Promise<void> {
    const batch = this.#pending.splice(0).reverse();
    if (batch.length === 0) return;
    await updateKvAtomically<DeliveryLogEntry[]>(this.#kv, DELIVERY_LOG_KEY, (current) => [...batch, ...(current ?? [])].slice(0, DELIVERY_LOG_SIZE), { attempts: 10 });
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

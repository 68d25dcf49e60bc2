// Delayed responses: each run of a custom command gets a response_url (`/hooks/commands/<id>`)
// valid 30 minutes and usable 5 times (Mattermost's CommandWebhookLifetime and TryUse(id, 5)).
// Each use claims one of five slot keys by compare-and-set, so concurrent posts cannot exceed the
// limit; every key expires with the URL.
import type { PluginAPI } from '@parley/plugin-api';
import { HttpError } from '@parley/plugin-api';
import { isValidId, newId } from '@parley/plugin-api';

export const RESPONSE_URL_LIFETIME_SECONDS = 30 * 60;
export const RESPONSE_URL_MAX_USES = 5;

/** Who ran which command where: a delayed response is delivered as that run's answer. */
export interface CommandRun {
  command_id: string;
  user_id: string;
  channel_id: string;
  root_id: string;
  create_at: number;
}

const runKey = (id: string) => `hook:${id}`;
const useKey = (id: string, slot: number) => `hookuse:${id}:${slot}`;

/** Records a run; returns the id of its response_url. */
export async function createResponseUrl(kv: PluginAPI['kv'], run: Omit<CommandRun, 'create_at'>): Promise<string> {
  const id = newId();
  await kv.setWithExpiry(runKey(id), { ...run, create_at: Date.now() } satisfies CommandRun, RESPONSE_URL_LIFETIME_SECONDS);
  return id;
}

/** The run behind a response_url, counting one use; refused when expired, unknown or used up. */
export async function useResponseUrl(kv: PluginAPI['kv'], id: string): Promise<CommandRun> {
  // Every response_url id is one newId() made: anything else names no run (and may not even be a key).
  const run = isValidId(id) ? await kv.get<CommandRun>(runKey(id)) : null;
  const remaining = run ? Math.ceil((run.create_at + RESPONSE_URL_LIFETIME_SECONDS * 1000 - Date.now()) / 1000) : 0;
  if (!run || remaining <= 0) throw new HttpError(404, 'app.command_webhook.get.missing', 'Unable to get the webhook.', `hook_id=${id}`);
  for (let slot = 1; slot <= RESPONSE_URL_MAX_USES; slot++) {
    if (await kv.compareAndSet(useKey(id, slot), null, true)) {
      // compareAndSet stores without expiry; the slot is ours alone, so setting it again is safe.
      await kv.setWithExpiry(useKey(id, slot), true, remaining);
      return run;
    }
  }
  throw new HttpError(400, 'app.command_webhook.try_use.invalid', 'Invalid webhook: it was already used the maximum number of times.', `hook_id=${id}`);
}

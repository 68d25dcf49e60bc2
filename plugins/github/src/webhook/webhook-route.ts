// POST /plugins/github/webhook: GitHub's deliveries. Checked in this order, cheapest and least
// revealing first — size, a configured secret, the signature, the event name, the JSON — and
// refused with a stable id and a message an admin can act on; nothing is posted for a refused
// delivery. A verified one goes to each consumer in turn, and what they did goes to the delivery log.
import { HttpError, jsonInputProblem, jsonResponse, type PluginAPI, type Router } from '@parley/plugin-api';
import type { DeliveryConsumer } from '../delivery.ts';
import { repositoryOf, text, type Json } from '../render/payload.ts';
import { readSettings, type GitHubSettings } from '../settings.ts';
import { DeliveryLog, type DeliveryLogEntry } from './delivery-log.ts';
import { HANDLED_EVENTS } from './handled-events.ts';
import { checkSignature } from './signature.ts';

export const WEBHOOK_PATH = '/webhook';

/**
 * The largest body taken, in UTF-8 bytes: 512 KiB. GitHub caps payloads at 25 MB, but a delivery
 * crosses into the plugin's sandbox as JSON of at most 1 MiB (where escaping can grow it) and
 * api.crypto signs at most 1 MiB; real payloads of the handled events are far smaller (the largest
 * of @octokit/webhooks-examples is about 27 KB; a push lists at most 20 commits). The server's own
 * ServiceSettings.MaximumPayloadSizeBytes (300,000 by default) refuses larger bodies with a 413 before
 * they reach the plugin.
 */
export const MAX_WEBHOOK_BYTES = 512 * 1024;

export interface WebhookDeps {
  api: PluginAPI;
  consumers: readonly DeliveryConsumer[];
}

/** The UTF-8 length of `value`, without TextEncoder (the sandbox has none). */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function refusal(status: number, id: string, message: string, detailed = ''): HttpError {
  return new HttpError(status, `github.webhook.${id}`, message, detailed);
}

/** Parses and checks a verified delivery; throws the refusal. */
async function verify(api: PluginAPI, settings: GitHubSettings, headers: Record<string, string>, body: string): Promise<{ event: string; payload: Json }> {
  const size = utf8Length(body);
  if (size > MAX_WEBHOOK_BYTES) throw refusal(413, 'too_large', `The delivery is ${size} bytes; this webhook takes at most ${MAX_WEBHOOK_BYTES}. Subscribe the webhook to fewer events on GitHub, or open an issue if a handled event is this large.`);
  const { WebhookSecret } = settings;
  if (!WebhookSecret) throw refusal(401, 'secret_not_configured', 'The GitHub plugin has no webhook secret: a system admin must generate one in System Console › Plugins › GitHub and enter it in the webhook on GitHub.');
  const signature = await checkSignature(api.crypto, WebhookSecret, headers, body);
  if (signature === 'missing') throw refusal(401, 'signature_missing', 'The delivery carries no X-Hub-Signature-256 header: set the webhook secret in the webhook on GitHub to the plugin\'s Webhook Secret.');
  if (signature === 'invalid') throw refusal(401, 'signature_invalid', 'The delivery\'s signature does not match: the secret in the webhook on GitHub differs from the plugin\'s Webhook Secret (was it regenerated?).');
  const event = headers['x-github-event'] ?? '';
  if (!event) throw refusal(400, 'event_missing', 'The delivery carries no X-GitHub-Event header: only GitHub\'s webhooks may call this URL.');
  if (!HANDLED_EVENTS.includes(event)) throw refusal(400, 'event_unknown', `The event "${event}" is not one this plugin handles: untick it in the webhook's events on GitHub.`, `handled events: ${HANDLED_EVENTS.join(', ')}`);
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (err) {
    const form = /x-www-form-urlencoded/i.test(headers['content-type'] ?? '');
    throw refusal(400, 'invalid_json', form ? 'The delivery is form-encoded: set the webhook\'s content type to application/json on GitHub.' : 'The delivery\'s body is not JSON (truncated or damaged); redeliver it from the webhook\'s Recent Deliveries on GitHub.', (err as Error).message);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw refusal(400, 'invalid_json', 'The delivery\'s body is JSON but not an object, which no GitHub event is.');
  const problem = jsonInputProblem(payload);
  if (problem) throw refusal(400, 'invalid_json', `The delivery's body ${problem}.`);
  return { event, payload: payload as Json };
}

export function addWebhookRoutes(routes: Router, deps: WebhookDeps): void {
  const { api, consumers } = deps;
  const log = new DeliveryLog(api.kv);

  async function record(entry: DeliveryLogEntry, settings: GitHubSettings): Promise<void> {
    try {
      await log.record(entry);
    } catch (err) {
      // The log is a diagnostic: under a burst of concurrent deliveries its one key may stay
      // contended past the retries, and losing a line must not fail the delivery itself.
      await api.log.warn('the GitHub delivery log could not keep a delivery', { delivery_id: entry.delivery_id, error: (err as Error).message });
    }
    if (settings.EnableWebhookEventLogging) {
      await api.log.info('GitHub webhook delivery', { event: entry.event, action: entry.action, repository: entry.repository, delivery_id: entry.delivery_id, outcome: entry.outcome, detail: entry.detail });
    }
  }

  routes.post(WEBHOOK_PATH, async (_ctx, request) => {
    const deliveryId = (request.headers['x-github-delivery'] ?? '').slice(0, 64);
    const base = { at: Date.now(), event: (request.headers['x-github-event'] ?? '').slice(0, 64), delivery_id: deliveryId };
    const settings = await readSettings(api);
    let verified: { event: string; payload: Json };
    try {
      verified = await verify(api, settings, request.headers, request.body);
    } catch (err) {
      if (err instanceof HttpError) await record({ ...base, action: '', repository: '', outcome: 'refused', detail: `${err.status} ${err.id}: ${err.message}` }, settings);
      throw err;
    }
    const { event, payload } = verified;
    const entry = { ...base, action: text(payload, 'action'), repository: repositoryOf(payload)?.fullName ?? '' };
    if (event === 'ping') {
      await record({ ...entry, outcome: 'accepted', detail: `ping: the webhook ${text(payload, 'hook_id')} is set up` }, settings);
      return jsonResponse(200, { status: 'OK', event: 'ping' });
    }
    const results: string[] = [];
    for (const consume of consumers) {
      try {
        results.push(await consume({ event, id: deliveryId, payload }));
      } catch (err) {
        // One consumer failing must not keep the others from acting on the delivery.
        results.push(`failed: ${(err as Error).message}`);
        await api.log.warn('a GitHub delivery consumer failed', { event, delivery_id: deliveryId, error: (err as Error).message });
      }
    }
    await record({ ...entry, outcome: 'accepted', detail: results.join(' | ') || 'no consumer acted on it' }, settings);
    return jsonResponse(200, { status: 'OK', results });
  });
}

// Jira's webhooks, on Mattermost's paths so webhooks configured for Mattermost's plugin keep working:
//   POST /api/v2/webhook?secret=...                   feeds the channel subscriptions and personal notifications
//   POST /instance/{id}/api/v2/webhook?secret=...     the same for one instance ({id}: its URL in base64url)
//   POST /webhook?secret=&team=&channel=              legacy: posts to that one channel
//   POST /instance/{id}/webhook?secret=&team=&channel=
// Checked in this order, cheapest and least revealing first: the secret (constant-time), the
// instance, the JSON, the Jira payload; each refusal has a stable id and says what to fix. Events the
// plugin does not act on (worklogs, sprints...) are answered 200 so Jira does not report failures.
import { HttpError, jsonInputProblem, jsonResponse, type PluginAPI, type RoutedRequest, type Router } from '@parley/plugin-api';
import type { JiraDeps } from '../deps.ts';
import type { Instance } from '../instances/instance.ts';
import { decodeInstanceId, instanceRoute } from '../instances/instance-path.ts';
import { InstanceNotFoundError } from '../instances/instance-store.ts';
import { readSettings, type JiraSettings } from '../settings.ts';
import { ChannelPoster } from '../subscriptions/channel-poster.ts';
import { postToSubscribedChannels } from '../subscriptions/subscription-delivery.ts';
import { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import { sendPersonalNotifications } from '../notifications/personal-notifications.ts';
import { personalNotifier } from '../notifications/notifier.ts';
import { legacyEventsWanted } from './legacy-events.ts';
import { withParleyMentions } from './mention-names.ts';
import { decodeJiraWebhook, NotAJiraPayloadError } from './jira-webhook.ts';
import { isIgnored, parseJiraEvent, type JiraEvent } from './webhook-parser.ts';

export const SUBSCRIPTIONS_WEBHOOK_PATH = '/api/v2/webhook';
export const LEGACY_WEBHOOK_PATH = '/webhook';

function refusal(status: number, id: string, message: string): HttpError {
  return new HttpError(status, `jira.webhook.${id}`, message);
}

async function checkSecret(api: PluginAPI, settings: JiraSettings, given: string | undefined): Promise<void> {
  if (settings.secret === '') throw refusal(403, 'secret_not_configured', 'The Jira plugin has no webhook secret: a system admin must generate one in System Console › Plugins › Jira.');
  if (!given) throw refusal(403, 'secret_missing', 'The webhook URL carries no secret: copy the URL `/jira webhook` shows into the webhook in Jira.');
  // Some Jira versions escape the query once more; accept the secret escaped once, as Mattermost's plugin does.
  let unescaped = given;
  try {
    unescaped = decodeURIComponent(given);
  } catch {
    // Not escaped text: compare it as it is.
  }
  const matches = (await api.crypto.timingSafeEqual(given, settings.secret)) || (unescaped !== given && (await api.crypto.timingSafeEqual(unescaped, settings.secret)));
  if (!matches) throw refusal(403, 'secret_mismatch', 'The webhook secret does not match: copy the URL `/jira webhook` shows into the webhook in Jira (was the secret regenerated?).');
}

/** The instance the URL names ({id}: base64url of its URL, as Mattermost encodes it, or the URL itself), else the default one. */
async function instanceOf(deps: JiraDeps, request: RoutedRequest): Promise<Instance> {
  const encoded = request.params.instance;
  try {
    if (encoded === undefined) return await deps.instances.resolve();
    const decoded = decodeInstanceId(encoded);
    const found = (decoded && /^https?:\/\//i.test(decoded) ? await deps.instances.find(decoded) : undefined) ?? (await deps.instances.find(encoded));
    if (!found) throw new InstanceNotFoundError(`No Jira instance ${decoded && /^https?:\/\//i.test(decoded) ? decoded : encoded} is installed: copy the URL \`/jira webhook\` shows into the webhook in Jira.`);
    return found;
  } catch (err) {
    if (err instanceof InstanceNotFoundError) throw refusal(404, 'instance_not_found', err.message);
    throw err;
  }
}

/** The parsed event, or the answer for a delivery the plugin leaves alone. */
function parseDelivery(body: string, instance: Instance): JiraEvent | { ignored: string } {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (err) {
    throw refusal(400, 'invalid_json', `The body is not JSON (${(err as Error).message}): Jira webhooks send JSON.`);
  }
  const problem = jsonInputProblem(payload);
  if (problem) throw refusal(400, 'invalid_json', `The request body ${problem}.`);
  let webhook;
  try {
    webhook = decodeJiraWebhook(payload);
  } catch (err) {
    if (err instanceof NotAJiraPayloadError) throw refusal(400, 'not_jira_payload', err.message);
    throw err;
  }
  if (!webhook) return { ignored: 'the event is not an issue or comment event' };
  // Jira Server sends a comment twice (jira:issue_updated with issue_commented, and comment_created):
  // only the first counts there. Jira Cloud sends comments as comment_* events only.
  if (instance.type === 'server' && webhook.webhookEvent.startsWith('comment_')) return { ignored: 'Jira Server reports comments in its issue_updated events' };
  return parseJiraEvent(webhook);
}

export function addWebhookRoutes(routes: Router, deps: JiraDeps): void {
  const { api } = deps;
  const store = new SubscriptionStore(api.kv);
  const poster = new ChannelPoster(api);

  async function accept(request: RoutedRequest): Promise<{ settings: JiraSettings; instance: Instance; event: JiraEvent | { ignored: string } }> {
    const settings = await readSettings(api);
    await checkSecret(api, settings, request.query.secret);
    const instance = await instanceOf(deps, request);
    return { settings, instance, event: parseDelivery(request.body, instance) };
  }

  const subscriptionsWebhook = async (_ctx: unknown, request: RoutedRequest) => {
    const { settings, instance, event: parsed } = await accept(request);
    if (isIgnored(parsed)) return jsonResponse(200, { status: 'ignored', reason: parsed.ignored });
    const event = await withParleyMentions(api, deps.connections, instance, parsed);
    let notified: string[] = [];
    try {
      notified = await sendPersonalNotifications(personalNotifier(deps, settings), instance, event, settings.HideDecriptionComment);
    } catch (err) {
      // A failed DM must not keep the event from the subscribed channels.
      await api.log.warn('Jira personal notifications failed', { issue: event.webhook.issue.key, error: (err as Error).message });
    }
    const channels = await postToSubscribedChannels(api, store, poster, instance, event, settings);
    return jsonResponse(200, { status: 'OK', events: [...event.eventTypes], channels: channels.posted.length, notified: notified.length });
  };

  const legacyWebhook = async (_ctx: unknown, request: RoutedRequest) => {
    const settings = await readSettings(api);
    await checkSecret(api, settings, request.query.secret);
    const teamName = request.query.team ?? '';
    const channelName = request.query.channel ?? '';
    if (teamName === '' || channelName === '') throw refusal(400, 'channel_missing', 'The legacy webhook URL names no team or channel (`?team=<team name>&channel=<channel name>`).');
    let channelId: string;
    try {
      const team = await api.teams.getByName(teamName);
      channelId = (await api.channels.getByName(team.id, channelName)).id;
    } catch {
      throw refusal(400, 'channel_not_found', `No channel ${channelName} in team ${teamName}: check the team and channel of the webhook URL.`);
    }
    const instance = await instanceOf(deps, request);
    const parsed = parseDelivery(request.body, instance);
    if (isIgnored(parsed)) return jsonResponse(200, { status: 'ignored', reason: parsed.ignored });
    const event = await withParleyMentions(api, deps.connections, instance, parsed);
    const wanted = legacyEventsWanted(request.query);
    if (![...event.eventTypes].some((type) => wanted.has(type))) return jsonResponse(200, { status: 'ignored', reason: 'the webhook URL does not ask for this event' });
    await poster.post(instance, event, channelId, settings);
    return jsonResponse(200, { status: 'OK', events: [...event.eventTypes], channels: 1 });
  };

  routes.post(SUBSCRIPTIONS_WEBHOOK_PATH, subscriptionsWebhook);
  routes.post(instanceRoute(SUBSCRIPTIONS_WEBHOOK_PATH), subscriptionsWebhook);
  routes.post(LEGACY_WEBHOOK_PATH, legacyWebhook);
  routes.post(instanceRoute(LEGACY_WEBHOOK_PATH), legacyWebhook);
}

// The channel-subscription REST routes of Mattermost's Jira plugin, as its webapp calls them, acting as
// the request's user (Mattermost-User-Id):
//   GET    /api/v2/subscriptions/channel/{channel_id}?instance_id=   the channel's subscriptions
//   POST   /api/v2/subscriptions/channel                            create (body: a subscription without id)
//   PUT    /api/v2/subscriptions/channel                            edit (body: a subscription with its id)
//   DELETE /api/v2/subscriptions/channel/{id}?instance_id=           remove
import { HttpError, isValidId, jsonResponse, parseJsonBody, type RoutedRequest, type Router } from '@parley/plugin-api';
import type { JiraDeps } from '../deps.ts';
import { InstanceNotFoundError } from '../instances/instance-store.ts';
import { decodeSubscription, InvalidSubscriptionError } from './subscription.ts';
import { SubscriptionForbiddenError } from './subscription-permission.ts';
import { SubscriptionService } from './subscription-service.ts';
import { SubscriptionNameTakenError, SubscriptionNotFoundError } from './subscription-store.ts';

export const SUBSCRIPTIONS_PATH = '/api/v2/subscriptions/channel';

/** The HttpError a subscription failure answers with; other errors pass unchanged. */
export function subscriptionHttpError(err: unknown): unknown {
  const message = (err as Error).message;
  if (err instanceof InvalidSubscriptionError || err instanceof SubscriptionNameTakenError) return new HttpError(400, 'jira.subscriptions.invalid', message);
  if (err instanceof SubscriptionForbiddenError) return new HttpError(403, 'jira.subscriptions.forbidden', `You don't have permission to manage subscriptions: ${message}`);
  if (err instanceof SubscriptionNotFoundError) return new HttpError(404, 'jira.subscriptions.not_found', message);
  if (err instanceof InstanceNotFoundError) return new HttpError(404, 'jira.instance.not_found', message);
  return err;
}

function userOf(request: RoutedRequest): string {
  if (!request.user_id) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
  return request.user_id;
}

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw subscriptionHttpError(err);
  }
}

export function addSubscriptionRoutes(routes: Router, deps: JiraDeps): SubscriptionService {
  const service = new SubscriptionService(deps);

  routes.get(`${SUBSCRIPTIONS_PATH}/{channel_id}`, async (_ctx, request) => {
    const userId = userOf(request);
    const channelId = request.params.channel_id!;
    if (!isValidId(channelId)) throw new HttpError(400, 'jira.subscriptions.bad_channel_id', `"${channelId}" is not a channel id.`);
    return jsonResponse(200, await answering(async () => service.forChannel(userId, channelId, await service.instance(request.query.instance_id))));
  });

  routes.post(SUBSCRIPTIONS_PATH, async (_ctx, request) => {
    const userId = userOf(request);
    const created = await answering(async () => {
      const subscription = decodeSubscription(parseJsonBody(request.body, 'subscription'));
      if (subscription.id !== '') throw new InvalidSubscriptionError('A new subscription has no id yet; to change one, PUT it.');
      if (!isValidId(subscription.channel_id)) throw new InvalidSubscriptionError('The subscription names no valid channel_id.');
      return service.create(userId, subscription, await service.instance(subscription.instance_id));
    });
    return jsonResponse(200, created);
  });

  routes.put(SUBSCRIPTIONS_PATH, async (_ctx, request) => {
    const userId = userOf(request);
    const edited = await answering(async () => {
      const subscription = decodeSubscription(parseJsonBody(request.body, 'subscription'));
      if (subscription.id === '') throw new InvalidSubscriptionError('Name the subscription to change by its id.');
      return service.edit(userId, subscription, await service.instance(subscription.instance_id));
    });
    return jsonResponse(200, edited);
  });

  routes.delete(`${SUBSCRIPTIONS_PATH}/{id}`, async (_ctx, request) => {
    const userId = userOf(request);
    await answering(async () => service.remove(userId, request.params.id!, await service.instance(request.query.instance_id)));
    return jsonResponse(200, { status: 'OK' });
  });

  return service;
}

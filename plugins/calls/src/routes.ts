// The REST API under /plugins/com.mattermost.calls/, on Mattermost Calls' routes and answers.
// Mattermost names the channel `{call_id}` in the host-control routes; it is the channel's id there
// too. Every route but /version needs a session, and each user gets Mattermost's budget of requests.
import { HttpError, jsonResponse, parseJsonBody, type HttpResponse, type PluginAPI, type RoutedRequest, type Router } from '@parley/plugin-api';
import { clientState } from './call-state.ts';
import type { CallsService } from './calls-service.ts';
import { RateLimiter, USER_REQUESTS } from './rate-limiter.ts';
import { clientConfig, turnServersNeedingCredentials, type CallsSettings } from './settings.ts';
import { turnCredentials } from './turn-credentials.ts';

export interface RouteDeps {
  api: PluginAPI;
  calls: CallsService;
  settings: () => CallsSettings;
  version: string;
}

/** Mattermost's answer to a host control done: `{message, status_code}`. */
const success = (): HttpResponse => jsonResponse(200, { message: 'success', status_code: 200 });

function body(request: RoutedRequest): Record<string, unknown> {
  const parsed = parseJsonBody(request.body || '{}', 'request');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HttpError(400, 'api.context.invalid_body_param.app_error', 'The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

/** A host control: what it does with the requester, the channel and the request's body. */
type HostControl = (calls: CallsService, requesterId: string, channelId: string, body: Record<string, unknown>) => Promise<void>;

/** Mattermost's host controls, by the last word of their route `/calls/{channel_id}/host/<name>`. */
const HOST_CONTROLS: Record<string, HostControl> = {
  end: (calls, requesterId, channelId) => calls.hostEnd(requesterId, channelId),
  make: (calls, requesterId, channelId, body) => calls.makeHost(requesterId, channelId, body.new_host_id),
  mute: (calls, requesterId, channelId, body) => calls.muteSession(requesterId, channelId, body.session_id),
  'mute-others': (calls, requesterId, channelId) => calls.muteOthers(requesterId, channelId),
  'screen-off': (calls, requesterId, channelId, body) => calls.screenOff(requesterId, channelId, body.session_id),
  'lower-hand': (calls, requesterId, channelId, body) => calls.lowerHand(requesterId, channelId, body.session_id),
  remove: (calls, requesterId, channelId, body) => calls.hostRemove(requesterId, channelId, body.session_id),
};

export function addCallsRoutes(router: Router, deps: RouteDeps): void {
  const { api, calls, settings } = deps;
  const limiter = new RateLimiter(USER_REQUESTS);

  /** The caller, once they are logged in and within their request budget. */
  const caller = (request: RoutedRequest): string => {
    if (!request.user_id) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    if (!limiter.allow(request.user_id)) throw new HttpError(429, 'app.calls.too_many_requests', 'Too many requests to the calls API: wait a second and try again.');
    return request.user_id;
  };
  const authed = (handler: (userId: string, request: RoutedRequest) => Promise<HttpResponse>) => (_ctx: unknown, request: RoutedRequest) => handler(caller(request), request);

  const hostControl = (control: HostControl) =>
    authed(async (userId, request) => {
      await control(calls, userId, request.params.channel_id!, body(request));
      return success();
    });
  // `/calls/{channel_id}/end` is the older route of the host's end, still used by mobile clients.
  router.post('/calls/{channel_id}/end', hostControl(HOST_CONTROLS.end!));
  for (const [name, control] of Object.entries(HOST_CONTROLS)) router.post(`/calls/{channel_id}/host/${name}`, hostControl(control));

  router
    .get('/version', async () => jsonResponse(200, { version: deps.version, build: '' }))
    .get(
      '/config',
      authed(async () => jsonResponse(200, clientConfig(settings()))),
    )
    .get(
      '/channels',
      authed(async (userId) => {
        const list = await calls.callsFor(userId);
        return jsonResponse(200, await Promise.all(list.map(async (call) => ({ channel_id: call.channel_id, enabled: await calls.enabledIn(call.channel_id), call: clientState(call, userId) }))));
      }),
    )
    .get(
      '/calls/{channel_id}/active',
      authed(async (userId, request) => jsonResponse(200, { active: (await calls.callFor(userId, request.params.channel_id!)) !== null })),
    )
    .post(
      '/calls/{channel_id}/dismiss-notification',
      authed(async (userId, request) => {
        await calls.dismissNotification(userId, request.params.channel_id!);
        return success();
      }),
    )
    // Mattermost's statistics, and Parley's `media_service`: the media service's state and resource use.
    .get(
      '/stats',
      authed(async (userId) => jsonResponse(200, { ...(await calls.stats(userId)), media_service: await api.media.status() })),
    )
    // Mattermost lists here the settings its environment variables override; Parley's plugin
    // settings are set only in the System Console or config.json, so there are none.
    .get(
      '/env',
      authed(async (userId) => {
        if (!(await api.users.hasPermission(userId, 'manage_system'))) throw new HttpError(403, 'app.calls.env.forbidden', 'Only system admins can read the calls environment overrides.');
        return jsonResponse(200, {});
      }),
    )
    .get(
      '/turn-credentials',
      authed(async (userId) => {
        const current = settings();
        if (!current.TURNStaticAuthSecret) throw new HttpError(403, 'app.calls.turn.no_secret', 'TURNStaticAuthSecret should be set.');
        if (turnServersNeedingCredentials(current.ICEServersConfigs).length === 0) throw new HttpError(403, 'app.calls.turn.no_server', 'No TURN server was configured.');
        const user = await api.users.get(userId);
        return jsonResponse(200, await turnCredentials(api, current, user.username));
      }),
    )
    // Mattermost's (deprecated, still used) channel state: whether calls are on there, and its call.
    .get(
      '/{channel_id}',
      authed(async (userId, request) => {
        const channelId = request.params.channel_id!;
        const call = await calls.callFor(userId, channelId);
        const enabled = await calls.enabledIn(channelId);
        return jsonResponse(200, call ? { channel_id: channelId, enabled, call: clientState(call, userId) } : { channel_id: channelId, enabled });
      }),
    )
    // Turns calls on or off in the channel: `{enabled}`, answered with the channel's calls settings.
    .post(
      '/{channel_id}',
      authed(async (userId, request) => {
        const channelId = request.params.channel_id!;
        const enabled = body(request).enabled;
        await calls.setEnabled(userId, channelId, enabled);
        return jsonResponse(200, { channel_id: channelId, enabled });
      }),
    );
}

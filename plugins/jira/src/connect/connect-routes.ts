// The browser's part of connecting, on Mattermost's routes (the instance named by its encoded URL):
// - GET  /instance/{id}/user/connect       → to Atlassian (OAuth 2.0 with PKCE, api.oauth) or to
//                                            Jira Server's authorize page (OAuth 1.0a request token)
// - GET  /user/start                       → the same for the default instance (or to Jira when connected)
// - GET  /instance/{id}/oauth2/complete.html, /instance/{id}/oauth1/complete.html → back from there
// - POST /instance/{id}/user/pat           → the personal-access-token dialog (Parley's own)
// - POST /api/v3/disconnect                → `{instance_id}`, as Mattermost's web app sends it
// Each flow is bound to the Parley user who started it: another user's redirect is refused.
import { HttpError, jsonResponse, parseJsonBody, type HttpResponse, type RouteHandler, type Router, type SubmitDialogRequest } from '@parley/plugin-api';
import type { JiraDeps } from '../deps.ts';
import { accessibleResources, ATLASSIAN_AUTHORIZE_PARAMS, cloudOAuthProvider, oauth2CompletePath } from '../jira-api/atlassian-oauth.ts';
import { JiraApiError } from '../jira-api/jira-api-error.ts';
import { JiraClient } from '../jira-api/jira-client.ts';
import { accessToken, authorizeUrl, oauth1CompletePath, requestToken, signedAuthorization } from '../jira-api/server-oauth1.ts';
import { bearer, restRoot } from '../jira-api/user-client.ts';
import { sendBotDirect } from '../jira-bot.ts';
import { normalizeInstanceUrl, type CloudOAuthInstance, type Instance } from '../instances/instance.ts';
import { decodeInstanceId, instancePath, instanceRoute } from '../instances/instance-path.ts';
import { pluginUrl } from '../plugin-url.ts';
import { AccountTakenError } from './connections.ts';
import type { Connection, Credential } from './connection.ts';
import { completeConnection, connectionFromMyself, disconnectUser } from './connect-user.ts';
import { resultPage } from './result-page.ts';

/** A request token waiting for its user to come back from Jira Server (10 minutes). */
const REQUEST_TOKEN = 'oauth1_request_';
const REQUEST_TOKEN_TTL_S = 600;

interface PendingRequestToken {
  user_id: string;
  instance_id: string;
}

export function addConnectRoutes(router: Router, deps: JiraDeps): void {
  const { api, instances, connections } = deps;
  const instanceOf = async (param: string | undefined): Promise<Instance | undefined> => {
    const id = decodeInstanceId(param ?? '');
    return id ? instances.find(id) : undefined;
  };
  const notInstalled = () => resultPage(404, 'Not connected', 'This Jira instance is not installed (any more). Run `/jira connect` in Parley again.');
  const requestTokenKey = async (token: string) => `${REQUEST_TOKEN}${await api.crypto.hash('sha256', token, { output: 'base64url' })}`;

  const startConnecting = async (instance: Instance, userId: string): Promise<HttpResponse> => {
    const connection = await connections.get(instance, userId);
    if (connection) return resultPage(400, 'Already connected', `Your Parley account is already connected to ${instance.id} as ${connection.display_name}. Run \`/jira disconnect ${instance.alias || instance.id}\` first to connect another account.`);
    if (instance.type === 'cloud-oauth') {
      const { url } = await api.oauth.authorizeUrl(userId, await cloudOAuthProvider(api, instance), { redirect_path: oauth2CompletePath(instance), params: ATLASSIAN_AUTHORIZE_PARAMS });
      return { status: 302, headers: { Location: url } };
    }
    if (instance.auth === 'pat') return resultPage(400, 'Connect in Parley', `${instance.id} connects with a personal access token: run \`/jira connect ${instance.alias || instance.id}\` in Parley and paste yours in the dialog.`);
    const token = await requestToken(api, instance, `${await pluginUrl(api)}${oauth1CompletePath(instance)}`);
    await api.kv.setWithExpiry(await requestTokenKey(token.token), { user_id: userId, instance_id: instance.id } satisfies PendingRequestToken, REQUEST_TOKEN_TTL_S);
    return { status: 302, headers: { Location: authorizeUrl(instance, token.token) } };
  };

  /** Records the connection and welcomes the user; answers why it could not (the account is someone else's), or null. */
  const finish = async (instance: Instance, connection: Connection, credential: Credential): Promise<string | null> => {
    try {
      await completeConnection(deps, instance, connection, credential);
    } catch (err) {
      if (err instanceof AccountTakenError) return err.message;
      throw err;
    }
    await welcome(deps, instance, connection);
    return null;
  };
  const finishPage = async (instance: Instance, connection: Connection, credential: Credential): Promise<HttpResponse> => {
    const problem = await finish(instance, connection, credential);
    if (problem) return resultPage(409, 'Not connected', problem);
    return resultPage(200, 'Connected to Jira', `Your Parley account is connected to the Jira account ${connection.display_name} on ${instance.id}. You can close this tab.`);
  };

  router.get(instanceRoute('/user/connect'), explainingJiraTrouble(async (_ctx, request) => {
    requireUser(request.user_id);
    const instance = await instanceOf(request.params.instance);
    return instance ? startConnecting(instance, request.user_id) : notInstalled();
  }));

  router.get('/user/start', async (_ctx, request) => {
    requireUser(request.user_id);
    let instance: Instance;
    try {
      instance = await instances.resolve();
    } catch (err) {
      return resultPage(404, 'Not connected', (err as Error).message);
    }
    if (await connections.get(instance, request.user_id)) return { status: 303, headers: { Location: instance.id } };
    return { status: 302, headers: { Location: `/plugins/jira${instancePath('/user/connect', instance.id)}` } };
  });

  router.get(instanceRoute('/oauth2/complete.html'), explainingJiraTrouble(async (_ctx, request) => {
    requireUser(request.user_id);
    const instance = await instanceOf(request.params.instance);
    if (!instance || instance.type !== 'cloud-oauth') return notInstalled();
    let completed;
    try {
      completed = await api.oauth.complete(request.user_id, request.query, await cloudOAuthProvider(api, instance));
    } catch (err) {
      const id = (err as { id?: string }).id ?? '';
      if (!id.startsWith('plugin.oauth.')) throw err;
      const why = id === 'plugin.oauth.denied' ? 'Atlassian did not authorize the connection.' : 'This link is not valid any more (it was used, it expired, or another Parley user started it).';
      return resultPage(id === 'plugin.oauth.state_mismatch' ? 403 : 400, 'Not connected', `${why} Run \`/jira connect\` again.`);
    }
    const { token } = completed;
    const site = (await accessibleResources(api, instance, token.access_token)).find((resource) => sameSite(resource.url, instance.id));
    if (!site) return resultPage(403, 'Not connected', `The Atlassian account you authorized has no access to ${instance.id}. Sign in to Atlassian with an account of that site and run \`/jira connect\` again.`);
    const current = await syncCloudId(deps, instance, site.id);
    const connection = await connectionFromMyself(new JiraClient(api, restRoot(current), bearer(token.access_token)), current, request.user_id);
    return finishPage(current, connection, { kind: 'oauth2', access_token: token.access_token, refresh_token: token.refresh_token ?? '', expires_at: token.expires_at ?? 0 });
  }));

  router.get(instanceRoute('/oauth1/complete.html'), explainingJiraTrouble(async (_ctx, request) => {
    requireUser(request.user_id);
    const instance = await instanceOf(request.params.instance);
    if (!instance || instance.type !== 'server') return notInstalled();
    const { oauth_token: requestTokenValue, oauth_verifier: verifier } = request.query;
    if (!requestTokenValue || !verifier || verifier === 'denied') return resultPage(400, 'Not connected', 'Jira did not authorize the connection. Run `/jira connect` again.');
    const key = await requestTokenKey(requestTokenValue);
    const pending = await api.kv.get<PendingRequestToken>(key);
    if (!pending || pending.instance_id !== instance.id) return resultPage(400, 'Not connected', 'This link is not valid any more (it was used or it expired). Run `/jira connect` again.');
    if (pending.user_id !== request.user_id) return resultPage(403, 'Not connected', 'This link was started by another Parley user: run `/jira connect` yourself.');
    await api.kv.delete(key);
    const access = await accessToken(api, instance, requestTokenValue, verifier);
    const client = new JiraClient(api, restRoot(instance), (method, url) => signedAuthorization(api, instance, method, url, { oauth_token: access.token }));
    const connection = await connectionFromMyself(client, instance, request.user_id);
    return finishPage(instance, connection, { kind: 'oauth1', token: access.token, token_secret: access.token_secret });
  }));

  router.post(instanceRoute('/user/pat'), async (_ctx, request) => {
    requireUser(request.user_id);
    const submission = parseJsonBody(request.body, 'dialog submission') as Partial<SubmitDialogRequest>;
    if (submission.cancelled) return jsonResponse(200, {});
    const instance = await instanceOf(request.params.instance);
    if (!instance || instance.type !== 'server' || instance.auth !== 'pat') return jsonResponse(200, { error: 'This Jira instance does not connect with personal access tokens (any more).' });
    const token = String(submission.submission?.token ?? '').trim();
    if (!/^\S{8,1024}$/.test(token)) return jsonResponse(200, { errors: { token: 'Paste the whole personal access token.' } });
    let connection: Connection;
    try {
      connection = await connectionFromMyself(new JiraClient(api, restRoot(instance), bearer(token)), instance, request.user_id);
    } catch (err) {
      if (!(err instanceof JiraApiError)) throw err;
      return jsonResponse(200, { errors: { token: err.isUnauthorized ? `${instance.id} did not accept this token: check it, and that it has not expired.` : err.message } });
    }
    const problem = await finish(instance, connection, { kind: 'pat', token });
    return jsonResponse(200, problem ? { errors: { token: problem } } : {});
  });

  router.post('/api/v3/disconnect', async (_ctx, request) => {
    requireUser(request.user_id);
    const body = parseJsonBody(request.body, 'disconnect request') as { instance_id?: unknown };
    const instance = typeof body.instance_id === 'string' ? await instances.find(body.instance_id) : undefined;
    const removed = instance ? await disconnectUser(deps, instance, request.user_id) : null;
    if (!removed) throw new HttpError(404, 'jira.disconnect.not_connected', `You do not have a Jira account at ${String(body.instance_id ?? '')} connected to your Parley account.`);
    return jsonResponse(200, { success: true });
  });
}

/** A Jira or Atlassian answer the flow cannot go on with becomes a page saying so, not a 500. */
function explainingJiraTrouble(handler: RouteHandler): RouteHandler {
  return async (ctx, request) => {
    try {
      return await handler(ctx, request);
    } catch (err) {
      if (!(err instanceof JiraApiError)) throw err;
      return resultPage(502, 'Not connected', `${err.message} Try again later, or ask a system admin to check how the Jira instance is set up.`);
    }
  };
}

function requireUser(userId: string): void {
  if (!userId) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
}

/** Whether an accessible resource's URL is the instance's site. */
function sameSite(resourceUrl: string, instanceId: string): boolean {
  try {
    return normalizeInstanceUrl(resourceUrl).toLowerCase() === instanceId.toLowerCase();
  } catch {
    return false;
  }
}

/** The instance with the cloud id Atlassian gave, saved when it was not known yet or changed. */
async function syncCloudId(deps: JiraDeps, instance: CloudOAuthInstance, cloudId: string): Promise<CloudOAuthInstance> {
  if (instance.cloud_id === cloudId) return instance;
  await deps.instances.updateAll((list) => list.map((item) => (item.id === instance.id && item.type === 'cloud-oauth' ? { ...item, cloud_id: cloudId } : item)));
  return { ...instance, cloud_id: cloudId };
}

async function welcome(deps: JiraDeps, instance: Instance, connection: Connection): Promise<void> {
  await sendBotDirect(
    deps.api,
    connection.mattermost_user_id,
    [
      `#### Welcome to Jira in Parley`,
      `You are connected to ${instance.id} as **${connection.display_name}**.`,
      `I will message you here about issues you are assigned, report, watch or are mentioned in — \`/jira instance settings notifications <assignee|mention|reporter|watching> off\` turns each off.`,
      `\`/jira me\` shows your connections; \`/jira disconnect\` ends this one.`,
    ].join('\n'),
  );
}

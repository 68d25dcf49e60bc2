// The second step of installing a Jira Cloud site: the dialog where the admin enters the OAuth 2.0
// app's client id and secret (with the callback URL to register shown), and its submission, which
// saves the instance with the secret encrypted. The dialog's state carries Atlassian's URLs
// (`--atlassian-url`); the submission is trusted only from a system admin.
import { jsonResponse, newId, parseJsonBody, type Dialog, type Router, type SubmitDialogRequest } from '@parley/plugin-api';
import { publishInstanceStatus } from '../connect/connection-events.ts';
import type { JiraDeps } from '../deps.ts';
import { sealClientSecret } from '../jira-api/atlassian-oauth.ts';
import { sendBotDirect } from '../jira-bot.ts';
import { normalizeInstanceUrl } from './instance.ts';
import { decodeInstanceId, instancePath, instanceRoute } from './instance-path.ts';

const SETUP_ROUTE = '/setup/cloud-oauth';

interface AtlassianUrls {
  auth_url: string;
  api_url: string;
}

export const cloudOAuthDialog = {
  path: (instanceId: string): string => instancePath(SETUP_ROUTE, instanceId),
  dialog: (instanceId: string, callbackUrl: string, urls: AtlassianUrls, clientId: string): Dialog => ({
    callback_id: 'jira-cloud-oauth-setup',
    title: 'Install Jira Cloud',
    introduction_text: `Enter the OAuth 2.0 app of ${instanceId} from Atlassian's developer console. Its callback URL must be \`${callbackUrl}\``,
    submit_label: 'Install',
    state: JSON.stringify(urls),
    elements: [
      { display_name: 'Client ID', name: 'client_id', type: 'text', default: clientId, max_length: 200 },
      { display_name: 'Client secret', name: 'client_secret', type: 'text', subtype: 'password', max_length: 500 },
    ],
  }),
};

export function addCloudOAuthSetupRoutes(router: Router, deps: JiraDeps): void {
  const { api, instances } = deps;
  router.post(instanceRoute(SETUP_ROUTE), async (_ctx, request) => {
    const instanceId = decodeInstanceId(request.params.instance ?? '');
    const submission = parseJsonBody(request.body, 'dialog submission') as Partial<SubmitDialogRequest>;
    if (!request.user_id || !(await api.users.hasPermission(request.user_id, 'manage_system'))) return jsonResponse(200, { error: 'Only a system admin can install a Jira instance.' });
    if (submission.cancelled) return jsonResponse(200, {});
    let id: string;
    let urls: AtlassianUrls;
    try {
      id = normalizeInstanceUrl(instanceId ?? '');
      const state = JSON.parse(submission.state || '{}') as Partial<AtlassianUrls>;
      urls = { auth_url: normalizeInstanceUrl(String(state.auth_url)), api_url: normalizeInstanceUrl(String(state.api_url)) };
    } catch {
      return jsonResponse(200, { error: 'This dialog is not valid any more: run `/jira instance install cloud-oauth <url>` again.' });
    }
    const clientId = String(submission.submission?.client_id ?? '').trim();
    const clientSecret = String(submission.submission?.client_secret ?? '').trim();
    const errors: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.-]{1,200}$/.test(clientId)) errors.client_id = "Paste the app's Client ID (letters and digits).";
    if (clientSecret === '') errors.client_secret = "Paste the app's Secret.";
    if (Object.keys(errors).length > 0) return jsonResponse(200, { errors });
    const existing = await instances.find(id);
    if (existing && existing.type !== 'cloud-oauth') return jsonResponse(200, { error: `${id} is installed as a Jira Server instance: uninstall it first.` });
    await instances.save({
      id,
      type: 'cloud-oauth',
      alias: existing?.alias ?? '',
      key: existing?.key ?? newId(),
      installed_at: Date.now(),
      installed_by: request.user_id,
      is_v2_legacy: existing?.is_v2_legacy ?? (await instances.list()).length === 0,
      client_id: clientId,
      client_secret: await sealClientSecret(api, id, clientSecret),
      cloud_id: existing?.cloud_id ?? '',
      ...urls,
    });
    await publishInstanceStatus(api, instances);
    await sendBotDirect(api, request.user_id, `Jira Cloud site ${id} is installed. Users connect their accounts with \`/jira connect${existing?.alias ? ` ${existing.alias}` : ''}\`.`);
    return jsonResponse(200, {});
  });
}

// The subscription dialog, for people who would rather fill in a form than remember flags: opened by
// `/github subscriptions add` without arguments (or `/github subscriptions dialog`), submitted to
// POST /plugins/github/subscriptions/dialog, checked by the same rules as the command.
import { HttpError, jsonResponse, type Dialog, type PluginAPI, type Router, type SubmitDialogRequest } from '@parley/plugin-api';
import { RENDER_STYLES } from '../render/rendering.ts';
import { DEFAULT_FEATURES, FEATURES, ownerOf, parseFeatures, parseRepository } from './subscription.ts';
import { parseExcluded, parseRenderStyle, type SubscriptionRequest } from './subscription-request.ts';
import { subscribe } from './subscribe.ts';

export const DIALOG_PATH = '/subscriptions/dialog';
const PLUGIN_DIALOG_URL = `/plugins/github${DIALOG_PATH}`;

export const SUBSCRIPTION_DIALOG: Dialog = {
  callback_id: 'github_subscription',
  title: 'Subscribe to GitHub',
  introduction_text: 'Post a repository’s (or a whole owner’s) GitHub events in this channel.',
  submit_label: 'Subscribe',
  elements: [
    { display_name: 'Repository or owner', name: 'repository', type: 'text', placeholder: 'owner/repo or owner', help_text: 'A repository (owner/repo) or every repository of an owner (owner).' },
    { display_name: 'Features', name: 'features', type: 'text', default: DEFAULT_FEATURES.join(','), help_text: `Comma-separated: ${FEATURES.join(', ')}, label:"<name>".` },
    { display_name: 'Render style', name: 'render_style', type: 'select', default: 'default', options: RENDER_STYLES.map((style) => ({ text: style, value: style })) },
    { display_name: 'Exclude org members', name: 'exclude_org_member', type: 'bool', optional: true, help_text: 'Leave out events by members of the organization (needs GitHub Organizations set).' },
    { display_name: 'Exclude repositories', name: 'exclude', type: 'text', optional: true, placeholder: 'repo1,repo2', help_text: 'Owner subscriptions only: repositories to leave out.' },
  ],
};

export async function openSubscriptionDialog(api: PluginAPI, triggerId: string | undefined): Promise<void> {
  if (!triggerId) throw new Error('This client sent no trigger id, so the dialog cannot open: use `/github subscriptions add owner[/repo] [--features ...]`.');
  await api.dialogs.open(triggerId, PLUGIN_DIALOG_URL, SUBSCRIPTION_DIALOG);
}

/** The dialog's values as a request; field errors by element name. */
function requestFrom(submission: Record<string, unknown>): { request?: SubscriptionRequest; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const value = (name: string) => (typeof submission[name] === 'string' ? (submission[name] as string).trim() : '');
  const attempt = <T>(name: string, parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (err) {
      errors[name] = (err as Error).message;
      return undefined;
    }
  };
  const repository = attempt('repository', () => parseRepository(value('repository')));
  const features = attempt('features', () => parseFeatures(value('features') || DEFAULT_FEATURES.join(',')));
  const renderStyle = attempt('render_style', () => parseRenderStyle(value('render_style') || 'default'));
  const exclude = repository ? attempt('exclude', () => parseExcluded(value('exclude'), ownerOf(repository))) : [];
  if (!repository || !features || !renderStyle || !exclude) return { errors };
  const excludeOrgMember = submission.exclude_org_member === true || submission.exclude_org_member === 'true';
  return { request: { repository, features, render_style: renderStyle, exclude_org_member: excludeOrgMember, exclude }, errors };
}

export function addSubscriptionDialogRoutes(routes: Router, api: PluginAPI): void {
  routes.post(DIALOG_PATH, async (_ctx, request) => {
    if (!request.user_id) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    let submit: SubmitDialogRequest;
    try {
      submit = JSON.parse(request.body) as SubmitDialogRequest;
    } catch {
      throw new HttpError(400, 'api.context.invalid_body_param.app_error', 'Invalid or missing dialog submission in request body.');
    }
    if (submit.cancelled) return jsonResponse(200, {});
    if (typeof submit.channel_id !== 'string' || !submit.channel_id || typeof submit.submission !== 'object' || submit.submission === null) {
      throw new HttpError(400, 'api.context.invalid_body_param.app_error', 'The dialog submission names no channel or holds no values.');
    }
    const { request: parsed, errors } = requestFrom(submit.submission);
    if (!parsed) return jsonResponse(200, { errors });
    try {
      const text = await subscribe(api, request.user_id, submit.channel_id, parsed);
      await api.posts.sendEphemeral(request.user_id, { channel_id: submit.channel_id, message: text });
      return jsonResponse(200, {});
    } catch (err) {
      return jsonResponse(200, { error: (err as Error).message });
    }
  });
}

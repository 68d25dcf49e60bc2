// The subscription dialog: opened by `/jira subscribe` (a new subscription) or `/jira subscribe edit
// <name>` (filled in with that one), submitted to POST /plugins/jira/subscriptions/dialog, and
// checked by the same rules as the REST routes. Field conditions are typed one per line (see
// field-conditions.ts).
import { HttpError, jsonResponse, type Dialog, type PluginAPI, type Router, type SubmitDialogRequest } from '@parley/plugin-api';
import { SUBSCRIPTION_EVENTS, customFieldEvent } from '../webhook/event-types.ts';
import { formatFieldConditions, parseFieldConditions } from './field-conditions.ts';
import { decodeSubscription, type ChannelSubscription } from './subscription.ts';
import type { SubscriptionService } from './subscription-service.ts';

export const DIALOG_PATH = '/subscriptions/dialog';
const PLUGIN_DIALOG_URL = `/plugins/jira${DIALOG_PATH}`;

/** What the dialog carries between opening and submission. */
interface DialogState {
  instance_id: string;
  /** The subscription edited; '' for a new one. */
  id: string;
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

/** The dialog for a new subscription, or filled in with `existing`. */
export function subscriptionDialog(instanceId: string, existing?: ChannelSubscription): Dialog {
  const events = existing?.filters.events ?? [];
  const customFields = events.filter((event) => /^event_updated_customfield_/.test(event)).map((event) => event.slice('event_updated_'.length));
  const state: DialogState = { instance_id: instanceId, id: existing?.id ?? '' };
  return {
    callback_id: 'jira_subscription',
    title: existing ? 'Edit Jira subscription' : 'Add Jira subscription',
    introduction_text: `Post the Jira events that match these filters in this channel (${instanceId}).`,
    submit_label: existing ? 'Save' : 'Subscribe',
    state: JSON.stringify(state),
    elements: [
      { display_name: 'Name', name: 'name', type: 'text', max_length: 100, default: existing?.name ?? '', placeholder: 'Backend bugs' },
      {
        display_name: 'Events',
        name: 'events',
        type: 'select',
        multiselect: true,
        default: events.filter((event) => SUBSCRIPTION_EVENTS.some((known) => known.value === event)).join(','),
        options: SUBSCRIPTION_EVENTS.map((event) => ({ text: event.text, value: event.value })),
        help_text: 'The events to post.',
      },
      { display_name: 'Custom field changes', name: 'custom_fields', type: 'text', optional: true, default: list(customFields), placeholder: 'customfield_10010', help_text: 'Also post changes to these custom fields (their ids, comma-separated).' },
      { display_name: 'Projects', name: 'projects', type: 'text', default: list(existing?.filters.projects ?? []), placeholder: 'PROJ', help_text: 'Project keys, comma-separated.' },
      { display_name: 'Issue types', name: 'issue_types', type: 'text', default: list(existing?.filters.issue_types ?? []), placeholder: 'Bug, Story', help_text: 'Issue type ids or names, comma-separated.' },
      {
        display_name: 'Field conditions',
        name: 'fields',
        type: 'textarea',
        optional: true,
        default: formatFieldConditions(existing?.filters.fields ?? []),
        placeholder: 'labels include_any backend,api',
        help_text: 'One per line: <field id> include_any|include_all|exclude_any|empty <values, comma-separated>.',
      },
    ],
  };
}

export async function openSubscriptionDialog(api: PluginAPI, triggerId: string | undefined, instanceId: string, existing?: ChannelSubscription): Promise<void> {
  if (!triggerId) throw new Error('This client sent no trigger id, so the subscription dialog cannot open.');
  await api.dialogs.open(triggerId, PLUGIN_DIALOG_URL, subscriptionDialog(instanceId, existing));
}

function words(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'string' ? value : '';
  return raw.split(',').map((word) => word.trim()).filter(Boolean);
}

/** The subscription the submission describes; field errors by element name. */
function subscriptionFrom(submission: Record<string, unknown>, channelId: string, state: DialogState): { subscription?: ChannelSubscription; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let fields;
  try {
    fields = parseFieldConditions(typeof submission.fields === 'string' ? submission.fields : '');
  } catch (err) {
    errors.fields = (err as Error).message;
  }
  const customFields = words(submission.custom_fields);
  const badField = customFields.find((field) => !/^customfield_\d+$/.test(field));
  if (badField) errors.custom_fields = `"${badField}" is not a custom field id (customfield_<number>).`;
  if (Object.keys(errors).length > 0) return { errors };
  try {
    const subscription = decodeSubscription({
      id: state.id,
      name: submission.name,
      channel_id: channelId,
      instance_id: state.instance_id,
      filters: { events: [...words(submission.events), ...customFields.map(customFieldEvent)], projects: words(submission.projects), issue_types: words(submission.issue_types), fields },
    });
    return { subscription, errors };
  } catch (err) {
    const message = (err as Error).message;
    const element = /name/i.test(message) ? 'name' : /event/i.test(message) ? 'events' : /project/i.test(message) ? 'projects' : /issue type/i.test(message) ? 'issue_types' : 'fields';
    return { errors: { [element]: message } };
  }
}

export function addSubscriptionDialogRoutes(routes: Router, api: PluginAPI, service: SubscriptionService): void {
  routes.post(DIALOG_PATH, async (_ctx, request) => {
    if (!request.user_id) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    let submit: SubmitDialogRequest;
    let state: DialogState;
    try {
      submit = JSON.parse(request.body) as SubmitDialogRequest;
      state = JSON.parse(submit.state) as DialogState;
    } catch {
      throw new HttpError(400, 'api.context.invalid_body_param.app_error', 'Invalid or missing dialog submission in request body.');
    }
    if (submit.cancelled) return jsonResponse(200, {});
    if (typeof submit.channel_id !== 'string' || !submit.channel_id || typeof submit.submission !== 'object' || submit.submission === null || typeof state?.instance_id !== 'string') {
      throw new HttpError(400, 'api.context.invalid_body_param.app_error', 'The dialog submission names no channel or holds no values.');
    }
    const { subscription, errors } = subscriptionFrom(submit.submission, submit.channel_id, { instance_id: state.instance_id, id: typeof state.id === 'string' ? state.id : '' });
    if (!subscription) return jsonResponse(200, { errors });
    try {
      const instance = await service.instance(state.instance_id);
      if (subscription.id === '') await service.create(request.user_id, subscription, instance);
      else await service.edit(request.user_id, subscription, instance);
      return jsonResponse(200, {});
    } catch (err) {
      return jsonResponse(200, { error: (err as Error).message });
    }
  });
}

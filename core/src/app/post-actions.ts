// Interactive message actions: the buttons and selects of a post's `props.attachments[].actions`
// (Mattermost's PostAction). Each action gets an id when its post is saved (Mattermost's
// GenerateActionIds): clients name the action they clicked by that id, and the server finds the
// action — and its integration, which clients never see — in the stored post.
import { isPlainObject } from './plain-object.ts';
import { newId } from './ids.ts';

/** An action as stored: what the client shows, and where the server sends a click. */
export interface PostAction {
  id: string;
  /** 'button' or 'select'. */
  type: string;
  /** For selects: 'users', 'channels', or '' for the static `options`. */
  dataSource: string;
  /** The values a static select offers. */
  optionValues: string[];
  integration: { url: string; context: Record<string, unknown> } | null;
}

/**
 * An action id the route `/posts/{id}/actions/{action_id}` can carry (Mattermost's
 * `[A-Za-z0-9]+`); an integration's own ids are kept when they fit.
 */
const ACTION_ID = /^[A-Za-z0-9]{1,64}$/;

/**
 * Props the post keeps when an integration's answer replaces them (Mattermost's
 * PostActionRetainPropKeys), plus the marks of who wrote the post: an integration may change what a
 * post says, not whether readers are told a bot or plugin wrote it.
 */
export const RETAINED_PROP_KEYS = ['from_webhook', 'override_username', 'override_icon_url', 'from_bot', 'from_plugin'] as const;

/**
 * `props` with an id on every attachment action: an action without one, with one a URL cannot
 * carry, or with one an earlier action of the post already has, gets a new id. The same object
 * when every action already has a good id.
 */
export function withActionIds(props: Record<string, unknown>): Record<string, unknown> {
  const attachments = props.attachments;
  if (!Array.isArray(attachments)) return props;
  const seen = new Set<string>();
  let changed = false;
  const next = attachments.map((attachment) => {
    if (!isPlainObject(attachment) || !Array.isArray(attachment.actions)) return attachment;
    let renamed = false;
    const actions = attachment.actions.map((action) => {
      if (!isPlainObject(action)) return action;
      const id = action.id;
      if (typeof id === 'string' && ACTION_ID.test(id) && !seen.has(id)) {
        seen.add(id);
        return action;
      }
      renamed = true;
      const fresh = newId();
      seen.add(fresh);
      return { ...action, id: fresh };
    });
    changed ||= renamed;
    return renamed ? { ...attachment, actions } : attachment;
  });
  return changed ? { ...props, attachments: next } : props;
}

/** The action of `props` with this id, or undefined. */
export function findAction(props: Record<string, unknown>, actionId: string): PostAction | undefined {
  const attachments = props.attachments;
  if (!Array.isArray(attachments)) return undefined;
  for (const attachment of attachments) {
    if (!isPlainObject(attachment) || !Array.isArray(attachment.actions)) continue;
    for (const action of attachment.actions) {
      if (isPlainObject(action) && action.id === actionId) return toPostAction(action);
    }
  }
  return undefined;
}

/** An action's fields as the server uses them, whatever shape the stored JSON had. */
export function toPostAction(action: Record<string, unknown>): PostAction {
  const integration = isPlainObject(action.integration) && typeof action.integration.url === 'string' && action.integration.url !== '' ? action.integration : undefined;
  return {
    id: typeof action.id === 'string' ? action.id : '',
    type: typeof action.type === 'string' ? action.type : '',
    dataSource: typeof action.data_source === 'string' ? action.data_source : '',
    optionValues: Array.isArray(action.options) ? action.options.flatMap((o) => (isPlainObject(o) && typeof o.value === 'string' ? [o.value] : [])) : [],
    integration: integration ? { url: integration.url as string, context: isPlainObject(integration.context) ? integration.context : {} } : null,
  };
}

/** The props of RETAINED_PROP_KEYS a post has (kept through an update), and those it lacks (removed). */
export function retainedProps(props: Record<string, unknown>): { retain: Record<string, unknown>; remove: string[] } {
  const retain: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const key of RETAINED_PROP_KEYS) {
    if (key in props) retain[key] = props[key];
    else remove.push(key);
  }
  return { retain, remove };
}

/** Where an ephemeral post's actions live. */
export interface ActionPlace {
  postId: string;
  /** Who the post is shown as written by. */
  senderId: string;
  /** The thread's root, or the post itself. */
  rootPostId: string;
  channelId: string;
}

/**
 * What a cookie holds: one action of one ephemeral post (Mattermost's PostActionCookie, plus the
 * action's id and a static select's values, so a cookie runs only the action it was made for).
 */
export interface ActionCookie extends ActionPlace {
  action: PostAction;
  retain: Record<string, unknown>;
  remove: string[];
}

/** A sealed cookie for every action of `props` that has an integration, by action id. */
export async function sealActionCookies(props: Record<string, unknown>, place: ActionPlace, seal: (cookie: Record<string, unknown>) => Promise<string>): Promise<Map<string, string>> {
  const cookies = new Map<string, string>();
  const attachments = Array.isArray(props.attachments) ? props.attachments : [];
  const { retain, remove } = retainedProps(props);
  for (const attachment of attachments) {
    if (!isPlainObject(attachment) || !Array.isArray(attachment.actions)) continue;
    for (const raw of attachment.actions) {
      if (!isPlainObject(raw)) continue;
      const action = toPostAction(raw);
      if (!action.integration || action.id === '') continue;
      cookies.set(
        action.id,
        await seal({
          type: action.type,
          post_id: place.postId,
          sender_id: place.senderId,
          root_post_id: place.rootPostId,
          channel_id: place.channelId,
          data_source: action.dataSource,
          integration: action.integration,
          retain_props: retain,
          remove_props: remove,
          action_id: action.id,
          option_values: action.optionValues,
        }),
      );
    }
  }
  return cookies;
}

/** The contents of an opened cookie, or undefined when it lacks what the server put in. */
export function readActionCookie(cookie: Record<string, unknown>): ActionCookie | undefined {
  const { post_id, root_post_id, channel_id, action_id, integration } = cookie;
  if (typeof post_id !== 'string' || typeof channel_id !== 'string' || typeof action_id !== 'string' || !isPlainObject(integration)) return undefined;
  const action = toPostAction({ id: action_id, type: cookie.type, data_source: cookie.data_source, integration, options: Array.isArray(cookie.option_values) ? cookie.option_values.map((value) => ({ value })) : [] });
  if (!action.integration) return undefined;
  return {
    postId: post_id,
    senderId: typeof cookie.sender_id === 'string' ? cookie.sender_id : '',
    rootPostId: typeof root_post_id === 'string' ? root_post_id : post_id,
    channelId: channel_id,
    action,
    retain: isPlainObject(cookie.retain_props) ? cookie.retain_props : {},
    remove: Array.isArray(cookie.remove_props) ? cookie.remove_props.filter((key): key is string => typeof key === 'string') : [],
  };
}

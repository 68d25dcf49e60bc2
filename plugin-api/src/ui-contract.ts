// The UI contract (version 1): what a plugin shows in the web client without any of its code running
// in the user's page. Mattermost runs each plugin's JavaScript inside its web app, with the user's
// session; Parley never does. A plugin declares its surfaces in plugin.json's `ui`:
//   - declarative surfaces, drawn by the client itself: channel header buttons, post menu actions,
//     app bar items and slash command hooks, each running one action (call a route of the plugin
//     through the server, open an interactive dialog, open a view); and custom post types drawn from
//     the post's props with a small vocabulary of blocks (text, fields, badge, progress, buttons);
//   - views: the plugin's own static pages (in its bundle's `public/`), shown in a sandboxed iframe
//     (opaque origin, strict CSP) in the right-hand sidebar, a modal or a full page, that reach the
//     client only through the postMessage bridge of view-bridge.ts.
// Media (microphone, camera, screen) is granted to views only when `permissions.media` names it.
import type { Dialog } from './types.ts';

/** The version of the contract this package describes. @since 0.1.0 */
export const UI_CONTRACT_VERSION = 1;

/**
 * What a surface does when used:
 * - `route`: the client asks the server to POST the context (user, channel, team, post) and a
 *   trigger id to the plugin's route `path`; the plugin may answer `ephemeral_text` and
 *   `goto_location`, or open a dialog with the trigger id;
 * - `view`: the client opens the plugin's view `view`;
 * - `dialog`: the client opens `dialog`; its submission goes to the plugin's route `path`.
 * @since 0.1.0
 */
export type UiAction = { type: 'route'; path: string } | { type: 'view'; view: string } | { type: 'dialog'; path: string; dialog: Dialog };

/** A button or menu item. @since 0.1.0 */
export interface UiSurface {
  /** Letters, digits, `-` and `_`; unique among the plugin's surfaces. @since 0.1.0 */
  id: string;
  /** What the user reads (at most 64 characters). @since 0.1.0 */
  label: string;
  /** An SVG or PNG of the bundle's `public/` folder. @since 0.1.0 */
  icon?: string;
  action: UiAction;
}

/** A slash command the client hands to the plugin's action instead of sending it (Mattermost's SlashCommandWillBePostedHook). @since 0.1.0 */
export interface UiSlashCommandHook {
  id: string;
  /** The command as typed, e.g. `/jira subscribe`: the hook runs for it and anything typed after it. @since 0.1.0 */
  command: string;
  action: UiAction;
}

/**
 * One block of a custom post type. Strings may hold `{{message}}` and `{{props.name}}` (a post prop,
 * shown as text: never HTML); `text` is Markdown as the client renders messages, where a prop stays
 * plain text (escaped, on one line) and `{{message}}` is the post's message as Markdown, as the client
 * shows any message; a field's value keeps its line breaks.
 * @since 0.1.0
 */
export type PostBlock =
  | { text: string }
  | { fields: Array<{ title: string; value: string; short?: boolean }> }
  | { badge: { text: string; color?: 'default' | 'info' | 'success' | 'warning' | 'danger' } }
  | { progress: { value: string; max: string; label?: string } }
  | { buttons: Array<{ id: string; label: string; style?: 'default' | 'primary' | 'danger'; action: UiAction }> };

/** How the client draws posts of a custom type; other clients show the message. @since 0.1.0 */
export interface PostTypeRenderer {
  /** `custom_` and letters, digits or `_` (Mattermost's custom post types). @since 0.1.0 */
  type: string;
  blocks: PostBlock[];
}

/** One of the plugin's pages, shown in a sandboxed frame. @since 0.1.0 */
export interface UiView {
  id: string;
  /** An `.html` file of the bundle's `public/` folder. @since 0.1.0 */
  path: string;
  placement: 'rhs' | 'modal' | 'page';
  title: string;
}

/** plugin.json's `ui`. @since 0.1.0 */
export interface UiContract {
  version: 1;
  channel_header_buttons?: UiSurface[];
  post_menu_actions?: UiSurface[];
  app_bar_items?: UiSurface[];
  slash_command_hooks?: UiSlashCommandHook[];
  post_types?: PostTypeRenderer[];
  views?: UiView[];
}

/** Media a view may ask the browser for, when `permissions.media` lists it. @since 0.1.0 */
export const MEDIA_PERMISSIONS = ['microphone', 'camera', 'display-capture'] as const;

/** @since 0.1.0 */
export type MediaPermission = (typeof MEDIA_PERMISSIONS)[number];

const SURFACE_ID = '^[A-Za-z0-9_-]{1,64}$';
const ROUTE_PATH = '^/[A-Za-z0-9/_.~-]{0,255}$';
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;

const ACTION_SCHEMA = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ['route', 'view', 'dialog'] },
    path: { type: 'string', pattern: ROUTE_PATH },
    view: { type: 'string', pattern: SURFACE_ID },
    dialog: { type: 'object' },
  },
  additionalProperties: false,
} as const;

const SURFACE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'action'],
  properties: { id: { type: 'string', pattern: SURFACE_ID }, label: text(64), icon: { type: 'string', format: 'bundle-path' }, action: ACTION_SCHEMA },
} as const;

const surfaces = (schema: object) => ({ type: 'array', maxItems: 50, items: schema }) as const;

const BLOCK_SCHEMA = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    text: text(4000),
    fields: {
      type: 'array',
      maxItems: 20,
      items: { type: 'object', additionalProperties: false, required: ['title', 'value'], properties: { title: text(200), value: { type: 'string', maxLength: 2000 }, short: { type: 'boolean' } } },
    },
    badge: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: text(200), color: { type: 'string', enum: ['default', 'info', 'success', 'warning', 'danger'] } } },
    progress: { type: 'object', additionalProperties: false, required: ['value', 'max'], properties: { value: text(200), max: text(200), label: text(200) } },
    buttons: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'action'],
        properties: { id: { type: 'string', pattern: SURFACE_ID }, label: text(64), style: { type: 'string', enum: ['default', 'primary', 'danger'] }, action: ACTION_SCHEMA },
      },
    },
  },
} as const;

/** The JSON schema of `ui` (part of MANIFEST_SCHEMA). @since 0.1.0 */
export const UI_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { type: 'integer', enum: [UI_CONTRACT_VERSION] },
    channel_header_buttons: surfaces(SURFACE_SCHEMA),
    post_menu_actions: surfaces(SURFACE_SCHEMA),
    app_bar_items: surfaces(SURFACE_SCHEMA),
    slash_command_hooks: surfaces({
      type: 'object',
      additionalProperties: false,
      required: ['id', 'command', 'action'],
      properties: { id: { type: 'string', pattern: SURFACE_ID }, command: { type: 'string', pattern: '^/[^\\s/][^\\n]{0,127}$' }, action: ACTION_SCHEMA },
    }),
    post_types: surfaces({
      type: 'object',
      additionalProperties: false,
      required: ['type', 'blocks'],
      properties: { type: { type: 'string', pattern: '^custom_[A-Za-z0-9_]{1,50}$' }, blocks: { type: 'array', minItems: 1, maxItems: 20, items: BLOCK_SCHEMA } },
    }),
    views: surfaces({
      type: 'object',
      additionalProperties: false,
      required: ['id', 'path', 'placement', 'title'],
      properties: {
        id: { type: 'string', pattern: SURFACE_ID },
        path: { type: 'string', format: 'bundle-path', pattern: '^public/.+\\.html$' },
        placement: { type: 'string', enum: ['rhs', 'modal', 'page'] },
        title: text(64),
      },
    }),
  },
} as const;

/** What the schema cannot say: each action has what its type needs, ids are unique, views named exist. */
export function uiProblems(ui: Record<string, unknown>): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const list = (name: string): Array<Record<string, unknown>> => (Array.isArray(ui[name]) ? (ui[name] as unknown[]).filter(isObject) : []);
  const views = new Set(list('views').map((view) => view.id));
  const ids = new Set<string>();
  const checkAction = (action: unknown, at: string) => {
    if (!isObject(action)) return;
    const needs = action.type === 'route' ? ['path'] : action.type === 'view' ? ['view'] : action.type === 'dialog' ? ['path', 'dialog'] : [];
    for (const field of needs) if (action[field] === undefined) problems.push({ field: `${at}.${field}`, message: `is required for a ${String(action.type)} action` });
    for (const field of ['path', 'view', 'dialog']) {
      if (action[field] !== undefined && !needs.includes(field)) problems.push({ field: `${at}.${field}`, message: `does not belong to a ${String(action.type)} action` });
    }
    if (action.type === 'view' && typeof action.view === 'string' && !views.has(action.view)) problems.push({ field: `${at}.view`, message: `names no view of ui.views ("${action.view}")` });
  };
  const checkId = (id: unknown, at: string) => {
    if (typeof id !== 'string') return;
    if (ids.has(id)) problems.push({ field: `${at}.id`, message: `repeats the id "${id}" (ids are unique among a plugin's surfaces and views)` });
    ids.add(id);
  };
  for (const name of ['channel_header_buttons', 'post_menu_actions', 'app_bar_items', 'slash_command_hooks', 'views']) {
    list(name).forEach((surface, i) => {
      checkId(surface.id, `ui.${name}[${i}]`);
      checkAction(surface.action, `ui.${name}[${i}].action`);
      if (typeof surface.icon === 'string' && !surface.icon.startsWith('public/')) problems.push({ field: `ui.${name}[${i}].icon`, message: 'must be a file of the bundle\'s public/ folder' });
    });
  }
  const types = new Set<string>();
  list('post_types').forEach((postType, i) => {
    if (typeof postType.type === 'string') {
      if (types.has(postType.type)) problems.push({ field: `ui.post_types[${i}].type`, message: `repeats the post type "${postType.type}"` });
      types.add(postType.type);
    }
    (Array.isArray(postType.blocks) ? postType.blocks : []).forEach((block, j) => {
      const buttons = isObject(block) && Array.isArray(block.buttons) ? block.buttons : [];
      buttons.forEach((button, k) => {
        if (!isObject(button)) return;
        const at = `ui.post_types[${i}].blocks[${j}].buttons[${k}]`;
        checkId(button.id, at);
        checkAction(button.action, `${at}.action`);
      });
    });
  });
  return problems;
}

/** The surface with this id that calls a route of the plugin (what POST /plugins/{id}/ui/{surface_id} runs), if any. @since 0.1.0 */
export function routeSurface(ui: UiContract | undefined, surfaceId: string): { path: string } | undefined {
  if (!ui) return undefined;
  const buttons = (ui.post_types ?? []).flatMap((postType) => postType.blocks.flatMap((block) => ('buttons' in block ? block.buttons : [])));
  const all = [...(ui.channel_header_buttons ?? []), ...(ui.post_menu_actions ?? []), ...(ui.app_bar_items ?? []), ...(ui.slash_command_hooks ?? []), ...buttons];
  const action = all.find((surface) => surface.id === surfaceId)?.action;
  return action?.type === 'route' ? { path: action.path } : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

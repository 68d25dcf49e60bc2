// @parley/plugin-api: everything a plugin author imports.
export type * from './types.ts';
export type * from './api.ts';
export type { Hooks, HookName, PostVerdict } from './hooks.ts';
export { HOOK_NAMES, DISMISS_POST } from './hooks.ts';
export type * from './manifest.ts';

// @parley/plugin-api: everything a plugin author imports. Only code a plugin needs at run time is
// exported as values here, since all of it may end up in the plugin's bundle; manifest validation
// lives in `@parley/plugin-api/manifest` and the bundle builder in `@parley/plugin-api/build`.
export type * from './types.ts';
export type * from './api.ts';
export type { FileVerdict, Hooks, HookName, PostVerdict, ScheduledJobRun } from './hooks.ts';
export { HOOK_NAMES, DISMISS_POST } from './hooks.ts';
export type * from './manifest.ts';
export type * from './ui-contract.ts';
export type { PluginFactory } from './define-plugin.ts';
export { definePlugin } from './define-plugin.ts';
export type { CommandHandler } from './command-handlers.ts';
export type { RoutedRequest, RouteHandler, RoutePattern, Router } from './router.ts';
export { createRouter } from './router.ts';
export { newId, isValidId } from './ids.ts';
export { KvConflictError, updateKvAtomically } from './kv-atomic.ts';
export { withClusterLock } from './cluster-lock.ts';
export { HttpError, jsonResponse, textResponse, statusOk, errorResponse } from './http.ts';
export { jsonInputProblem, MAX_JSON_DEPTH, parseJsonBody } from './json-input.ts';
export type { CommandTreeSpec, Subcommand, SubcommandContext } from './command-tree.ts';
export { commandTree, ephemeral } from './command-tree.ts';
export { fillGeneratedSettings } from './generated-settings.ts';

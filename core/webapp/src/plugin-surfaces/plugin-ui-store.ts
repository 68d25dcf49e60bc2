// The running plugins' UI contracts (GET /api/v4/plugins/ui), shared by every surface of the client.
// Fetched once, then again whenever the server says a plugin with UI started or stopped
// (`plugin_ui_changed`), so surfaces appear and go without a reload.
import { useSyncExternalStore } from 'react';
import type { MediaPermission, UiContract, UiView } from '@parley/plugin-api';
import { client } from '../client.ts';

/** A view as the server lists it: with the address of its page. */
export type ServedView = UiView & { url: string };

/** One running plugin's contract. */
export interface PluginUi {
  plugin_id: string;
  version: string;
  ui: Omit<UiContract, 'views'> & { views: ServedView[] };
  media: MediaPermission[];
}

/** undefined until the first answer; `failed` holds what went wrong with the last fetch. */
interface Snapshot {
  plugins: PluginUi[] | undefined;
  failed: string;
}

const listeners = new Set<() => void>();
let snapshot: Snapshot = { plugins: undefined, failed: '' };
let pending: Promise<void> | undefined;
let again = false;

function publish(next: Snapshot): void {
  snapshot = next;
  for (const listener of listeners) listener();
}

/** Fetches the contracts again; calls made while one is under way are folded into one more fetch. */
export function refreshPluginUi(): Promise<void> {
  if (pending) {
    again = true;
    return pending;
  }
  pending = fetch(`${client.getBaseRoute()}/plugins/ui`, { credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      publish({ plugins: (await response.json()) as PluginUi[], failed: '' });
    })
    .catch((err: unknown) => publish({ plugins: snapshot.plugins ?? [], failed: String(err instanceof Error ? err.message : err) }))
    .finally(() => {
      pending = undefined;
      if (again) {
        again = false;
        void refreshPluginUi();
      }
    });
  return pending;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (snapshot.plugins === undefined && !pending) void refreshPluginUi();
  return () => listeners.delete(listener);
}

/** The running plugins' contracts; components using it render again when they change. */
export function usePluginUi(): Snapshot {
  return useSyncExternalStore(subscribe, () => snapshot);
}

/** The contracts as last fetched, for callbacks outside rendering. */
export function currentPluginUi(): readonly PluginUi[] {
  return snapshot.plugins ?? [];
}

/** A plugin's view and the media it may use, if that plugin is running and has it. */
export function findView(plugins: readonly PluginUi[], pluginId: string, viewId: string): { view: ServedView; media: MediaPermission[] } | undefined {
  const plugin = plugins.find((p) => p.plugin_id === pluginId);
  const view = plugin?.ui.views.find((v) => v.id === viewId);
  return plugin && view ? { view, media: plugin.media } : undefined;
}

/** The address of a file of a plugin's `public/` folder (icons). */
export function publicFileUrl(pluginId: string, bundlePath: string): string {
  return `/plugins/${encodeURIComponent(pluginId)}/${bundlePath.split('/').map(encodeURIComponent).join('/')}`;
}

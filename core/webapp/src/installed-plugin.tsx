// One installed plugin: state, last error, Enable or Disable, Settings, and Remove after a confirmation.
import { useRef, useState } from 'react';
import { client, csrfToken } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { NavLink } from './nav-link.tsx';
import { pluginSettingsPath } from './console-paths.ts';
import { RUNNING, stateLabel } from './plugin-states.ts';
import type { InstalledPluginInfo } from './plugin-management-page.tsx';
import { PluginGrants } from './plugin-grants.tsx';

export function InstalledPlugin({ plugin, onChanged }: { plugin: InstalledPluginInfo; onChanged: () => Promise<void> }) {
  const { status, manifest, enabled } = plugin;
  const id = status.plugin_id;
  const name = status.name || id;
  const domId = `plugin-${id.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const action = useAction();
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const [removeData, setRemoveData] = useState(false);
  const hasStore = ((manifest as { permissions?: { api?: string[] } } | undefined)?.permissions?.api ?? []).includes('store');
  const removeButton = useRef<HTMLButtonElement>(null);
  const hasSettings = Boolean(manifest?.settings_schema && ((manifest.settings_schema.settings ?? []).length > 0 || (manifest.settings_schema.sections ?? []).length > 0));

  const toggle = () => {
    if (action.busy) return;
    void action.run(async () => {
      if (enabled) await client.disablePlugin(id);
      else await client.enablePlugin(id);
      await onChanged();
      return `${name} is ${enabled ? 'disabled' : 'enabled'}.`;
    });
  };

  const remove = async () => {
    setConfirmingRemoval(false);
    const removed = await action.run(async () => {
      if (removeData) await removeWithData(id);
      else await client.removePlugin(id);
      return removeData ? `${name} and its data are removed.` : `${name} is removed.`;
    });
    if (removed) await onChanged(); // the row goes away with the refresh
    else removeButton.current?.focus();
  };

  return (
    <li className="plugin-card" aria-labelledby={`${domId}-name`}>
      <div className="plugin-text">
        <h3 id={`${domId}-name`}>{name}</h3>
        <p className="plugin-meta">
          <span>Version {status.version}</span>
          <span className="plugin-id">{id}</span>
          <span className={`state state-${status.state}`} id={`${domId}-state`}>
            State: {stateLabel(status.state)}
          </span>
          {enabled && status.state !== RUNNING && <span>(enabled)</span>}
        </p>
        {status.description && <p>{status.description}</p>}
        <PluginGrants manifest={manifest} domId={domId} />
        {status.error && (
          <p className="plugin-error" id={`${domId}-last-error`}>
            Last error: {status.error}
          </p>
        )}
        <ActionStatus outcome={action.outcome} id={domId} />
        {confirmingRemoval && (
          <div className="confirm" role="group" aria-labelledby={`${domId}-confirm`}>
            <p id={`${domId}-confirm`}>Remove {name}? Its bundle is deleted from this server; install it again to get it back.</p>
            {hasStore && (
              <label>
                <input type="checkbox" checked={removeData} onChange={(event) => setRemoveData(event.target.checked)} /> Also delete its data (its database schema and its keys): this cannot be undone
              </label>
            )}
            <button type="button" className="danger" onClick={remove} autoFocus>
              Yes, remove {name}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirmingRemoval(false);
                removeButton.current?.focus();
              }}
            >
              Cancel
            </button>
          </div>
        )}
      </div>
      <div className="plugin-actions">
        <button type="button" onClick={toggle} aria-disabled={action.busy || undefined} aria-label={`${enabled ? 'Disable' : 'Enable'} ${name}`}>
          {enabled ? 'Disable' : 'Enable'}
        </button>
        {hasSettings && <NavLink to={pluginSettingsPath(id)}>{`Settings of ${name}`}</NavLink>}
        <button type="button" ref={removeButton} onClick={() => setConfirmingRemoval(!action.busy)} aria-disabled={action.busy || undefined} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </div>
    </li>
  );
}

/** DELETE /api/v4/plugins/{id}?remove_data=true (Parley's: Client4 has no such option). */
async function removeWithData(id: string): Promise<void> {
  const response = await fetch(`${client.getPluginRoute(id)}?remove_data=true`, { method: 'DELETE', credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': csrfToken() } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `The server answered ${response.status}.`);
  }
}

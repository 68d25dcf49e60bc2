// One marketplace plugin: name, version, description, the installed version, and Install or
// Update (POST /plugins/marketplace) with its progress and the server's answer shown on the item.
import type { MarketplacePlugin } from '@mattermost/types/marketplace';
import type { PluginManifest } from '@mattermost/types/plugins';
import semverGt from 'semver/functions/gt.js';
import { client } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';

export function MarketplaceItem({ plugin, onChanged }: { plugin: MarketplacePlugin; onChanged: () => Promise<void> }) {
  const install = useAction();
  const { id, name, version, description } = plugin.manifest;
  const installed = plugin.installed_version || '';
  const isUpdate = installed !== '' && newer(version, installed);
  const verb = installed === '' ? 'Install' : isUpdate ? 'Update' : '';
  const label = install.busy ? (isUpdate ? 'Updating' : 'Installing') : verb || 'Installed';
  const domId = `marketplace-${id.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

  const act = () => {
    if (!verb || install.busy) return;
    void install.run(async () => {
      // Mattermost answers with the installed plugin's manifest (Client4's type says MarketplacePlugin).
      const manifest = (await client.installMarketplacePlugin(id)) as unknown as PluginManifest;
      await onChanged();
      return `${manifest.name || name} ${manifest.version} is ${isUpdate ? 'updated' : 'installed'} and enabled.`;
    });
  };

  return (
    <li className="plugin-card" aria-labelledby={`${domId}-name`}>
      {plugin.icon_data && <img className="plugin-icon" src={plugin.icon_data} alt="" />}
      <div className="plugin-text">
        <h2 id={`${domId}-name`}>{name || id}</h2>
        <p className="plugin-meta">
          <span>Version {version}</span>
          {installed && <span className="installed">Installed: {installed}</span>}
          <span className="plugin-id">{id}</span>
          {(plugin.labels ?? []).map((tag) => (
            <span className="label" key={tag.name} title={tag.description}>
              {tag.name}
            </span>
          ))}
        </p>
        {description && <p>{description}</p>}
        {plugin.homepage_url && (
          <p>
            <a href={plugin.homepage_url} target="_blank" rel="noreferrer noopener">
              Homepage of {name || id}
            </a>
          </p>
        )}
        <ActionStatus outcome={install.outcome} id={domId} />
      </div>
      <div className="plugin-actions">
        {/* Busy or installed, the button stays focusable (aria-disabled, not disabled) so keyboard focus is not lost. */}
        <button type="button" onClick={act} aria-disabled={install.busy || !verb ? true : undefined} aria-label={`${label} ${name || id}`}>
          {install.busy ? `${label}…` : label}
        </button>
      </div>
    </li>
  );
}

/** Whether `candidate` is a newer version than `installed`; versions that are not semantic versions never count as updates. */
function newer(candidate: string, installed: string): boolean {
  try {
    return semverGt(candidate, installed);
  } catch {
    return false;
  }
}

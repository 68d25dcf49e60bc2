// Plugins → Plugin Management: the installed plugins with their state and last error, enable,
// disable, remove, their settings pages, and uploading a bundle.
import { useCallback, useEffect, useState } from 'react';
import type { PluginManifest, PluginStatus } from '@mattermost/types/plugins';
import { client, errorText } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { InstalledPlugin } from './installed-plugin.tsx';
import { PluginUpload } from './plugin-upload.tsx';

/** Plugins start and crash on their own: the list is refreshed this often while the page is open. */
const REFRESH_MS = 5000;

export interface InstalledPluginInfo {
  status: PluginStatus & { error?: string };
  manifest: PluginManifest | undefined;
  enabled: boolean;
}

interface Listing {
  plugins: InstalledPluginInfo[];
  uploadsEnabled: boolean;
}

export function PluginManagementPage() {
  const [listing, setListing] = useState<Listing | null>(null);
  const [loadError, setLoadError] = useState('');

  const load = useCallback(async () => {
    try {
      const [statuses, manifests, config] = await Promise.all([client.getPluginStatuses(), client.getPlugins(), client.getConfig()]);
      const byId = new Map([...manifests.active, ...manifests.inactive].map((m) => [m.id, m]));
      const states = config.PluginSettings.PluginStates ?? {};
      setListing({
        plugins: statuses
          .map((status) => ({ status, manifest: byId.get(status.plugin_id), enabled: states[status.plugin_id]?.Enable === true }))
          .sort((a, b) => (a.status.name || a.status.plugin_id).localeCompare(b.status.name || b.status.plugin_id)),
        uploadsEnabled: config.PluginSettings.EnableUploads,
      });
      setLoadError('');
    } catch (err) {
      setLoadError(`The installed plugins could not be listed: ${errorText(err)}`);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <>
      <PageHeading>Plugin Management</PageHeading>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      <section aria-labelledby="installed-plugins">
        <h2 id="installed-plugins">Installed plugins</h2>
        {listing === null ? (
          <p role="status">Loading…</p>
        ) : listing.plugins.length === 0 ? (
          <p>No plugin is installed. Install one from the Marketplace or upload a bundle below.</p>
        ) : (
          <ul className="plugin-list" aria-label="Installed plugins">
            {listing.plugins.map((plugin) => (
              <InstalledPlugin key={plugin.status.plugin_id} plugin={plugin} onChanged={load} />
            ))}
          </ul>
        )}
      </section>
      <PluginUpload uploadsEnabled={listing?.uploadsEnabled ?? true} onUploaded={load} />
    </>
  );
}

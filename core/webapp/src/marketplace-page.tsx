// Plugins → Marketplace: what the configured marketplace offers (GET /plugins/marketplace, which
// the server filters), each with one-click Install or Update.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MarketplacePlugin } from '@mattermost/types/marketplace';
import { client, errorText } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { MarketplaceItem } from './marketplace-item.tsx';

/** How long typing must pause before the search is sent. */
const SEARCH_DELAY_MS = 250;

export function MarketplacePage() {
  const [filter, setFilter] = useState('');
  const [plugins, setPlugins] = useState<MarketplacePlugin[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const latest = useRef(0);

  const load = useCallback(async (search: string) => {
    const request = ++latest.current;
    try {
      const found = await client.getMarketplacePlugins(search);
      if (request !== latest.current) return; // an answer to an older search
      setPlugins(found);
      setLoadError('');
    } catch (err) {
      if (request !== latest.current) return;
      setLoadError(`The marketplace could not be listed: ${errorText(err)}`);
    }
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void load(filter), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [filter, load]);

  return (
    <>
      <PageHeading>Marketplace</PageHeading>
      <p>Plugins offered by the marketplace this server is configured with (Site Configuration → Marketplace URL). Installing one also enables it.</p>
      <form
        role="search"
        className="search"
        onSubmit={(event) => {
          event.preventDefault();
          void load(filter);
        }}
      >
        <label htmlFor="marketplace-search">Search plugins</label>
        <input id="marketplace-search" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name, description or id" />
      </form>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      <p role="status" className="status">
        {plugins === null ? 'Loading…' : plugins.length === 0 ? (filter ? `No plugin matches “${filter}”.` : 'The marketplace offers no plugins.') : `${plugins.length} plugin${plugins.length === 1 ? '' : 's'}`}
      </p>
      {plugins && plugins.length > 0 && (
        <ul className="plugin-list" aria-label="Marketplace plugins">
          {plugins.map((plugin) => (
            <MarketplaceItem key={plugin.manifest.id} plugin={plugin} onChanged={() => load(filter)} />
          ))}
        </ul>
      )}
    </>
  );
}

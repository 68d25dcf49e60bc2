// A prepackaged plugin that is useless until an administrator fills in some of its settings (an OAuth
// app's client id and secret, say) names them in its manifest: `props.enable_when_configured`. The
// server then installs it without enabling it, and enables it the moment those settings all hold a
// value, unless an administrator already chose its state (one who disabled it keeps it disabled).
import type { Manifest } from '@parley/plugin-api/manifest';

export const ENABLE_WHEN_CONFIGURED = 'enable_when_configured';

/** The setting keys the manifest waits for, or none when it does not wait (a malformed entry waits for nothing). */
export function settingsAwaited(manifest: Manifest): string[] {
  const keys = manifest.props?.[ENABLE_WHEN_CONFIGURED];
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string' && key !== '') : [];
}

/**
 * Whether the plugin's saved settings hold a non-empty value for every key it waits for. Keys are
 * matched without regard to case, as Mattermost's configuration lower-cases plugin settings' keys.
 */
export function isConfigured(manifest: Manifest, settings: Record<string, unknown> | undefined): boolean {
  const saved = new Map(Object.entries(settings ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  return settingsAwaited(manifest).every((key) => {
    const value = saved.get(key.toLowerCase());
    return value !== undefined && value !== null && String(value).trim() !== '';
  });
}

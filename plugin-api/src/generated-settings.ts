// Settings of type `generated` (a webhook secret, an encryption key) are empty until someone fills
// them in: Mattermost's plugins generate them on activation, and so do Parley's, through this.
import type { PluginAPI } from './api.ts';
import { newId } from './ids.ts';

/** Characters of secure randomness in each generated value (two ids' worth of base32). */
const GENERATED_LENGTH = 32;

/**
 * Fills in the `keys` an admin left empty with 32 characters of the server's secure randomness
 * each, and saves the settings (which runs onConfigurationChange) only when one was empty.
 * @returns the settings in force, generated values included
 * @since 0.1.0
 */
export async function fillGeneratedSettings(api: PluginAPI, keys: readonly string[]): Promise<Record<string, unknown>> {
  const saved = (await api.config.get<Record<string, unknown>>()) ?? {};
  const missing = keys.filter((key) => String(saved[key] ?? '').trim() === '');
  if (missing.length === 0) return saved;
  const next = { ...saved, ...Object.fromEntries(missing.map((key) => [key, (newId() + newId()).slice(0, GENERATED_LENGTH)])) };
  await api.config.save(next);
  return next;
}

// Mattermost's rule for whether a user sees collapsed reply threads: the server's CollapsedThreads
// setting decides, and with `default_on`/`default_off` the user's display_settings/collapsed_reply_threads
// preference. Pure, so that the page's early requests (startup/early-requests.ts) can apply it too.
import type { PreferenceType } from '@mattermost/types/preferences';

export type ThreadsSetting = 'disabled' | 'default_off' | 'default_on' | 'always_on';

export function collapsedFor(current: ThreadsSetting | undefined, preferences: PreferenceType[]): boolean {
  if (!current || current === 'disabled') return false;
  if (current === 'always_on') return true;
  const chosen = preferences.find((p) => p.category === 'display_settings' && p.name === 'collapsed_reply_threads')?.value;
  return (chosen ?? (current === 'default_on' ? 'on' : 'off')) === 'on';
}

// Whether the channel shows root posts only (Mattermost's collapsed reply threads): the server's
// CollapsedThreads setting, and with `default_on`/`default_off` the user's own
// display_settings/collapsed_reply_threads preference. The setting comes from /config/client (client-config.ts).
import { useEffect, useState } from 'react';
import { clientConfig } from '../client-config.ts';
import { collapsedFor, type ThreadsSetting } from './collapsed-rule.ts';
import { useChat, type ChatState } from '../chat-store.ts';

let setting: ThreadsSetting | undefined;
let loading: Promise<ThreadsSetting> | undefined;

/** The server's CollapsedThreads setting, fetched on first use ('disabled' if the config cannot be read). */
export function threadsSetting(): Promise<ThreadsSetting> {
  loading ??= clientConfig().then(
    (config) => (setting = ((config as Record<string, unknown>).CollapsedThreads as ThreadsSetting | undefined) ?? 'disabled'),
    () => {
      loading = undefined;
      return 'disabled' as const;
    },
  );
  return loading;
}


/** For loaders: whether the signed-in user sees collapsed threads. */
export async function collapsedThreads(state: Pick<ChatState, 'preferences'>): Promise<boolean> {
  return collapsedFor(await threadsSetting(), state.preferences);
}

/**
 * Whether collapsed threads are on for me, for code that must not wait (live events, counts): the
 * chat loads the setting before it shows anything (chat-loader.ts), so it is known by then.
 */
export function collapsedNow(state: Pick<ChatState, 'preferences'>): boolean {
  return collapsedFor(setting, state.preferences);
}

/** The setting already fetched, for code that must not wait (live events); undefined before. */
export function knownThreadsSetting(): ThreadsSetting | undefined {
  return setting;
}

/** For components: the server's setting (undefined until it arrives). */
function useThreadsSetting(): ThreadsSetting | undefined {
  const [current, setCurrent] = useState(setting);
  useEffect(() => {
    if (!current) void threadsSetting().then(setCurrent);
  }, [current]);
  return current;
}

/** Whether collapsed threads are on for me (false until the setting arrives). */
export function useCollapsedThreads(): boolean {
  const preferences = useChat((s) => s.preferences);
  return collapsedFor(useThreadsSetting(), preferences);
}

/** Whether threads are tracked at all (anything but 'disabled'), so they can be marked read. */
export function useThreadsTracked(): boolean {
  const current = useThreadsSetting();
  return current !== undefined && current !== 'disabled';
}

// The server's client configuration (GET /config/client), fetched once per page: the chat reads a
// few switches from it (synced drafts, custom emoji, collapsed threads, scheduling, priority). The page's early request
// usually has it already. A failed fetch is tried again on the next ask.
import { useEffect, useState } from 'react';
import type { ClientConfig } from '@mattermost/types/config';
import { client } from '../client.ts';
import { takeEarly } from './take-early.ts';
import { EARLY_PATHS } from '../startup/early-answers.ts';

let loading: Promise<Partial<ClientConfig>> | undefined;

export function clientConfig(): Promise<Partial<ClientConfig>> {
  loading ??= takeEarly(EARLY_PATHS.config, () => client.getClientConfig()).catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** Whether a switch of the client configuration is on ('true'); off until it is known, or when it cannot be fetched. */
export function useConfigSwitch(name: keyof ClientConfig): boolean {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    let current = true;
    clientConfig().then(
      (config) => current && setEnabled(config[name] === 'true'),
      () => current && setEnabled(false),
    );
    return () => {
      current = false;
    };
  }, [name]);
  return enabled;
}

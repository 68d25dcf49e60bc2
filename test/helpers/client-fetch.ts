// Routes Client4 has no method for, called the way Client4 calls its own (failures are its ClientError).
import type { Client4 } from '@mattermost/client';

export function clientFetch<T = unknown>(client: Client4, url: string, init: { method: string; body?: string }): Promise<T> {
  return (client as unknown as { doFetch: (url: string, init: { method: string; body?: string }) => Promise<T> }).doFetch(url, init);
}

// The channel a person last had open, remembered in this browser per user, so `/` reopens it (as
// Mattermost's web app does).
const KEY = 'parley.last_channel';

export interface LastChannel {
  teamName: string;
  path: string;
}

export function rememberLastChannel(userId: string, last: LastChannel): void {
  try {
    window.localStorage.setItem(`${KEY}.${userId}`, JSON.stringify(last));
  } catch {
    // Storage may be full or disabled; the next visit then starts at the first team instead.
  }
}

export function lastChannel(userId: string): LastChannel | undefined {
  try {
    const value = JSON.parse(window.localStorage.getItem(`${KEY}.${userId}`) ?? 'null') as LastChannel | null;
    return value && typeof value.teamName === 'string' && typeof value.path === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

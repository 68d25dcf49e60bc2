// What the page's early requests (early-requests.ts, a classic script that runs before the app's
// module) leave on `window.parleyEarly`: for each GET sent, by its path and query, a promise of the
// server's status and JSON body; and, when the address names a channel, its first page of posts
// with the page's other authors. Shared by the script that sends them and the app that takes them.
export interface EarlyAnswer {
  status: number;
  body: unknown;
}

export interface EarlyRequests {
  /** By path and query, as Client4 writes them (`/api/v4/users/me/teams`). */
  gets: Record<string, Promise<EarlyAnswer>>;
  /** When the address names a channel: its id, newest page of posts and the page's authors other than me. */
  posts?: Promise<{ channelId: string; list: EarlyAnswer; authors: EarlyAnswer } | undefined>;
}

declare global {
  interface Window {
    parleyEarly?: EarlyRequests;
  }
}

/** The paths the early requests and the app agree on (the app's Client4 calls ask the same). */
export const EARLY_PATHS = {
  me: '/api/v4/users/me',
  teams: '/api/v4/users/me/teams',
  teamMembers: '/api/v4/users/me/teams/members',
  preferences: '/api/v4/users/me/preferences',
  config: '/api/v4/config/client?format=old',
  teamUnreadsWithThreads: '/api/v4/users/me/teams/unread?include_collapsed_threads=true',
  teamChannels: (teamId: string) => `/api/v4/users/me/teams/${teamId}/channels?include_deleted=false`,
  teamChannelMembers: (teamId: string) => `/api/v4/users/me/teams/${teamId}/channels/members`,
} as const;

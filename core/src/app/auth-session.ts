// The authenticated caller of a request or WebSocket: a login session or a personal access token.

export interface AuthSession {
  /** The session id (or the access token's id for a token). */
  id: string;
  userId: string;
  /** System roles of the user at authentication time. */
  roles: string[];
  csrfToken: string;
  isAccessToken: boolean;
  createAt: number;
  expiresAt: number;
  lastActivityAt: number;
  deviceId: string;
}

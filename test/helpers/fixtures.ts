// Users and logged-in clients for tests. The first user of a fresh server is its system admin.
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { TestServer } from './test-server.ts';

export const PASSWORD = 'correct-horse-battery';
let sequence = 0;

/** A unique username for this run. */
export function uniqueName(prefix = 'user'): string {
  return `${prefix}${Date.now().toString(36)}${(++sequence).toString(36)}`;
}

export interface LoggedIn {
  client: Client4;
  user: UserProfile;
}

/** Signs up the first user (system admin) and logs in. Call once per fresh server, before other users. */
export async function createAdmin(ts: TestServer): Promise<LoggedIn> {
  return signUpAndLogin(ts, ts.client(), uniqueName('admin'));
}

/** Creates a user through the admin client and logs in as them. */
export async function createUser(ts: TestServer, admin: Client4, username = uniqueName()): Promise<LoggedIn> {
  await admin.createUser({ username, email: `${username}@example.com`, password: PASSWORD } as UserProfile, '', '');
  return login(ts, username);
}

export async function login(ts: TestServer, loginId: string, password = PASSWORD): Promise<LoggedIn> {
  const client = ts.client();
  const user = await client.login(loginId, password);
  return { client, user };
}

async function signUpAndLogin(ts: TestServer, client: Client4, username: string): Promise<LoggedIn> {
  await client.createUser({ username, email: `${username}@example.com`, password: PASSWORD } as UserProfile, '', '');
  return login(ts, username);
}

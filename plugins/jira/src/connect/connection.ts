// A Parley user's connection to their account on one Jira instance: who they are there (Cloud's
// accountId; Server's username and key), what they chose to be notified about, and the credential
// the plugin calls Jira with on their behalf (kept encrypted by Connections, never in this shape).

/** The roles a connected user can be notified as by DM (`/jira instance settings notifications <role> on|off`). */
export const NOTIFICATION_ROLES = ['assignee', 'mention', 'reporter', 'watching'] as const;
export type NotificationRole = (typeof NOTIFICATION_ROLES)[number];

export interface Connection {
  mattermost_user_id: string;
  /** The instance's id (its URL). */
  instance_id: string;
  /** Jira Cloud's accountId; on Jira Server, empty. */
  account_id: string;
  /** Jira Server's username (`name`) and user key; on Jira Cloud, empty. */
  name: string;
  user_key: string;
  display_name: string;
  email: string;
  connected_at: number;
  /** Notification DMs wanted, by role (all on when connecting, as Mattermost's plugin). */
  notifications: Record<NotificationRole, boolean>;
  /** What `/jira create` proposes next time (the project and issue type used last). */
  last_project_key: string;
  last_issue_type: string;
}

/** What the plugin calls Jira with for one connection. */
export type Credential =
  | { kind: 'oauth2'; access_token: string; refresh_token: string; expires_at: number }
  | { kind: 'oauth1'; token: string; token_secret: string }
  | { kind: 'pat'; token: string };

/** The id Jira knows the user by in payloads: accountId on Cloud, the username on Server. */
export function jiraUserId(connection: Pick<Connection, 'account_id' | 'name'>): string {
  return connection.account_id !== '' ? connection.account_id : connection.name;
}

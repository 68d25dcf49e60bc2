// The plugin's settings (PluginSettings.Plugins.jira), by the keys of Mattermost's Jira plugin so a
// migrated configuration carries over. Read them through readSettings, which fills in the defaults.
import { fillGeneratedSettings, type PluginAPI } from '@parley/plugin-api';

export type SubscriptionEditors = 'users' | 'channel_admin' | 'team_admin' | 'system_admin';

export interface JiraSettings {
  EnableJiraUI: boolean;
  /** The webhook secret (`?secret=` of every webhook URL). */
  secret: string;
  RolesAllowedToEditJiraSubscriptions: SubscriptionEditors;
  GroupsAllowedToEditJiraSubscriptions: string;
  SecurityLevelEmptyForJiraSubscriptions: boolean;
  JiraAdminAdditionalHelpText: string;
  HideDecriptionComment: boolean;
  EnableAutocomplete: boolean;
  DisplaySubscriptionNameInNotifications: boolean;
  EncryptionKey: string;
  AdminAPIToken: string;
  AdminEmail: string;
  ThreadedJiraCommentSubscriptionDuration: number;
  TeamIDs: string;
}

const DEFAULTS: JiraSettings = {
  EnableJiraUI: true,
  secret: '',
  RolesAllowedToEditJiraSubscriptions: 'system_admin',
  GroupsAllowedToEditJiraSubscriptions: '',
  SecurityLevelEmptyForJiraSubscriptions: true,
  JiraAdminAdditionalHelpText: '',
  HideDecriptionComment: false,
  EnableAutocomplete: true,
  DisplaySubscriptionNameInNotifications: false,
  EncryptionKey: '',
  AdminAPIToken: '',
  AdminEmail: '',
  ThreadedJiraCommentSubscriptionDuration: 30,
  TeamIDs: '',
};

/** The settings in force; a number saved as text (the console's number fields) is read as a number. */
export async function readSettings(api: PluginAPI): Promise<JiraSettings> {
  return normalize(await api.config.get<Record<string, unknown>>());
}

/** Fills in the generated secrets an admin left empty and answers the settings in force. */
export async function ensureGeneratedSettings(api: PluginAPI): Promise<JiraSettings> {
  return normalize(await fillGeneratedSettings(api, ['secret', 'EncryptionKey']));
}

function normalize(saved: Record<string, unknown> | null | undefined): JiraSettings {
  const settings = { ...DEFAULTS, ...(saved as Partial<JiraSettings>) };
  const days = Number(settings.ThreadedJiraCommentSubscriptionDuration);
  settings.ThreadedJiraCommentSubscriptionDuration = Number.isFinite(days) && days >= 0 ? days : DEFAULTS.ThreadedJiraCommentSubscriptionDuration;
  return settings;
}

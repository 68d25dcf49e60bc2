// The plugin's settings (PluginSettings.Plugins.github), by the keys of Mattermost's GitHub plugin so
// a migrated configuration carries over. Read them through readSettings, which fills in the defaults.
import { fillGeneratedSettings, type PluginAPI } from '@parley/plugin-api';

export interface GitHubSettings {
  GitHubOAuthClientID: string;
  GitHubOAuthClientSecret: string;
  WebhookSecret: string;
  EncryptionKey: string;
  GithubOrg: string;
  EnterpriseBaseURL: string;
  EnterpriseUploadURL: string;
  EnablePrivateRepo: boolean;
  ConnectToPrivateByDefault: boolean;
  EnableCodePreview: 'public' | 'privateAndPublic' | 'disable';
  EnableWebhookEventLogging: boolean;
  ShowAuthorInCommitNotification: boolean;
  GetNotificationForDraftPRs: boolean;
}

const DEFAULTS: GitHubSettings = {
  GitHubOAuthClientID: '',
  GitHubOAuthClientSecret: '',
  WebhookSecret: '',
  EncryptionKey: '',
  GithubOrg: '',
  EnterpriseBaseURL: '',
  EnterpriseUploadURL: '',
  EnablePrivateRepo: false,
  ConnectToPrivateByDefault: false,
  EnableCodePreview: 'public',
  EnableWebhookEventLogging: false,
  ShowAuthorInCommitNotification: false,
  GetNotificationForDraftPRs: false,
};

export async function readSettings(api: PluginAPI): Promise<GitHubSettings> {
  return { ...DEFAULTS, ...(await api.config.get<Partial<GitHubSettings>>()) };
}

/** The settings of type `generated` (Mattermost's plugin fills them in on activation when empty). */
const GENERATED = ['WebhookSecret', 'EncryptionKey'] as const;

/** Fills in the generated secrets an admin left empty and answers the settings in force. */
export async function ensureGeneratedSettings(api: PluginAPI): Promise<GitHubSettings> {
  return { ...DEFAULTS, ...((await fillGeneratedSettings(api, GENERATED)) as Partial<GitHubSettings>) };
}

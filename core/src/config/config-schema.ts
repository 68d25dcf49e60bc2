// The shape of Parley's configuration: Mattermost's section and setting names, with Parley's
// defaults. The ajv schema is typed against the Config interface, so the two cannot drift apart.
import type { JSONSchemaType } from 'ajv';

export interface ServiceSettings {
  SiteURL: string;
  ListenAddress: string;
  MaximumLoginAttempts: number;
  SessionLengthWebInHours: number;
  SessionLengthMobileInHours: number;
  SessionIdleTimeoutInMinutes: number;
  ExtendSessionLengthWithActivity: boolean;
  EnableUserAccessTokens: boolean;
  EnableBotAccountCreation: boolean;
  DisableBotsWhenOwnerIsDeactivated: boolean;
  AllowCorsFrom: string;
  CorsExposedHeaders: string;
  CorsAllowCredentials: boolean;
  MaximumPayloadSizeBytes: number;
  EnablePostUsernameOverride: boolean;
  EnablePostIconOverride: boolean;
  EnableDeveloper: boolean;
  AllowedUntrustedInternalConnections: string;
  OutgoingIntegrationRequestsTimeout: number;
  WebsocketReplayWindow: number;
  EnableIncomingWebhooks: boolean;
  EnableOutgoingWebhooks: boolean;
  EnableCommands: boolean;
  ExperimentalEnableDefaultChannelLeaveJoinMessages: boolean;
  /** Message drafts are kept on the server and follow the user between devices. */
  AllowSyncedDrafts: boolean;
  /** Users may schedule a message to be posted later. */
  ScheduledPosts: boolean;
  EnableCustomEmoji: boolean;
  /** Collapsed reply threads: disabled, default_off, default_on (users may switch them) or always_on. */
  CollapsedThreads: CollapsedThreadsSetting;
  /** Replying to, or being mentioned in, a thread follows it. */
  ThreadAutoFollow: boolean;
  /** Root posts may carry a priority (important, urgent) and ask their readers for an acknowledgement. */
  PostPriority: boolean;
  /** Urgent posts may ask for persistent notifications (needs PostPriority). */
  AllowPersistentNotifications: boolean;
  /** Guests may ask for persistent notifications too. */
  AllowPersistentNotificationsForGuests: boolean;
  /** Minutes between an urgent post's repeated notifications to the users it mentions (persistent-notifications.ts). */
  PersistentNotificationIntervalMinutes: number;
  /** How many times an urgent post's notification is repeated at most. */
  PersistentNotificationMaxCount: number;
  /** The most users a post with persistent notifications may mention. */
  PersistentNotificationMaxRecipients: number;
  /** Users may turn on multi-factor authentication (TOTP codes) for their accounts. */
  EnableMultifactorAuthentication: boolean;
  /** Users who sign in with a password must turn MFA on before using the server (needs EnableMultifactorAuthentication). */
  EnforceMultifactorAuthentication: boolean;
  /** Team members may invite people by email (guests included), through EmailSettings' SMTP server. */
  EnableEmailInvitations: boolean;
}

export type CollapsedThreadsSetting = 'disabled' | 'default_off' | 'default_on' | 'always_on';

export interface TeamSettings {
  SiteName: string;
  MaxUsersPerTeam: number;
  EnableUserCreation: boolean;
  EnableOpenServer: boolean;
  RestrictCreationToDomains: string;
  MaxChannelsPerTeam: number;
  EnableCustomUserStatuses: boolean;
}

export interface SqlSettings {
  DriverName: string;
  DataSource: string;
  MaxOpenConns: number;
  QueryTimeout: number;
  Trace: boolean;
}

export interface FileSettings {
  DriverName: string;
  Directory: string;
  MaxFileSize: number;
  /** Largest picture (width x height, in pixels) the server decodes for previews. */
  MaxImageResolution: number;
  AmazonS3Bucket: string;
  AmazonS3Endpoint: string;
  AmazonS3Region: string;
  AmazonS3AccessKeyId: string;
  AmazonS3SecretAccessKey: string;
  AmazonS3SSL: boolean;
  AmazonS3PathPrefix: string;
  /** Parley's: address buckets as `endpoint/bucket` (MinIO, s3rver, most self-hosted servers) rather than `bucket.endpoint`. */
  AmazonS3PathStyle: boolean;
  /** Lets users share a file with anyone through a link (GET /files/{id}/link). */
  EnablePublicLink: boolean;
  /** Salts the hashes of public file links; changing it breaks every link given out. Empty: one the server generates and keeps. */
  PublicLinkSalt: string;
}

export interface RateLimitSettings {
  Enable: boolean;
  PerSec: number;
  MaxBurst: number;
  MemoryStoreSize: number;
  VaryByRemoteAddr: boolean;
  VaryByUser: boolean;
  VaryByHeader: string;
}

export interface LogSettings {
  EnableConsole: boolean;
  ConsoleLevel: string;
}

export interface PasswordSettings {
  MinimumLength: number;
  Lowercase: boolean;
  Number: boolean;
  Uppercase: boolean;
  Symbol: boolean;
}

export interface EmailSettings {
  EnableSignUpWithEmail: boolean;
  EnableSignInWithEmail: boolean;
  EnableSignInWithUsername: boolean;
  RequireEmailVerification: boolean;
  /** The From of the mail the server sends (invitations). */
  FeedbackName: string;
  FeedbackEmail: string;
  SMTPServer: string;
  /** A string, as in Mattermost's config.json. */
  SMTPPort: string;
  /** '' (plain), 'TLS' (implicit TLS) or 'STARTTLS'. */
  ConnectionSecurity: string;
  EnableSMTPAuth: boolean;
  SMTPUsername: string;
  SMTPPassword: string;
  SkipServerCertificateVerification: boolean;
}

/** Guest accounts (Mattermost's GuestAccountsSettings): people invited to chosen channels only. */
export interface GuestAccountsSettings {
  Enable: boolean;
  /** Guests may also sign up with email and password (not only through SSO). */
  AllowEmailAccounts: boolean;
  EnforceMultifactorAuthentication: boolean;
  /** Comma-separated domains guest email addresses must belong to; empty: any. */
  RestrictCreationToDomains: string;
  /** The web client shows no GUEST tag beside guests' names. */
  HideTags: boolean;
}

/** Mattermost's SupportSettings: here, the custom terms of service people must accept. */
export interface SupportSettings {
  /** Signed-in people must accept the newest terms of service (POST /terms_of_service) before using the server. */
  CustomTermsOfServiceEnabled: boolean;
  /** Days after which an accepted version must be accepted again. */
  CustomTermsOfServiceReAcceptancePeriod: number;
}

export interface PrivacySettings {
  ShowEmailAddress: boolean;
  ShowFullName: boolean;
}

export interface PluginSettings {
  Enable: boolean;
  EnableUploads: boolean;
  RequirePluginSignature: boolean;
  /** Bundles may be downloaded over plain http (install_from_url, and marketplace links leaving MarketplaceURL's origin). */
  AllowInsecureDownloadURL: boolean;
  EnableHealthCheck: boolean;
  /** Where installed plugins are unpacked; empty means `<data dir>/plugins`. */
  Directory: string;
  /** Heap limit of each plugin's isolate. */
  MemoryLimitMb: number;
  /** Deadline of a notification or command hook call. */
  HookTimeoutMs: number;
  /** Deadline of a blocking hook (messageWillBePosted, ...), which holds up the user's request. */
  BlockingHookTimeoutMs: number;
  /** Parley's: how many keys each plugin may keep in its KV store. */
  KvMaxKeysPerPlugin: number;
  /** Per-plugin settings, validated against each plugin's settings_schema. */
  Plugins: Record<string, Record<string, unknown>>;
  /** Which plugins are enabled. */
  PluginStates: Record<string, { Enable: boolean }>;
  /** Install (and upgrade) the plugins shipped with the server at start-up. */
  AutomaticPrepackagedPlugins: boolean;
  /** Browse and install plugins from a marketplace (GET/POST /api/v4/plugins/marketplace). */
  EnableMarketplace: boolean;
  /** Include the remote marketplace at MarketplaceURL; off: installed and shipped plugins only. */
  EnableRemoteMarketplace: boolean;
  /** Base URL of a marketplace speaking Mattermost's API (e.g. `npm run marketplace`, or your own). */
  MarketplaceURL: string;
  /** Ed25519 public keys (PEM files; relative paths are under the data directory) trusted to sign bundles. */
  SignaturePublicKeyFiles: string[];
  /**
   * Parley's: ids of admin-installed plugins trusted like prepackaged ones, i.e. allowed to serve
   * the core paths their manifest claims (`permissions.core_routes`).
   */
  TrustedPlugins: string[];
}

export interface ClusterSettings {
  /** Several nodes share one PostgreSQL, one Redis and one file store; read at start-up only. */
  Enable: boolean;
  /** Nodes with the same name form one cluster (it names their Redis channel). */
  ClusterName: string;
  /** Parley's: `redis://[user:password@]host:port/db` of the Redis every node of the cluster uses. */
  RedisUrl: string;
}

/**
 * Sign-in through an OpenID Connect provider (Mattermost's SSOSettings, used by OpenIdSettings,
 * GitLabSettings and GoogleSettings). Parley speaks OpenID Connect to every one of them: the
 * provider's endpoints come from its discovery document, AuthEndpoint/TokenEndpoint/UserAPIEndpoint
 * are kept so a Mattermost configuration loads unchanged.
 */
export interface SSOSettings {
  Enable: boolean;
  Secret: string;
  Id: string;
  Scope: string;
  AuthEndpoint: string;
  TokenEndpoint: string;
  UserAPIEndpoint: string;
  /** The provider's discovery document (…/.well-known/openid-configuration). */
  DiscoveryEndpoint: string;
  ButtonText: string;
  ButtonColor: string;
}

/** Office365Settings: Entra ID (Azure AD), without a login button of its own; DirectoryId is the tenant, which names the issuer. */
export type Office365Settings = Omit<SSOSettings, 'ButtonText' | 'ButtonColor'> & { DirectoryId: string };

/**
 * Sign-in through a SAML 2.0 identity provider (Mattermost's SamlSettings). The three *File
 * settings name files kept beside config.json (uploaded through /api/v4/saml/certificate/*);
 * Verify is kept for Mattermost's configurations, but Parley checks the IdP's signature always.
 */
export interface SamlSettings {
  Enable: boolean;
  Verify: boolean;
  /** Assertions may arrive encrypted to the SP certificate (needs PrivateKeyFile and PublicCertificateFile). */
  Encrypt: boolean;
  /** AuthnRequests are signed with the SP private key. */
  SignRequest: boolean;
  IdpURL: string;
  IdpDescriptorURL: string;
  IdpMetadataURL: string;
  ServiceProviderIdentifier: string;
  AssertionConsumerServiceURL: string;
  SignatureAlgorithm: 'RSAwithSHA1' | 'RSAwithSHA256' | 'RSAwithSHA512';
  CanonicalAlgorithm: 'Canonical1.0' | 'Canonical1.1';
  ScopingIDPProviderId: string;
  ScopingIDPName: string;
  IdpCertificateFile: string;
  PublicCertificateFile: string;
  PrivateKeyFile: string;
  IdAttribute: string;
  GuestAttribute: string;
  EnableAdminAttribute: boolean;
  /** `attribute=value`: people whose assertion carries it are system admins. */
  AdminAttribute: string;
  FirstNameAttribute: string;
  LastNameAttribute: string;
  EmailAttribute: string;
  UsernameAttribute: string;
  NicknameAttribute: string;
  LocaleAttribute: string;
  PositionAttribute: string;
  LoginButtonText: string;
  LoginButtonColor: string;
  LoginButtonBorderColor: string;
  LoginButtonTextColor: string;
}

/**
 * Sign-in with directory credentials (Mattermost's LdapSettings): accounts are found in an LDAP or
 * Active Directory server, kept in step with it by a periodic sync, and its groups can be linked
 * to teams and channels.
 */
export interface LdapSettings {
  Enable: boolean;
  EnableSync: boolean;
  LdapServer: string;
  LdapPort: number;
  /** '' (plain), 'TLS' (LDAPS) or 'STARTTLS'. */
  ConnectionSecurity: string;
  BaseDN: string;
  BindUsername: string;
  BindPassword: string;
  MaximumLoginAttempts: number;
  UserFilter: string;
  GroupFilter: string;
  GuestFilter: string;
  EnableAdminFilter: boolean;
  AdminFilter: string;
  GroupDisplayNameAttribute: string;
  GroupIdAttribute: string;
  FirstNameAttribute: string;
  LastNameAttribute: string;
  EmailAttribute: string;
  UsernameAttribute: string;
  NicknameAttribute: string;
  IdAttribute: string;
  PositionAttribute: string;
  LoginIdAttribute: string;
  PictureAttribute: string;
  SyncIntervalMinutes: number;
  ReAddRemovedMembers: boolean;
  SkipCertificateVerification: boolean;
  PublicCertificateFile: string;
  PrivateKeyFile: string;
  /** Seconds. */
  QueryTimeout: number;
  /** 0: no paging. */
  MaxPageSize: number;
  LoginFieldName: string;
  LoginButtonColor: string;
  LoginButtonBorderColor: string;
  LoginButtonTextColor: string;
}

export interface Config {
  ServiceSettings: ServiceSettings;
  TeamSettings: TeamSettings;
  SqlSettings: SqlSettings;
  FileSettings: FileSettings;
  RateLimitSettings: RateLimitSettings;
  LogSettings: LogSettings;
  PasswordSettings: PasswordSettings;
  EmailSettings: EmailSettings;
  PrivacySettings: PrivacySettings;
  SupportSettings: SupportSettings;
  PluginSettings: PluginSettings;
  ClusterSettings: ClusterSettings;
  GitLabSettings: SSOSettings;
  GoogleSettings: SSOSettings;
  Office365Settings: Office365Settings;
  OpenIdSettings: SSOSettings;
  SamlSettings: SamlSettings;
  LdapSettings: LdapSettings;
  GuestAccountsSettings: GuestAccountsSettings;
}

export type SectionName = keyof Config;

/** Settings whose values never leave the server in full: GET /config shows them masked. */
export const SECRET_SETTINGS: ReadonlyArray<readonly [SectionName, string]> = [
  ['SqlSettings', 'DataSource'],
  ['ClusterSettings', 'RedisUrl'],
  ['FileSettings', 'AmazonS3SecretAccessKey'],
  ['FileSettings', 'PublicLinkSalt'],
  ['GitLabSettings', 'Secret'],
  ['GoogleSettings', 'Secret'],
  ['Office365Settings', 'Secret'],
  ['OpenIdSettings', 'Secret'],
  ['LdapSettings', 'BindPassword'],
  ['EmailSettings', 'SMTPPassword'],
];

/** Mattermost's placeholder for a masked secret; sending it back in PUT /config keeps the stored value. */
export const MASKED_SECRET = '********************************';

const str = (def: string, extra: Record<string, unknown> = {}) => ({ type: 'string', default: def, ...extra }) as const;
const bool = (def: boolean) => ({ type: 'boolean', default: def }) as const;
const int = (def: number, minimum = 0, maximum?: number) =>
  ({ type: 'integer', default: def, minimum, ...(maximum === undefined ? {} : { maximum }) }) as const;

function section<T>(properties: Record<keyof T, unknown>) {
  return {
    type: 'object',
    default: {},
    additionalProperties: false,
    properties,
    required: Object.keys(properties),
  } as const;
}

const HTTP_URL_OR_EMPTY = '^(|https?://[^\\s]+)$';

/** Mattermost's SSOSettings defaults for one provider. */
function ssoSection(defaults: { scope: string; authEndpoint: string; tokenEndpoint: string; userApiEndpoint: string; buttonColor: string; discoveryEndpoint?: string }) {
  return section<SSOSettings>({
    Enable: bool(false),
    Secret: str(''),
    Id: str(''),
    Scope: str(defaults.scope),
    AuthEndpoint: str(defaults.authEndpoint, { pattern: HTTP_URL_OR_EMPTY }),
    TokenEndpoint: str(defaults.tokenEndpoint, { pattern: HTTP_URL_OR_EMPTY }),
    UserAPIEndpoint: str(defaults.userApiEndpoint, { pattern: HTTP_URL_OR_EMPTY }),
    DiscoveryEndpoint: str(defaults.discoveryEndpoint ?? '', { pattern: HTTP_URL_OR_EMPTY }),
    ButtonText: str(''),
    ButtonColor: str(defaults.buttonColor),
  });
}

/** A file kept beside config.json: a plain name, never a path (Mattermost's config files). */
const CONFIG_FILE_NAME = '^(|[A-Za-z0-9_][A-Za-z0-9_.-]{0,99})$';

const LISTEN_ADDRESS = '^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.\\-]*):[0-9]{1,5}$';

// section<T>() checks every section's setting names against its interface at compile time; the
// final cast only bridges the helpers' literal types to ajv's schema type.
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ServiceSettings: section<ServiceSettings>({
      SiteURL: str('', { pattern: '^(|https?://[^\\s/]+(/[^\\s]*)?)$' }),
      ListenAddress: str(':8065', { pattern: LISTEN_ADDRESS }),
      MaximumLoginAttempts: int(10, 1),
      SessionLengthWebInHours: int(720, 1),
      SessionLengthMobileInHours: int(720, 1),
      SessionIdleTimeoutInMinutes: int(43200, 0),
      ExtendSessionLengthWithActivity: bool(true),
      EnableUserAccessTokens: bool(true),
      EnableBotAccountCreation: bool(false),
      DisableBotsWhenOwnerIsDeactivated: bool(true),
      AllowCorsFrom: str(''),
      CorsExposedHeaders: str(''),
      CorsAllowCredentials: bool(false),
      MaximumPayloadSizeBytes: int(300000, 1024),
      EnablePostUsernameOverride: bool(false),
      EnablePostIconOverride: bool(false),
      EnableDeveloper: bool(false),
      AllowedUntrustedInternalConnections: str(''),
      OutgoingIntegrationRequestsTimeout: int(30, 1),
      WebsocketReplayWindow: int(128, 0, 10000),
      EnableIncomingWebhooks: bool(true),
      EnableOutgoingWebhooks: bool(true),
      EnableCommands: bool(true),
      ExperimentalEnableDefaultChannelLeaveJoinMessages: bool(true),
      AllowSyncedDrafts: bool(true),
      ScheduledPosts: bool(true),
      EnableCustomEmoji: bool(true),
      CollapsedThreads: str('always_on', { enum: ['disabled', 'default_off', 'default_on', 'always_on'] }),
      ThreadAutoFollow: bool(true),
      PostPriority: bool(true),
      AllowPersistentNotifications: bool(true),
      AllowPersistentNotificationsForGuests: bool(false),
      PersistentNotificationIntervalMinutes: int(5, 1),
      PersistentNotificationMaxCount: int(6, 1),
      PersistentNotificationMaxRecipients: int(5, 1),
      EnableMultifactorAuthentication: bool(false),
      EnforceMultifactorAuthentication: bool(false),
      EnableEmailInvitations: bool(false),
    }),
    TeamSettings: section<TeamSettings>({
      SiteName: str('Parley', { minLength: 1, maxLength: 30 }),
      MaxUsersPerTeam: int(50, 1),
      EnableUserCreation: bool(true),
      EnableOpenServer: bool(false),
      RestrictCreationToDomains: str(''),
      MaxChannelsPerTeam: int(2000, 1),
      EnableCustomUserStatuses: bool(true),
    }),
    SqlSettings: section<SqlSettings>({
      DriverName: str('postgres', { enum: ['postgres'] }),
      DataSource: str('', { pattern: '^(|postgres(ql)?://.+)$' }),
      MaxOpenConns: int(20, 1, 1000),
      QueryTimeout: int(30, 1),
      Trace: bool(false),
    }),
    FileSettings: section<FileSettings>({
      DriverName: str('local', { enum: ['local', 'amazons3'] }),
      Directory: str(''),
      MaxFileSize: int(104857600, 1),
      MaxImageResolution: int(33177600, 1),
      AmazonS3Bucket: str(''),
      AmazonS3Endpoint: str('s3.amazonaws.com'),
      AmazonS3Region: str(''),
      AmazonS3AccessKeyId: str(''),
      AmazonS3SecretAccessKey: str(''),
      AmazonS3SSL: bool(true),
      AmazonS3PathPrefix: str(''),
      AmazonS3PathStyle: bool(false),
      EnablePublicLink: bool(false),
      // Mattermost's rule (model.config.is_valid.file_salt): a salt is at least 32 characters.
      PublicLinkSalt: str('', { pattern: '^(|.{32,})$' }),
    }),
    RateLimitSettings: section<RateLimitSettings>({
      Enable: bool(false),
      PerSec: int(10, 1),
      MaxBurst: int(100, 0),
      MemoryStoreSize: int(10000, 1),
      VaryByRemoteAddr: bool(true),
      VaryByUser: bool(false),
      VaryByHeader: str(''),
    }),
    LogSettings: section<LogSettings>({
      EnableConsole: bool(true),
      ConsoleLevel: str('INFO', { enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'] }),
    }),
    PasswordSettings: section<PasswordSettings>({
      MinimumLength: int(8, 5, 72),
      Lowercase: bool(false),
      Number: bool(false),
      Uppercase: bool(false),
      Symbol: bool(false),
    }),
    EmailSettings: section<EmailSettings>({
      EnableSignUpWithEmail: bool(true),
      EnableSignInWithEmail: bool(true),
      EnableSignInWithUsername: bool(true),
      RequireEmailVerification: bool(false),
      FeedbackName: str(''),
      FeedbackEmail: str('', { pattern: '^(|[^\\s@]+@[^\\s@]+)$' }),
      SMTPServer: str('localhost'),
      SMTPPort: str('10025', { pattern: '^[0-9]{1,5}$' }),
      ConnectionSecurity: str('', { enum: ['', 'TLS', 'STARTTLS'] }),
      EnableSMTPAuth: bool(false),
      SMTPUsername: str(''),
      SMTPPassword: str(''),
      SkipServerCertificateVerification: bool(false),
    }),
    PrivacySettings: section<PrivacySettings>({
      ShowEmailAddress: bool(true),
      ShowFullName: bool(true),
    }),
    SupportSettings: section<SupportSettings>({
      CustomTermsOfServiceEnabled: bool(false),
      CustomTermsOfServiceReAcceptancePeriod: int(365, 1),
    }),
    PluginSettings: section<PluginSettings>({
      Enable: bool(true),
      EnableUploads: bool(false),
      RequirePluginSignature: bool(false),
      AllowInsecureDownloadURL: bool(false),
      EnableHealthCheck: bool(true),
      Directory: str(''),
      MemoryLimitMb: int(128, 8, 4096),
      HookTimeoutMs: int(30000, 10, 600000),
      BlockingHookTimeoutMs: int(1000, 10, 60000),
      KvMaxKeysPerPlugin: int(10000, 1, 10_000_000),
      Plugins: { type: 'object', default: {}, additionalProperties: { type: 'object' } },
      PluginStates: {
        type: 'object',
        default: {},
        additionalProperties: { type: 'object', required: ['Enable'], properties: { Enable: { type: 'boolean' } } },
      },
      AutomaticPrepackagedPlugins: bool(true),
      EnableMarketplace: bool(true),
      EnableRemoteMarketplace: bool(true),
      MarketplaceURL: str('', { pattern: '^(|https?://[^\\s]+)$' }),
      SignaturePublicKeyFiles: { type: 'array', default: [], uniqueItems: true, items: { type: 'string', minLength: 1 } },
      TrustedPlugins: { type: 'array', default: [], uniqueItems: true, items: { type: 'string', pattern: '^[a-zA-Z0-9-_.]{3,190}$' } },
    }),
    ClusterSettings: {
      ...section<ClusterSettings>({
        Enable: bool(false),
        ClusterName: str('', { pattern: '^[A-Za-z0-9_.-]{0,64}$' }),
        RedisUrl: str('', { pattern: '^(|rediss?://.+)$' }),
      }),
      // A cluster without its Redis would split into nodes that never see each other's events.
      if: { properties: { Enable: { const: true } } },
      then: { properties: { RedisUrl: { minLength: 1 } } },
    },
    GitLabSettings: ssoSection({ scope: '', authEndpoint: '', tokenEndpoint: '', userApiEndpoint: '', buttonColor: '' }),
    GoogleSettings: ssoSection({
      scope: 'profile email',
      authEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenEndpoint: 'https://www.googleapis.com/oauth2/v4/token',
      userApiEndpoint: 'https://people.googleapis.com/v1/people/me?personFields=names,emailAddresses,nicknames,metadata',
      buttonColor: '',
    }),
    Office365Settings: section<Office365Settings>({
      Enable: bool(false),
      Secret: str(''),
      Id: str(''),
      Scope: str('User.Read'),
      AuthEndpoint: str('https://login.microsoftonline.com/common/oauth2/v2.0/authorize', { pattern: HTTP_URL_OR_EMPTY }),
      TokenEndpoint: str('https://login.microsoftonline.com/common/oauth2/v2.0/token', { pattern: HTTP_URL_OR_EMPTY }),
      UserAPIEndpoint: str('https://graph.microsoft.com/v1.0/me', { pattern: HTTP_URL_OR_EMPTY }),
      DiscoveryEndpoint: str('', { pattern: HTTP_URL_OR_EMPTY }),
      DirectoryId: str('', { pattern: '^[A-Za-z0-9.-]{0,64}$' }),
    }),
    OpenIdSettings: ssoSection({ scope: 'profile openid email', authEndpoint: '', tokenEndpoint: '', userApiEndpoint: '', buttonColor: '#145DBF' }),
    SamlSettings: section<SamlSettings>({
      Enable: bool(false),
      Verify: bool(true),
      Encrypt: bool(true),
      SignRequest: bool(false),
      IdpURL: str('', { pattern: HTTP_URL_OR_EMPTY }),
      IdpDescriptorURL: str(''),
      IdpMetadataURL: str('', { pattern: HTTP_URL_OR_EMPTY }),
      ServiceProviderIdentifier: str(''),
      AssertionConsumerServiceURL: str('', { pattern: HTTP_URL_OR_EMPTY }),
      SignatureAlgorithm: str('RSAwithSHA1', { enum: ['RSAwithSHA1', 'RSAwithSHA256', 'RSAwithSHA512'] }),
      CanonicalAlgorithm: str('Canonical1.0', { enum: ['Canonical1.0', 'Canonical1.1'] }),
      ScopingIDPProviderId: str(''),
      ScopingIDPName: str(''),
      IdpCertificateFile: str('', { pattern: CONFIG_FILE_NAME }),
      PublicCertificateFile: str('', { pattern: CONFIG_FILE_NAME }),
      PrivateKeyFile: str('', { pattern: CONFIG_FILE_NAME }),
      IdAttribute: str(''),
      GuestAttribute: str(''),
      EnableAdminAttribute: bool(false),
      AdminAttribute: str(''),
      FirstNameAttribute: str(''),
      LastNameAttribute: str(''),
      EmailAttribute: str(''),
      UsernameAttribute: str(''),
      NicknameAttribute: str(''),
      LocaleAttribute: str(''),
      PositionAttribute: str(''),
      LoginButtonText: str('SAML'),
      LoginButtonColor: str('#34a28b'),
      LoginButtonBorderColor: str('#2389D7'),
      LoginButtonTextColor: str('#ffffff'),
    }),
    LdapSettings: section<LdapSettings>({
      Enable: bool(false),
      EnableSync: bool(false),
      LdapServer: str(''),
      LdapPort: int(389, 1, 65535),
      ConnectionSecurity: { type: 'string', default: '', enum: ['', 'TLS', 'STARTTLS'] },
      BaseDN: str(''),
      BindUsername: str(''),
      BindPassword: str(''),
      MaximumLoginAttempts: int(10, 1),
      UserFilter: str(''),
      GroupFilter: str(''),
      GuestFilter: str(''),
      EnableAdminFilter: bool(false),
      AdminFilter: str(''),
      GroupDisplayNameAttribute: str(''),
      GroupIdAttribute: str(''),
      FirstNameAttribute: str(''),
      LastNameAttribute: str(''),
      EmailAttribute: str(''),
      UsernameAttribute: str(''),
      NicknameAttribute: str(''),
      IdAttribute: str(''),
      PositionAttribute: str(''),
      LoginIdAttribute: str(''),
      PictureAttribute: str(''),
      SyncIntervalMinutes: int(60, 1),
      ReAddRemovedMembers: bool(false),
      SkipCertificateVerification: bool(false),
      PublicCertificateFile: str(''),
      PrivateKeyFile: str(''),
      QueryTimeout: int(60, 1),
      MaxPageSize: int(0),
      LoginFieldName: str(''),
      LoginButtonColor: str('#2389d7'),
      LoginButtonBorderColor: str('#2389D7'),
      LoginButtonTextColor: str('#2389D7'),
    }),
    GuestAccountsSettings: section<GuestAccountsSettings>({
      Enable: bool(false),
      AllowEmailAccounts: bool(true),
      EnforceMultifactorAuthentication: bool(false),
      RestrictCreationToDomains: str(''),
      HideTags: bool(false),
    }),
  },
  required: [
    'ServiceSettings',
    'TeamSettings',
    'SqlSettings',
    'FileSettings',
    'RateLimitSettings',
    'LogSettings',
    'PasswordSettings',
    'EmailSettings',
    'PrivacySettings',
    'SupportSettings',
    'PluginSettings',
    'ClusterSettings',
    'GitLabSettings',
    'GoogleSettings',
    'Office365Settings',
    'OpenIdSettings',
    'SamlSettings',
    'LdapSettings',
    'GuestAccountsSettings',
  ],
} as unknown as JSONSchemaType<Config>;

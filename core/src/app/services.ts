// Builds the application services from plain dependencies. Each service gets only what it uses.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { AppEvents } from './app-events.ts';
import type { PeerChannel } from '../cluster/peer-channel.ts';
import type { PluginHooks } from './plugin-hooks.ts';
import { PermissionService } from './permission-service.ts';
import { SessionService } from './session-service.ts';
import { UserService } from './user-service.ts';
import { UserDirectory } from './user-directory.ts';
import { RoleService } from './role-service.ts';
import { MembershipService } from './membership-service.ts';
import { ConfigAdmin } from './config-admin.ts';
import { HealthService } from './health-service.ts';
import { PreferenceService } from './preference-service.ts';
import { StatusService } from './status-service.ts';
import { ChannelService } from './channel-service.ts';
import { TeamService } from './team-service.ts';
import { PostService } from './post-service.ts';
import { ReactionService } from './reaction-service.ts';
import { BotService } from './bot-service.ts';
import { FileService } from './file-service.ts';
import { SearchService } from './search/search-service.ts';
import { SystemMessages } from './system-messages.ts';
import { IntegrationSecrets } from './integration-secrets.ts';
import { SidebarCategoryService } from './sidebar-category-service.ts';
import { ChannelListService } from './channel-list-service.ts';
import { DraftService } from './draft-service.ts';
import { CustomEmojiService } from './custom-emoji-service.ts';
import { PictureService } from './picture-service.ts';
import { CustomStatusService } from './custom-status-service.ts';
import { ThreadService } from './thread-service.ts';
import { ChannelUnreadService } from './channel-unread-service.ts';
import { SsoSignIn } from './sso-sign-in.ts';
import { MfaService } from './mfa-service.ts';
import { SamlSignIn } from './saml-sign-in.ts';
import { SamlAdmin, type FetchDocument } from './saml-admin.ts';
import { ConfigFiles } from '../config/config-files.ts';
import { LdapSignIn } from './ldap-sign-in.ts';
import { LdapSync } from './ldap-sync.ts';
import { LdapGroups } from './ldap-groups.ts';
import { GuestAccounts } from './guest-accounts.ts';
import { GuestInvitations } from './guest-invitations.ts';
import { PasswordReset } from './password-reset.ts';
import type { SendMail } from './mail-sender.ts';
import { SignInSwitch } from './sign-in-switch.ts';

export interface AppDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  /** The other nodes of a cluster (none on a single node). */
  peers: PeerChannel;
  hooks: PluginHooks;
  /** Root of what the server keeps locally (MM_DATA_DIR). */
  dataDir: string;
  /** Outbound reads of documents admins point the server at (an IdP's SAML metadata), under the egress policy. */
  fetchDocument: FetchDocument;
  /** Email out of the server (invitations), through EmailSettings' SMTP server. */
  sendMail: SendMail;
}

export interface Services {
  permissions: PermissionService;
  sessions: SessionService;
  users: UserService;
  directory: UserDirectory;
  roles: RoleService;
  memberships: MembershipService;
  configAdmin: ConfigAdmin;
  health: HealthService;
  preferences: PreferenceService;
  statuses: StatusService;
  channels: ChannelService;
  teams: TeamService;
  posts: PostService;
  reactions: ReactionService;
  bots: BotService;
  files: FileService;
  search: SearchService;
  integrationSecrets: IntegrationSecrets;
  sidebar: SidebarCategoryService;
  channelLists: ChannelListService;
  drafts: DraftService;
  emoji: CustomEmojiService;
  pictures: PictureService;
  customStatuses: CustomStatusService;
  threads: ThreadService;
  channelUnreads: ChannelUnreadService;
  ssoSignIn: SsoSignIn;
  mfa: MfaService;
  samlSignIn: SamlSignIn;
  samlAdmin: SamlAdmin;
  ldapSync: LdapSync;
  ldapGroups: LdapGroups;
  guests: GuestAccounts;
  guestInvitations: GuestInvitations;
  signInSwitch: SignInSwitch;
  passwordReset: PasswordReset;
}

export function createServices(deps: AppDeps): Services {
  const permissions = new PermissionService(deps);
  const sessions = new SessionService({ store: deps.store, config: deps.config, peers: deps.peers, permissions });
  const mfa = new MfaService({ ...deps, sessions, permissions });
  const users = new UserService({ ...deps, sessions, permissions, mfa });
  const directory = new UserDirectory({ store: deps.store, config: deps.config, permissions });
  const roles = new RoleService({ permissions });
  const memberships = new MembershipService(deps.store);
  const configAdmin = new ConfigAdmin({ config: deps.config, permissions });
  const sidebar = new SidebarCategoryService({ ...deps, permissions });
  const channelLists = new ChannelListService({ store: deps.store, permissions, config: deps.config });
  const preferences = new PreferenceService({ ...deps, permissions, sidebar });
  const statuses = new StatusService({ ...deps, permissions });
  const posts = new PostService({ ...deps, permissions });
  const systemMessages = new SystemMessages({ ...deps, posts });
  const channels = new ChannelService({ ...deps, permissions, systemMessages });
  const teams = new TeamService({ ...deps, permissions, channels, systemMessages });
  const reactions = new ReactionService({ ...deps, permissions, posts });
  const bots = new BotService({ ...deps, permissions, users });
  const files = new FileService({ ...deps, permissions, posts });
  const search = new SearchService({ store: deps.store, permissions, posts });
  const fileStore = () => files.fileStore();
  const health = new HealthService({ store: deps.store, fileStore });
  users.onDeactivated((userId) => bots.ownerDeactivated(userId));
  const integrationSecrets = new IntegrationSecrets(deps.store.systems);
  const drafts = new DraftService({ ...deps, permissions });
  const emoji = new CustomEmojiService({ ...deps, permissions, fileStore });
  const pictures = new PictureService({ ...deps, permissions, fileStore, users, teams });
  const customStatuses = new CustomStatusService({ ...deps, permissions, users, preferences });
  const threads = new ThreadService({ ...deps, permissions, posts });
  const channelUnreads = new ChannelUnreadService({ ...deps, permissions, posts });
  const ssoSignIn = new SsoSignIn({ ...deps, users, sessions });
  const configFiles = new ConfigFiles(deps.config);
  const samlSignIn = new SamlSignIn({ ...deps, configFiles, users, sessions });
  const samlAdmin = new SamlAdmin({ config: deps.config, configFiles, permissions, fetchDocument: deps.fetchDocument });
  const ldapSignIn = new LdapSignIn({ ...deps, users, sessions, mfa });
  users.useDirectorySignIn(ldapSignIn);
  const ldapSync = new LdapSync({ ...deps, users, sessions, permissions });
  const ldapGroups = new LdapGroups({ ...deps, permissions, teams, channels, ldapSync });
  const guests = new GuestAccounts({ ...deps, permissions, sessions, users, channels });
  const guestInvitations = new GuestInvitations({ ...deps, permissions, users, teams, channels });
  const signInSwitch = new SignInSwitch({ ...deps, users, sessions, ldap: ldapSignIn, ssoSignIn, samlSignIn });
  const passwordReset = new PasswordReset({ ...deps, sessions });
  return { guests, guestInvitations, permissions, sessions, users, directory, roles, memberships, configAdmin, health, preferences, statuses, channels, teams, posts, reactions, bots, files, search, integrationSecrets, sidebar, channelLists, drafts, emoji, pictures, customStatuses, threads, channelUnreads, ssoSignIn, mfa, samlSignIn, samlAdmin, ldapSync, ldapGroups, signInSwitch, passwordReset };
}

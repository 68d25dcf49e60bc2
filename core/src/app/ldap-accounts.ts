// Parley accounts of directory users (auth_service 'ldap', auth_data = the entry's IdAttribute):
// made from an entry on first sign-in, and brought in line with it at each sign-in and sync, as
// Mattermost's UpdateLdapUser does: names, nickname, position, email and username follow the
// directory (unless another account has the email or username), with EnableAdminFilter the
// AdminFilter decides who is a system admin, and with guest accounts on the GuestFilter who is a guest.
import type { LdapSettings } from '../config/config-schema.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { UserService } from './user-service.ts';
import type { SessionService } from './session-service.ts';
import { SYSTEM_ADMIN, parseRoles } from './roles.ts';
import { followProviderGuestRole } from './provider-guest-role.ts';
import { attributeOf, type DirectoryEntry } from './ldap-connection.ts';

export const LDAP_SERVICE = 'ldap';

/** What a directory entry says about its person, by the attribute names of LdapSettings. */
export interface LdapProfile {
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  nickname: string;
  position: string;
}

/** The attributes to ask the directory for. */
export function profileAttributes(settings: Readonly<LdapSettings>): string[] {
  return [
    settings.IdAttribute,
    settings.LoginIdAttribute,
    settings.UsernameAttribute,
    settings.EmailAttribute,
    settings.FirstNameAttribute,
    settings.LastNameAttribute,
    settings.NicknameAttribute,
    settings.PositionAttribute,
  ];
}

/** Mattermost's limits on profile text (model.User.IsValid): longer directory values are cut, not refused. */
const TEXT_LIMITS = { firstName: 64, lastName: 64, nickname: 64, position: 128 } as const;

export function ldapProfile(settings: Readonly<LdapSettings>, entry: DirectoryEntry): LdapProfile {
  const text = (attribute: string, field: keyof typeof TEXT_LIMITS) => [...attributeOf(entry, attribute)].slice(0, TEXT_LIMITS[field]).join('');
  return {
    id: attributeOf(entry, settings.IdAttribute),
    username: attributeOf(entry, settings.UsernameAttribute).toLowerCase(),
    email: attributeOf(entry, settings.EmailAttribute).toLowerCase(),
    firstName: text(settings.FirstNameAttribute, 'firstName'),
    lastName: text(settings.LastNameAttribute, 'lastName'),
    nickname: text(settings.NicknameAttribute, 'nickname'),
    position: text(settings.PositionAttribute, 'position'),
  };
}

/**
 * What the directory's filters say of a person; undefined while a filter is off (the role is then
 * left alone). A guest is never made an admin.
 */
export interface DirectoryRoles {
  isAdmin: boolean | undefined;
  isGuest: boolean | undefined;
}

export interface LdapAccountsDeps {
  store: Store;
  users: UserService;
  sessions: SessionService;
}

export class LdapAccounts {
  #deps: LdapAccountsDeps;

  constructor(deps: LdapAccountsDeps) {
    this.#deps = deps;
  }

  /** The account of a directory person: found by IdAttribute, or made on first sign-in; never someone else's by email. */
  async findOrCreate(profile: LdapProfile, roles: DirectoryRoles, ctx: HookContext): Promise<User> {
    const users = this.#deps.store.users;
    const existing = await users.findByAuth(LDAP_SERVICE, profile.id);
    if (existing) return this.refresh(existing, profile, roles);
    const byEmail = profile.email === '' ? null : await users.findByEmail(profile.email);
    if (byEmail) {
      throw new AppError('ent.ldap.create_fail.email_exists.app_error', 400, `An account with the email address ${profile.email} already exists and does not sign in with AD/LDAP. Ask an administrator to switch it, or sign in as you did before.`, {
        details: `existing_auth=${byEmail.authService || 'email'}`,
      });
    }
    let user: User;
    try {
      user = await this.#deps.users.signUpExternal(
        { authService: LDAP_SERVICE, authData: profile.id, username: profile.username, email: profile.email, firstName: profile.firstName, lastName: profile.lastName, nickname: profile.nickname, position: profile.position, asGuest: roles.isGuest === true },
        ctx,
      );
    } catch (err) {
      // The same person signing in twice at once: the other sign-in made the account.
      const made = await users.findByAuth(LDAP_SERVICE, profile.id);
      if (!made) throw err;
      user = made;
    }
    return this.#applyRoles(user, roles);
  }

  /** Brings `user` in line with the directory: profile, then roles. */
  async refresh(user: User, profile: LdapProfile, roles: DirectoryRoles): Promise<User> {
    const users = this.#deps.store.users;
    const changes: Partial<User> = {};
    for (const field of ['firstName', 'lastName', 'nickname', 'position'] as const) {
      if (profile[field] !== user[field]) changes[field] = profile[field];
    }
    if (profile.email !== '' && profile.email !== user.email && !(await users.findByEmail(profile.email))) changes.email = profile.email;
    if (profile.username !== '' && profile.username !== user.username && !(await users.findByUsername(profile.username))) changes.username = profile.username;
    let current = user;
    if (Object.keys(changes).length > 0) {
      current = (await users.update(user.id, { ...changes, updateAt: Date.now() })) ?? user;
      this.#deps.users.publishUpdated(current);
    }
    return this.#applyRoles(current, roles);
  }

  async #applyRoles(user: User, roles: DirectoryRoles): Promise<User> {
    const current = roles.isGuest === undefined ? user : await followProviderGuestRole(this.#deps, user, roles.isGuest);
    return roles.isAdmin === undefined || roles.isGuest ? current : this.#applyAdmin(current, roles.isAdmin);
  }

  async #applyAdmin(user: User, isAdmin: boolean): Promise<User> {
    const roles = parseRoles(user.roles);
    if (roles.includes(SYSTEM_ADMIN) === isAdmin) return user;
    const next = isAdmin ? [...roles, SYSTEM_ADMIN] : roles.filter((r) => r !== SYSTEM_ADMIN);
    const updated = (await this.#deps.store.users.update(user.id, { roles: next.join(' '), updateAt: Date.now() })) ?? user;
    await this.#deps.sessions.updateRoles(user.id, updated.roles);
    return updated;
  }
}

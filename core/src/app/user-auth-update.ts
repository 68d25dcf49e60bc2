// PUT /users/{id}/auth (Mattermost's UpdateUserAuth): a system admin points an account at a sign-in
// provider — its auth_service and its subject there (auth_data) — as when moving people to AD/LDAP
// or SAML by hand. The account's password is cleared (Mattermost's rule: from now on the provider
// signs it in), so are its failed attempts; its sessions and MFA stay. Both fields are required:
// back to email and password is the owner's switch (POST /users/login/switch), not this.
import type { Store } from '../store/store.ts';
import { AppError } from '../errors/app-error.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import { isSsoService, SAML_SERVICE } from './sso-services.ts';
import type { UserService } from './user-service.ts';

export interface UserAuthUpdateDeps {
  store: Store;
  permissions: PermissionService;
  users: UserService;
}

/** Mattermost's model.UserAuth without its password (never sent back). */
export interface UserAuth {
  authService: string;
  authData: string;
}

/** Longest auth_data the users table keeps (Mattermost's limit too). */
const AUTH_DATA_MAX = 128;

export class UserAuthUpdate {
  #deps: UserAuthUpdateDeps;

  constructor(deps: UserAuthUpdateDeps) {
    this.#deps = deps;
  }

  async update(actor: Actor, userId: string, auth: UserAuth): Promise<UserAuth> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    if (auth.authService === '' || auth.authData === '') {
      throw new AppError('api.user.update_user_auth.invalid_request', 400, 'Give both auth_service and auth_data: the provider the account signs in with and its identifier there.');
    }
    if (auth.authService !== 'ldap' && auth.authService !== SAML_SERVICE && !isSsoService(auth.authService)) {
      throw AppError.badRequest('api.user.update_user_auth.invalid_request', 'auth_service must be one of ldap, saml, gitlab, google, office365 or openid.', `auth_service=${auth.authService}`);
    }
    if (auth.authData.length > AUTH_DATA_MAX) throw AppError.invalidParam('auth_data', `must be at most ${AUTH_DATA_MAX} characters`);
    const user = await this.#deps.users.get(userId);
    if (user.isBot) throw AppError.badRequest('api.user.update_user_auth.bot.app_error', 'Bot accounts sign in with access tokens, not through a provider.');
    const now = Date.now();
    let updated;
    try {
      updated = await this.#deps.store.users.update(userId, { ...auth, passwordHash: '', lastPasswordUpdate: now, failedAttempts: 0, updateAt: now });
    } catch (err) {
      if (err instanceof UniqueViolation) {
        throw new AppError('app.user.update_auth_data.taken.app_error', 400, `Another account already signs in with that ${auth.authService} identifier.`, { details: `auth_service=${auth.authService}` });
      }
      throw err;
    }
    if (!updated) throw AppError.notFound('user', userId);
    this.#deps.users.publishUpdated(updated);
    return auth;
  }
}

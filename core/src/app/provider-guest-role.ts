// Whether a provider-managed account is a guest follows the provider (SAML's GuestAttribute,
// LDAP's GuestFilter), as Mattermost's SAML and LDAP sync do: a person it marks as a guest is
// demoted (system_guest, losing system_admin; team_guest and channel_guest wherever they are), and
// a guest it no longer marks is promoted back to a member. Live sessions take the roles at once.
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { SessionService } from './session-service.ts';
import type { UserService } from './user-service.ts';
import { SYSTEM_ADMIN, SYSTEM_GUEST, SYSTEM_USER, isGuestRoles, parseRoles } from './roles.ts';

export interface ProviderGuestRoleDeps {
  store: Store;
  users: UserService;
  sessions: SessionService;
}

/** Makes `user` a guest (`guest` true) or a member (false); a no-op when it already is one. */
export async function followProviderGuestRole(deps: ProviderGuestRoleDeps, user: User, guest: boolean): Promise<User> {
  const roles = parseRoles(user.roles);
  if (isGuestRoles(roles) === guest) return user;
  const next = guest
    ? roles.flatMap((r) => (r === SYSTEM_USER ? [SYSTEM_GUEST] : r === SYSTEM_ADMIN ? [] : [r]))
    : roles.map((r) => (r === SYSTEM_GUEST ? SYSTEM_USER : r));
  if (guest && !next.includes(SYSTEM_GUEST)) next.unshift(SYSTEM_GUEST);
  await deps.store.transaction((tx) => tx.guests.setGuest(user.id, next.join(' '), guest, Date.now()));
  const updated = (await deps.store.users.findById(user.id)) ?? user;
  await deps.sessions.updateRoles(user.id, updated.roles);
  deps.users.publishUpdated(updated);
  return updated;
}

/** Mattermost's refusal of someone the provider marks as a guest while GuestAccountsSettings.Enable is off. */
export function guestAccountsDisabled(provider: string): AppError {
  return new AppError('api.user.login.guest_accounts.disabled.error', 401, `${provider} marks you as a guest, and guest accounts are not enabled on this server. Ask an administrator.`);
}

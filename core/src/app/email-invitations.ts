// What every invitation by email shares — a member's to a team, a guest's to some of its channels:
// the addresses (checked, lower-cased, each once), a one-use token per address kept 48 hours
// (Mattermost's InvitationExpiryTime), the mail with its sign-up link, and the outcome per address
// that a graceful invitation answers with.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { InvitationToken } from '../store/invitation-token-repository.ts';
import type { User } from '../store/entities/user.ts';
import type { Team } from '../store/entities/team.ts';
import type { ConfigService } from '../config/config-service.ts';
import type { Actor } from './actor.ts';
import { isValidId } from './ids.ts';
import type { PermissionService } from './permission-service.ts';
import type { OutgoingMail, SendMail } from './mail-sender.ts';
import { AppError } from '../errors/app-error.ts';
import { isValidEmail } from './user-service.ts';

export const INVITATION_EXPIRY_MS = 48 * 3_600_000;
/** Mattermost's token types: a member's invitation to a team, a guest's to some of its channels. */
export const TEAM_INVITATION = 'team_invitation';
export const GUEST_INVITATION = 'guest_invitation';
/** Most addresses one request may invite (Mattermost's web app sends at most 20 at once). */
const MAX_EMAILS = 50;

/** One address of a graceful invitation and why it was not invited (null: invited). */
export interface InviteOutcome {
  email: string;
  error: AppError | null;
}

export interface InvitationMailDeps {
  store: Store;
  logger: Logger;
  sendMail: SendMail;
}

/** The addresses to invite, lower-cased and each named once; `model` prefixes the error ids (`model.guest`, `model.team`). */
export function invitedEmails(emails: readonly string[], model: string): string[] {
  if (emails.length === 0) throw AppError.badRequest(`${model}.is_valid.emails.app_error`, 'Name at least one email address to invite.');
  if (emails.length > MAX_EMAILS) throw AppError.badRequest(`${model}.is_valid.emails.app_error`, `Invite at most ${MAX_EMAILS} addresses at once.`);
  const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  const bad = unique.find((e) => !isValidEmail(e));
  if (bad !== undefined) throw AppError.badRequest(`${model}.is_valid.email.app_error`, `"${bad}" is not a valid email address.`, `email=${bad}`);
  return unique;
}

/**
 * Makes a token of `type` for each outcome still without an error and mails it. An address whose mail
 * the server would not take gets that error in its outcome — and, unless `graceful`, fails the request
 * with it, so that a strict invitation never answers OK for a mail that was not sent.
 */
export async function mailInvitations(
  deps: InvitationMailDeps,
  outcomes: InviteOutcome[],
  graceful: boolean,
  type: string,
  extra: (email: string) => Record<string, string>,
  mail: (token: InvitationToken) => OutgoingMail,
): Promise<void> {
  const now = Date.now();
  const invited = outcomes.filter((o) => o.error === null);
  const tokens = invited.map((o): InvitationToken => ({ token: randomBytes(32).toString('hex'), type, extra: { ...extra(o.email), email: o.email }, createAt: now }));
  if (tokens.length > 0) await deps.store.invitationTokens.insert(tokens, now - INVITATION_EXPIRY_MS);
  for (const [i, token] of tokens.entries()) {
    try {
      await deps.sendMail(mail(token));
    } catch (err) {
      deps.logger.warn('could not send an invitation', { type, error: String(err) });
      invited[i]!.error = new AppError('api.team.invite_members.unable_to_send_email.app_error', 500, 'The invitation email could not be sent: check the SMTP settings (EmailSettings).');
    }
  }
  const unsent = graceful ? undefined : invited.find((o) => o.error !== null);
  if (unsent) throw unsent.error;
}

/** Invitations by email need ServiceSettings.EnableEmailInvitations (501 otherwise, as Mattermost). */
export function requireEmailInvitations(config: ConfigService): void {
  if (!config.get().ServiceSettings.EnableEmailInvitations) {
    throw AppError.notImplemented('api.team.invite_members.disabled.app_error', 'Email invitations are disabled on this server (ServiceSettings.EnableEmailInvitations).');
  }
}

/** The live team invited to, or 404. */
export async function invitingTeam(store: Store, teamId: string): Promise<Team> {
  const team = await store.teams.findById(teamId);
  if (!team || team.deleteAt > 0) throw AppError.notFound('team', teamId);
  return team;
}

/**
 * The display names of the channels invited to, each named once: live channels of the team that the
 * inviter can read; any other refuses the request with `refusal` (the guests' or the members' error).
 */
export async function invitedChannelNames(permissions: PermissionService, actor: Actor, teamId: string, channelIds: readonly string[], refusal: (channelId: string) => AppError): Promise<string[]> {
  const names: string[] = [];
  for (const channelId of channelIds) {
    const access = isValidId(channelId) ? await permissions.channelAccess(actor, channelId) : null;
    if (!access || access.channel.teamId !== teamId || access.channel.deleteAt > 0) throw refusal(channelId);
    await permissions.requireReadChannel(actor, access);
    names.push(access.channel.displayName);
  }
  return names;
}

/** Takes an invitation's token out (it is used once): refused when unknown, of another type, or older than 48 hours. */
export async function takeInvitation(store: Store, value: string, types: readonly string[]): Promise<InvitationToken> {
  const token = await store.invitationTokens.take(value);
  if (!token || !types.includes(token.type)) {
    throw AppError.badRequest('api.user.create_user.signup_link_invalid.app_error', 'The signup link does not appear to be valid.');
  }
  if (Date.now() - token.createAt >= INVITATION_EXPIRY_MS) {
    throw AppError.badRequest('api.user.create_user.signup_link_expired.app_error', 'The signup link has expired: ask for a new invitation.');
  }
  return token;
}

/** The sign-up link of an invitation mail: Mattermost's signup_user_complete page with the token. */
export function signUpLink(siteUrl: string, token: InvitationToken, data: Record<string, string>): string {
  return `${siteUrl}/signup_user_complete/?d=${encodeURIComponent(JSON.stringify(data))}&t=${token.token}`;
}

/** How the inviter is named in the mail: their full name, else their username. */
export function inviterName(user: Pick<User, 'firstName' | 'lastName' | 'username'>): string {
  return [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

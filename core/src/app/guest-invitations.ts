// Inviting guests by email (POST /teams/{id}/invite-guests/email) and signing up through such an
// invitation (POST /users?t=token), as Mattermost's InviteGuestsToChannels and CreateUserWithToken:
// each address gets a link whose token grants one account, a guest's, in the team and in exactly the
// channels named — no default channel, nothing else — for 48 hours.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import type { InvitationToken } from '../store/invitation-token-repository.ts';
import { AppError } from '../errors/app-error.ts';
import { systemActor, type Actor } from './actor.ts';
import type { ChannelService } from './channel-service.ts';
import { isValidId } from './ids.ts';
import type { SendMail } from './mail-sender.ts';
import type { PermissionService } from './permission-service.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { TeamService } from './team-service.ts';
import { emailDomainAllowed, type SignUpInput, type UserService } from './user-service.ts';
import {
  escapeHtml,
  GUEST_INVITATION,
  invitedChannelNames,
  invitedEmails,
  inviterName,
  invitingTeam,
  mailInvitations,
  requireEmailInvitations,
  signUpLink,
  TEAM_INVITATION,
  type InviteOutcome,
} from './email-invitations.ts';

/** The body of POST /teams/{id}/invite-guests/email (Mattermost's GuestsInvite). */
export interface GuestsInviteInput {
  emails: string[];
  channels: string[];
  message: string;
}

export interface GuestInvitationDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  permissions: PermissionService;
  sendMail: SendMail;
  users: UserService;
  teams: TeamService;
  channels: ChannelService;
}

export class GuestInvitations {
  #deps: GuestInvitationDeps;

  constructor(deps: GuestInvitationDeps) {
    this.#deps = deps;
  }

  /**
   * Sends the invitations (invite_guest in the team; the inviter must be able to read each channel).
   * Strict (`graceful` false): any address outside GuestAccountsSettings.RestrictCreationToDomains
   * refuses the whole request and nothing is sent. Graceful: each address gets its own outcome,
   * a refused domain or a mail server that would not take the message included.
   */
  async invite(actor: Actor, teamId: string, input: GuestsInviteInput, graceful: boolean): Promise<InviteOutcome[]> {
    const { config, permissions, store } = this.#deps;
    if (!config.get().GuestAccountsSettings.Enable) {
      throw AppError.notImplemented('api.team.invite_guests_to_channels.disabled.error', 'Guest accounts are disabled on this server (GuestAccountsSettings.Enable).');
    }
    await permissions.requireTeam(actor, teamId, 'invite_guest');
    const emails = validInvite(input);
    requireEmailInvitations(config);
    const team = await invitingTeam(store, teamId);
    const sender = await this.#deps.users.get(actor.userId);
    const channelIds = [...new Set(input.channels)];
    const channelNames = await invitedChannelNames(permissions, actor, teamId, channelIds, (channelId) =>
      AppError.badRequest('api.team.invite_guests.channel_in_invalid_team.app_error', 'Guests can be invited only to channels of this team that are not archived.', `channel_id=${channelId}`),
    );
    const domains = config.get().GuestAccountsSettings.RestrictCreationToDomains;
    const refused = emails.filter((email) => !emailDomainAllowed(email, domains));
    if (refused.length > 0 && !graceful) throw invalidEmails(refused);
    const outcomes: InviteOutcome[] = emails.map((email) => ({ email, error: refused.includes(email) ? invalidEmails([email]) : null }));
    const letter = { sender: inviterName(sender), teamName: team.displayName, channelNames, message: input.message };
    await mailInvitations(
      this.#deps,
      outcomes,
      graceful,
      GUEST_INVITATION,
      () => ({ teamId, channels: channelIds.join(' '), guest: 'true', senderId: sender.id }),
      (token) => invitationMail(this.#siteUrl(), token, letter),
    );
    return outcomes;
  }

  /**
   * DELETE /teams/invites/email: every invitation sent by email and not yet used — a guest's or a
   * member's — stops working (invalidate_email_invite). Links by invite id are the team's and stay
   * (POST /teams/{id}/regenerate_invite_id replaces one).
   */
  async invalidateAll(actor: Actor): Promise<number> {
    this.#deps.permissions.requireSystem(actor, 'invalidate_email_invite');
    const removed = await this.#deps.store.invitationTokens.removeByType([GUEST_INVITATION, TEAM_INVITATION]);
    this.#deps.logger.info('email invitations invalidated', { user_id: actor.userId, count: removed });
    return removed;
  }

  /**
   * Creates the guest account an invitation's token (taken by TeamInvitations.signUp) grants, with the
   * invited address, and puts it in the team and the channels of the invitation. The token is used up
   * — but given back when the account could not be made (a taken username, a weak password), so the
   * person can try again.
   */
  async signUp(input: SignUpInput, token: InvitationToken, ctx: HookContext): Promise<User> {
    const { store, config } = this.#deps;
    let user: User;
    try {
      if (!config.get().GuestAccountsSettings.Enable) {
        throw AppError.badRequest('api.user.create_user.guest_accounts.disabled.app_error', 'Guest accounts are disabled on this server.');
      }
      user = await this.#deps.users.signUp({ ...input, email: token.extra.email }, { inviteAccepted: true, asGuest: true, ctx });
    } catch (err) {
      await store.invitationTokens.insert([token], 0);
      throw err;
    }
    // The invitation is the authority for these memberships, as the invite link is for a team.
    const asTheGuest = systemActor(user.id);
    await this.#deps.teams.addMember(asTheGuest, token.extra.teamId, user.id, ctx);
    for (const channelId of token.extra.channels.split(' ').filter(isValidId)) {
      const channel = await store.channels.findById(channelId);
      if (channel && channel.deleteAt === 0) await this.#deps.channels.addMembers(asTheGuest, channelId, [user.id], ctx);
    }
    return user;
  }

  #siteUrl(): string {
    return this.#deps.config.get().ServiceSettings.SiteURL.replace(/\/+$/, '');
  }
}

/** Mattermost's GuestsInvite.IsValid, with the addresses lower-cased and each named once. */
function validInvite(input: GuestsInviteInput): string[] {
  const emails = invitedEmails(input.emails, 'model.guest');
  if (input.channels.length === 0) throw AppError.badRequest('model.guest.is_valid.channels.app_error', 'Name at least one channel for the guests.');
  const badChannel = input.channels.find((c) => !isValidId(c));
  if (badChannel !== undefined) throw AppError.badRequest('model.guest.is_valid.channel.app_error', 'Each channel must be a 26-character channel id.', `channel=${badChannel}`);
  return emails;
}

function invalidEmails(emails: readonly string[]): AppError {
  return AppError.badRequest(
    'api.team.invite_members.invalid_email.app_error',
    `These addresses are not in a domain guests may come from (GuestAccountsSettings.RestrictCreationToDomains): ${emails.join(', ')}.`,
  );
}


interface Letter {
  sender: string;
  teamName: string;
  channelNames: string[];
  message: string;
}

/** The invitation: who invites you where, their note, and the sign-up link (Mattermost's signup_user_complete page). */
function invitationMail(siteUrl: string, token: InvitationToken, letter: Letter) {
  const link = signUpLink(siteUrl, token, { display_name: letter.teamName, email: token.extra.email, guest: 'true', channels: token.extra.channels });
  const subject = `${letter.sender} invited you to join ${letter.teamName} as a guest`;
  const where = `the channel${letter.channelNames.length > 1 ? 's' : ''} ${letter.channelNames.join(', ')}`;
  const text = [`${letter.sender} invited you to ${where} of ${letter.teamName}, as a guest.`, letter.message, `Join here (the link works for 48 hours): ${link}`]
    .filter(Boolean)
    .join('\n\n');
  const html = [
    `<p>${escapeHtml(letter.sender)} invited you to ${escapeHtml(where)} of <b>${escapeHtml(letter.teamName)}</b>, as a guest.</p>`,
    letter.message ? `<blockquote>${escapeHtml(letter.message)}</blockquote>` : '',
    `<p><a href="${escapeHtml(link)}">Join ${escapeHtml(letter.teamName)}</a> (the link works for 48 hours).</p>`,
  ].join('');
  return { to: token.extra.email, subject, text, html };
}

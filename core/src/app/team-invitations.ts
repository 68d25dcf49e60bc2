// Inviting people to a team by email (POST /teams/{id}/invite/email), as Mattermost's
// InviteNewUsersToTeam — and, from its web app's dialog, to some of the team's channels too: each
// address gets a link whose token, for 48 hours, either signs a new account up into the team and
// those channels (POST /users?t=token) or brings an existing one in (POST /teams/members/invite?token=).
// Signing up with a token is also where a guest's invitation is taken (guest-invitations.ts): the
// token's type says which.
import type { User } from '../store/entities/user.ts';
import type { TeamMember } from '../store/entities/team-member.ts';
import type { InvitationToken } from '../store/invitation-token-repository.ts';
import { AppError } from '../errors/app-error.ts';
import { systemActor, type Actor } from './actor.ts';
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
  takeInvitation,
  TEAM_INVITATION,
  type InviteOutcome,
} from './email-invitations.ts';
import type { GuestInvitationDeps, GuestInvitations } from './guest-invitations.ts';
import type { HookContext } from './plugin-hooks.ts';
import { isValidId } from './ids.ts';
import { emailDomainAllowed, type SignUpInput } from './user-service.ts';

/** The addresses, and the team's channels they are invited to (the inviter must be able to read each) with a note. */
export interface TeamInviteInput {
  emails: string[];
  channelIds: string[];
  message: string;
}

/** What a guest's invitation needs, and the guests' service that takes their tokens at sign-up. */
export interface TeamInvitationDeps extends GuestInvitationDeps {
  guestInvitations: GuestInvitations;
}

export class TeamInvitations {
  #deps: TeamInvitationDeps;

  constructor(deps: TeamInvitationDeps) {
    this.#deps = deps;
  }

  /**
   * Mails each address an invitation (invite_user and add_user_to_team in the team). An address the
   * team or the server would not take (the team's allowed domains, TeamSettings.RestrictCreationToDomains)
   * refuses the whole request, nothing sent — or with `graceful`, gets its own outcome, as does one
   * the mail server would not take.
   */
  async invite(actor: Actor, teamId: string, input: TeamInviteInput, graceful: boolean): Promise<InviteOutcome[]> {
    const { config, permissions, store } = this.#deps;
    await permissions.requireTeam(actor, teamId, 'invite_user');
    await permissions.requireTeam(actor, teamId, 'add_user_to_team');
    requireEmailInvitations(config);
    const team = await invitingTeam(store, teamId);
    if (team.groupConstrained) {
      throw AppError.badRequest('app.team.invite_members.group_constrained.app_error', 'This team takes its members from directory groups: add people to the group instead.');
    }
    const addresses = invitedEmails(input.emails, 'model.team');
    const channelIds = [...new Set(input.channelIds)];
    const channelNames = await invitedChannelNames(permissions, actor, teamId, channelIds, (channelId) =>
      AppError.badRequest('api.team.invite_members.channel_in_invalid_team.app_error', 'People can be invited only to channels of this team that are not archived.', `channel_id=${channelId}`),
    );
    const allowed = (email: string) => emailDomainAllowed(email, team.allowedDomains.replace(/@/g, ' ')) && emailDomainAllowed(email, config.get().TeamSettings.RestrictCreationToDomains);
    const refused = addresses.filter((email) => !allowed(email));
    if (refused.length > 0 && !graceful) throw outsideDomains(refused);
    const outcomes: InviteOutcome[] = addresses.map((email) => ({ email, error: refused.includes(email) ? outsideDomains([email]) : null }));
    const sender = await this.#deps.users.get(actor.userId);
    const letter = { sender: inviterName(sender), teamName: team.displayName, channelNames, message: input.message };
    const siteUrl = config.get().ServiceSettings.SiteURL.replace(/\/+$/, '');
    await mailInvitations(
      this.#deps,
      outcomes,
      graceful,
      TEAM_INVITATION,
      () => ({ teamId, channels: channelIds.join(' '), senderId: sender.id }),
      (token) => invitationMail(signUpLink(siteUrl, token, { display_name: team.displayName, name: team.name, id: team.id, email: token.extra.email }), token, letter),
    );
    return outcomes;
  }

  /**
   * POST /users?t=token: the account an invitation grants. A member's invitation makes an account with
   * the invited address in the team; a guest's is GuestInvitations'. The token is used up — but given
   * back when the account could not be made (a taken username, a weak password), so the person can try again.
   */
  async signUp(input: SignUpInput, tokenValue: string, ctx: HookContext): Promise<User> {
    const token = await takeInvitation(this.#deps.store, tokenValue, [TEAM_INVITATION, GUEST_INVITATION]);
    if (token.type === GUEST_INVITATION) return this.#deps.guestInvitations.signUp(input, token, ctx);
    let user: User;
    try {
      user = await this.#deps.users.signUp({ ...input, email: token.extra.email }, { inviteAccepted: true, ctx });
    } catch (err) {
      await this.#deps.store.invitationTokens.insert([token], 0);
      throw err;
    }
    await this.#admit(token, user.id, ctx);
    return user;
  }

  /** POST /teams/members/invite?token=: a signed-in person takes a member's invitation and joins its team. */
  async join(actor: Actor, tokenValue: string, ctx: HookContext): Promise<TeamMember> {
    const token = await takeInvitation(this.#deps.store, tokenValue, [TEAM_INVITATION]);
    return this.#admit(token, actor.userId, ctx);
  }

  /** The invitation is the authority for the memberships, as the invite link is for a team: the team, then its channels still live. */
  async #admit(token: InvitationToken, userId: string, ctx: HookContext): Promise<TeamMember> {
    const asInvited = systemActor(userId);
    const member = await this.#deps.teams.addMember(asInvited, token.extra.teamId, userId, ctx);
    for (const channelId of (token.extra.channels ?? '').split(' ').filter(isValidId)) {
      const channel = await this.#deps.store.channels.findById(channelId);
      if (channel && channel.deleteAt === 0 && channel.teamId === token.extra.teamId) await this.#deps.channels.addMembers(asInvited, channelId, [userId], ctx);
    }
    return member;
  }
}

function outsideDomains(emails: readonly string[]): AppError {
  return AppError.badRequest(
    'api.team.invite_members.invalid_email.app_error',
    `These addresses are not in a domain this team or server takes members from (the team's allowed domains, TeamSettings.RestrictCreationToDomains): ${emails.join(', ')}.`,
  );
}

/** The invitation: who invites you to which team (and channels), their note, and the link (Mattermost's signup_user_complete page). */
function invitationMail(link: string, token: InvitationToken, letter: { sender: string; teamName: string; channelNames: string[]; message: string }) {
  const channels = letter.channelNames.length > 0 ? ` and the channel${letter.channelNames.length > 1 ? 's' : ''} ${letter.channelNames.join(', ')}` : '';
  const subject = `${letter.sender} invited you to join ${letter.teamName}`;
  const text = [`${letter.sender} invited you to join the team ${letter.teamName}${channels}.`, letter.message, `Join here (the link works for 48 hours): ${link}`].filter(Boolean).join('\n\n');
  const html = [
    `<p>${escapeHtml(letter.sender)} invited you to join the team <b>${escapeHtml(letter.teamName)}</b>${escapeHtml(channels)}.</p>`,
    letter.message ? `<blockquote>${escapeHtml(letter.message)}</blockquote>` : '',
    `<p><a href="${escapeHtml(link)}">Join ${escapeHtml(letter.teamName)}</a> (the link works for 48 hours).</p>`,
  ].join('');
  return { to: token.extra.email, subject, text, html };
}

import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';
import { RawSocket } from '../helpers/ws-client.ts';

const FORBIDDEN = 'api.context.permissions.app_error';

describe('guest accounts', () => {
  let ts: TestServer;
  let inbox: SmtpInbox;
  let admin: LoggedIn;
  let member: LoggedIn;
  /** Shares a channel with no guest. */
  let outsider: LoggedIn;
  let team: Team;
  let otherTeam: Team;
  /** The channels guests are invited to: one open, one private. */
  let granted: Channel;
  let grantedPrivate: Channel;
  /** An open channel of the team no guest is given. */
  let notGranted: Channel;

  /** Runs `body` with settings patched, restoring them afterwards. */
  async function withSettings(patch: Record<string, Record<string, unknown>>, body: () => Promise<void>): Promise<void> {
    const current = ts.config.get() as unknown as Record<string, Record<string, unknown>>;
    const before = Object.fromEntries(Object.entries(patch).map(([section, settings]) => [section, Object.fromEntries(Object.keys(settings).map((key) => [key, current[section][key]]))]));
    ts.config.patch(patch);
    try {
      await body();
    } finally {
      ts.config.patch(before);
    }
  }

  /** The token of the invitation link mailed to `email`. */
  async function invitationToken(email: string): Promise<string> {
    const mail = await inbox.mailTo(email);
    const match = /[?&;]t=([0-9a-f]{64})/.exec(mail.text);
    expect(match, 'an invitation link in the mail').to.not.equal(null);
    return match![1];
  }

  /** Invites a new address to `channels` as the admin, signs up through the mailed link and logs in. */
  async function newGuest(channels: Channel[] = [granted, grantedPrivate]): Promise<LoggedIn> {
    const username = uniqueName('guest');
    const email = `${username}@guests.example.org`;
    await admin.client.sendEmailGuestInvitesToChannels(team.id, channels.map((c) => c.id), [email], '');
    const token = await invitationToken(email);
    await ts.client().createUser({ username, email, password: PASSWORD } as UserProfile, token, '');
    return login(ts, username);
  }

  before(async () => {
    inbox = await SmtpInbox.start();
    ts = await startTestServer({
      config: {
        ServiceSettings: { EnableEmailInvitations: true, SiteURL: 'https://chat.example.org' },
        GuestAccountsSettings: { Enable: true },
        EmailSettings: inbox.emailSettings(),
      },
    });
    admin = await createAdmin(ts);
    member = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [member.user.id, outsider.user.id]);
    otherTeam = await createTeamWith(admin.client, [member.user.id]);
    granted = await createChannelWith(admin.client, team, [member.user.id]);
    grantedPrivate = await createChannelWith(admin.client, team, [member.user.id], 'P');
    notGranted = await createChannelWith(admin.client, team, [member.user.id, outsider.user.id]);
  });
  after(async () => {
    await ts?.close();
    await inbox?.close();
  });

  describe('roles and settings', () => {
    it('serves the guest roles with the permissions of Mattermost\'s default scheme', async () => {
      const roles = await admin.client.getRolesByNames(['system_guest', 'team_guest', 'channel_guest']);
      const byName = Object.fromEntries(roles.map((r) => [r.name, [...r.permissions].sort()]));
      expect(byName.system_guest).to.deep.equal(['create_direct_channel', 'create_group_channel']);
      expect(byName.team_guest).to.deep.equal(['view_team']);
      expect(byName.channel_guest).to.deep.equal(
        ['add_reaction', 'create_post', 'edit_post', 'read_channel', 'read_channel_content', 'remove_reaction', 'upload_file', 'use_channel_mentions'].sort(),
      );
      const [systemAdmin] = await admin.client.getRolesByNames(['system_admin']);
      expect(systemAdmin.permissions).to.include.members(['invite_guest', 'promote_guest', 'demote_to_guest']);
      const [teamAdmin] = await admin.client.getRolesByNames(['team_admin']);
      expect(teamAdmin.permissions).to.not.include('invite_guest');
    });

    it('tells clients whether guest accounts and email invitations are on, from GuestAccountsSettings', async () => {
      const on = await member.client.getClientConfig();
      expect(on).to.include({ EnableGuestAccounts: 'true', EnableEmailInvitations: 'true', HideGuestTags: 'false', GuestAccountsEnforceMultifactorAuthentication: 'false' });
      await withSettings({ GuestAccountsSettings: { HideTags: true, Enable: false } }, async () => {
        expect(await member.client.getClientConfig()).to.include({ HideGuestTags: 'true', EnableGuestAccounts: 'false' });
      });
    });

    it('keeps the SMTP password out of GET /config', async () => {
      await withSettings({ EmailSettings: { SMTPPassword: 'smtp-secret' } }, async () => {
        const config = (await admin.client.getConfig()) as unknown as { EmailSettings: { SMTPPassword: string }; GuestAccountsSettings: { Enable: boolean } };
        expect(config.EmailSettings.SMTPPassword).to.not.equal('smtp-secret');
        expect(config.GuestAccountsSettings.Enable).to.equal(true);
      });
    });
  });

  describe('inviting by email', () => {
    it('mails each address a sign-up link with the inviter, the team, the channels and the message', async () => {
      const email = `${uniqueName('mail')}@guests.example.org`;
      await admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [email.toUpperCase()], 'Welcome to the launch <b>war room</b>');
      const mail = await inbox.mailTo(email);
      expect(mail.text).to.include(`To: ${email}`);
      expect(mail.text).to.include('parley@example.org');
      expect(mail.text).to.include(team.display_name);
      expect(mail.text).to.include(granted.display_name);
      expect(mail.text).to.include('Welcome to the launch');
      // The note is the inviter's text: escaped in the HTML part, never markup.
      expect(mail.text).to.include('&#60;b&#62;war room&#60;/b&#62;');
      expect(mail.text).to.not.include('<blockquote>Welcome to the launch <b>');
      expect(mail.text).to.match(/https:\/\/chat\.example\.org\/signup_user_complete\/\?d=[^&\s]+&(amp;|#38;)?t=[0-9a-f]{64}/);
    });

    it('creates a guest with the invited address, in the team and only the invited channels', async () => {
      const username = uniqueName('guest');
      const email = `${username}@guests.example.org`;
      await admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id, grantedPrivate.id], [email], '');
      const token = await invitationToken(email);
      // The address is the invitation's, whatever the form says.
      const created = await ts.client().createUser({ username, email: 'someone-else@example.com', password: PASSWORD } as UserProfile, token, '');
      expect(created.roles).to.equal('system_guest');
      const guest = await login(ts, username);
      expect(guest.user.email).to.equal(email);
      const teamMember = await admin.client.getTeamMember(team.id, guest.user.id);
      expect(teamMember).to.include({ scheme_guest: true, scheme_user: false, scheme_admin: false, roles: 'team_guest' });
      const channels = await guest.client.getMyChannels(team.id);
      expect(channels.map((c) => c.id).sort()).to.deep.equal([granted.id, grantedPrivate.id].sort());
      const channelMember = await admin.client.getChannelMember(granted.id, guest.user.id);
      expect(channelMember).to.include({ scheme_guest: true, scheme_user: false, roles: 'channel_guest' });
      const stats = await admin.client.getChannelStats(grantedPrivate.id);
      expect(stats.guest_count).to.be.greaterThan(0);
      expect(stats.member_count).to.be.greaterThan(stats.guest_count);
    });

    it('lets a guest post and react in the channels they were given', async () => {
      const guest = await newGuest();
      const post = await guest.client.createPost({ channel_id: granted.id, message: 'hello from a guest' } as never);
      await guest.client.addReaction(guest.user.id, post.id, 'smile');
      const posts = await member.client.getPosts(granted.id);
      expect(posts.posts[post.id].message).to.equal('hello from a guest');
    });

    it('refuses a used, unknown or wrong token, and gives the token back when the account could not be made', async () => {
      const username = uniqueName('guest');
      const email = `${username}@guests.example.org`;
      await admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [email], '');
      const token = await invitationToken(email);
      // A taken username: no account, and the link still works.
      await expectClientError(ts.client().createUser({ username: member.user.username, email, password: PASSWORD } as UserProfile, token, ''), 400, 'app.user.save.username_exists.app_error');
      await ts.client().createUser({ username, email, password: PASSWORD } as UserProfile, token, '');
      await expectClientError(ts.client().createUser({ username: uniqueName('again'), email, password: PASSWORD } as UserProfile, token, ''), 400, 'api.user.create_user.signup_link_invalid.app_error');
      await expectClientError(ts.client().createUser({ username: uniqueName('forged'), email, password: PASSWORD } as UserProfile, 'f'.repeat(64), ''), 400, 'api.user.create_user.signup_link_invalid.app_error');
    });

    it('stops every link sent and not yet used when an admin invalidates the email invitations (DELETE /teams/invites/email)', async () => {
      const email = `${uniqueName('voided')}@guests.example.org`;
      await admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [email], '');
      const token = await invitationToken(email);
      await expectClientError(member.client.invalidateAllEmailInvites(), 403, 'api.context.permissions.app_error');
      expect(await admin.client.invalidateAllEmailInvites()).to.deep.include({ status: 'OK' });
      await expectClientError(ts.client().createUser({ username: uniqueName('voided'), email, password: PASSWORD } as UserProfile, token, ''), 400, 'api.user.create_user.signup_link_invalid.app_error');
      // An invitation sent afterwards works.
      await newGuest([granted]);
    });

    it('refuses a link older than 48 hours', async () => {
      const email = `${uniqueName('late')}@guests.example.org`;
      await admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [email], '');
      const token = await invitationToken(email);
      const taken = (await ts.store.invitationTokens.take(token))!;
      await ts.store.invitationTokens.insert([{ ...taken, createAt: Date.now() - 49 * 3_600_000 }], 0);
      await expectClientError(ts.client().createUser({ username: uniqueName('late'), email, password: PASSWORD } as UserProfile, token, ''), 400, 'api.user.create_user.signup_link_expired.app_error');
    });

    it('refuses addresses outside RestrictCreationToDomains: the whole request strictly, each address gracefully', async () => {
      await withSettings({ GuestAccountsSettings: { RestrictCreationToDomains: 'partner.example.com' } }, async () => {
        const good = `${uniqueName('ok')}@partner.example.com`;
        const bad = `${uniqueName('no')}@elsewhere.example.com`;
        const before = inbox.mails.length;
        const error = await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [good, bad], ''), 400, 'api.team.invite_members.invalid_email.app_error');
        expect(error.message).to.include(bad);
        expect(inbox.mails.length).to.equal(before);
        const outcomes = await admin.client.sendEmailGuestInvitesToChannelsGracefully(team.id, [granted.id], [good, bad], '');
        expect(outcomes.map((o) => [o.email, o.error?.id ?? null])).to.deep.equal([
          [good, null],
          [bad, 'api.team.invite_members.invalid_email.app_error'],
        ]);
        await inbox.mailTo(good);
        expect(inbox.mails.some((m) => m.to.includes(bad))).to.equal(false);
      });
    });

    it('reports, gracefully, an address the mail server would not take', async () => {
      inbox.refuseWith = 'mailbox unavailable';
      try {
        const email = `${uniqueName('bounce')}@guests.example.org`;
        const outcomes = await admin.client.sendEmailGuestInvitesToChannelsGracefully(team.id, [granted.id], [email], '');
        expect(outcomes).to.have.length(1);
        expect(outcomes[0].error?.id).to.equal('api.team.invite_members.unable_to_send_email.app_error');
      } finally {
        inbox.refuseWith = null;
      }
    });

    it('refuses invitations from a team member without invite_guest, and when guest accounts or email invitations are off', async () => {
      const email = `${uniqueName('x')}@guests.example.org`;
      await expectClientError(member.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [email], ''), 403, FORBIDDEN);
      await withSettings({ GuestAccountsSettings: { Enable: false } }, async () => {
        await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [email], ''), 501, 'api.team.invite_guests_to_channels.disabled.error');
      });
      await withSettings({ ServiceSettings: { EnableEmailInvitations: false } }, async () => {
        await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [email], ''), 501, 'api.team.invite_members.disabled.app_error');
      });
      expect(inbox.mails.some((m) => m.to.includes(email))).to.equal(false);
    });

    it('refuses bad bodies and channels outside the team, sending nothing', async () => {
      const email = `${uniqueName('x')}@guests.example.org`;
      const elsewhere = await createChannelWith(admin.client, otherTeam, []);
      await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, [], [email], ''), 400, 'model.guest.is_valid.channels.app_error');
      await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], [], ''), 400, 'model.guest.is_valid.emails.app_error');
      await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, [granted.id], ['not an address'], ''), 400, 'model.guest.is_valid.email.app_error');
      await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, ['short'], [email], ''), 400, 'model.guest.is_valid.channel.app_error');
      await expectClientError(admin.client.sendEmailGuestInvitesToChannels(team.id, [elsewhere.id], [email], ''), 400, 'api.team.invite_guests.channel_in_invalid_team.app_error');
      const raw = await fetch(`${ts.url}/api/v4/teams/${team.id}/invite-guests/email`, { method: 'POST', headers: { Authorization: `Bearer ${admin.client.getToken()}` }, body: '{"emails": "a@b.c"' });
      expect(raw.status).to.equal(400);
      expect(inbox.mails.some((m) => m.to.includes(email))).to.equal(false);
    });
  });

  describe('what a guest may reach', () => {
    let guest: LoggedIn;
    before(async () => {
      guest = await newGuest();
    });

    it('refuses channels outside the grant: reading, posting, joining, listing', async () => {
      await expectClientError(guest.client.getChannel(notGranted.id), 403, FORBIDDEN);
      await expectClientError(guest.client.getPosts(notGranted.id), 403, FORBIDDEN);
      await expectClientError(guest.client.createPost({ channel_id: notGranted.id, message: 'sneaking in' } as never), 403, FORBIDDEN);
      await expectClientError(guest.client.addToChannel(guest.user.id, notGranted.id), 403, FORBIDDEN);
      await expectClientError(guest.client.getChannels(team.id), 403, FORBIDDEN);
      await expectClientError(guest.client.getTeamMember(otherTeam.id, member.user.id), 403, FORBIDDEN);
      const members = await admin.client.getChannelMembers(notGranted.id);
      expect(members.map((m) => m.user_id)).to.not.include(guest.user.id);
    });

    it('cannot create channels or teams', async () => {
      const name = uniqueName('guestchan');
      await expectClientError(guest.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O' } as Channel), 403, FORBIDDEN);
      await expectClientError(guest.client.createChannel({ team_id: team.id, name, display_name: name, type: 'P' } as Channel), 403, FORBIDDEN);
      await expectClientError(guest.client.createTeam({ name, display_name: name, type: 'O' } as Team), 403, FORBIDDEN);
      await expectClientError(admin.client.getChannelByName(team.id, name), 404);
    });

    it('sees only the users it shares a channel with, in lists, searches and by id', async () => {
      await expectClientError(guest.client.getUser(outsider.user.id), 403, FORBIDDEN);
      await expectClientError(guest.client.getUserByUsername(outsider.user.username), 403, FORBIDDEN);
      expect((await guest.client.getUser(member.user.id)).id).to.equal(member.user.id);
      const byIds = await guest.client.getProfilesByIds([member.user.id, outsider.user.id, guest.user.id]);
      expect(byIds.map((u) => u.id).sort()).to.deep.equal([member.user.id, guest.user.id].sort());
      const byNames = await guest.client.getProfilesByUsernames([outsider.user.username]);
      expect(byNames).to.deep.equal([]);
      const listed = (await guest.client.getProfiles(0, 200)).map((u) => u.id);
      expect(listed).to.include.members([member.user.id, admin.user.id, guest.user.id]);
      expect(listed).to.not.include(outsider.user.id);
      const found = await guest.client.searchUsers(outsider.user.username, {});
      expect(found).to.deep.equal([]);
      const completed = await guest.client.autocompleteUsers(outsider.user.username.slice(0, 8), team.id, '');
      expect(completed.users.map((u) => u.id)).to.not.include(outsider.user.id);
    });

    it('gets the pictures of the people it shares a channel with only', async () => {
      const picture = (userId: string) => fetch(`${ts.url}/api/v4/users/${userId}/image`, { headers: { Authorization: `Bearer ${guest.client.getToken()}` } });
      expect((await picture(member.user.id)).status).to.equal(200);
      const refused = await picture(outsider.user.id);
      expect(refused.status).to.equal(403);
      expect(((await refused.json()) as { id: string }).id).to.equal(FORBIDDEN);
    });

    it('must set up MFA when GuestAccountsSettings.EnforceMultifactorAuthentication asks it of guests, and members need not', async () => {
      await withSettings({ ServiceSettings: { EnableMultifactorAuthentication: true }, GuestAccountsSettings: { EnforceMultifactorAuthentication: true } }, async () => {
        await expectClientError(guest.client.getMyTeams(), 403, 'api.context.mfa_required.app_error');
        expect((await member.client.getMyTeams()).map((t) => t.id)).to.include(team.id);
      });
      expect((await guest.client.getMyTeams()).map((t) => t.id)).to.deep.equal([team.id]);
    });

    it('cannot sign in with email and password while GuestAccountsSettings.AllowEmailAccounts is off, and members still can', async () => {
      await withSettings({ GuestAccountsSettings: { AllowEmailAccounts: false } }, async () => {
        await expectClientError(ts.client().login(guest.user.email, PASSWORD), 401, 'api.user.login.guest_accounts.email.error');
        await expectClientError(ts.client().login(guest.user.email, 'wrong-password'), 401, 'api.user.login.invalid_credentials_email_username');
        expect((await ts.client().login(member.user.email, PASSWORD)).id).to.equal(member.user.id);
      });
      expect((await ts.client().login(guest.user.email, PASSWORD)).id).to.equal(guest.user.id);
    });

    it('opens a DM only with someone it shares a channel with; nothing is created otherwise', async () => {
      await expectClientError(guest.client.createDirectChannel([guest.user.id, outsider.user.id]), 403, FORBIDDEN);
      const name = [guest.user.id, outsider.user.id].sort().join('__');
      expect(await ts.store.channels.findByName('', name)).to.equal(null);
      await expectClientError(guest.client.createGroupChannel([guest.user.id, member.user.id, outsider.user.id]), 403, FORBIDDEN);
      const dm = await guest.client.createDirectChannel([guest.user.id, member.user.id]);
      expect(dm.type).to.equal('D');
      const guestInDm = await member.client.getChannelMember(dm.id, guest.user.id);
      expect(guestInDm).to.include({ scheme_guest: true, roles: 'channel_guest' });
    });

    it('hears no WebSocket news of accounts (user_updated, new_user), which members still hear', async () => {
      const [guestSocket, memberSocket] = await Promise.all([RawSocket.authenticated(ts, guest.client.getToken()), RawSocket.authenticated(ts, member.client.getToken())]);
      try {
        await outsider.client.patchMe({ nickname: uniqueName('nick') });
        await createUser(ts, admin.client);
        await memberSocket.waitForEvent('user_updated');
        await memberSocket.waitForEvent('new_user');
        // A post in a channel the guest is in arrives after them: the guest's socket is live.
        await member.client.createPost({ channel_id: granted.id, message: 'after the profile change' } as never);
        await guestSocket.waitForEvent('posted');
        const heard = guestSocket.events().map((e) => e.event);
        expect(heard).to.not.include('user_updated');
        expect(heard).to.not.include('new_user');
      } finally {
        await Promise.all([guestSocket.close(), memberSocket.close()]);
      }
    });

    it('leaves what members see unchanged: a member still finds the outsider', async () => {
      expect((await member.client.getUser(outsider.user.id)).id).to.equal(outsider.user.id);
      expect((await member.client.getProfilesByIds([outsider.user.id])).map((u) => u.id)).to.deep.equal([outsider.user.id]);
      expect((await member.client.searchUsers(outsider.user.username, {})).map((u) => u.id)).to.deep.equal([outsider.user.id]);
    });

    it('cannot make itself a member: team and channel roles and promotion are refused', async () => {
      await expectClientError(guest.client.promoteGuestToUser(guest.user.id), 403, FORBIDDEN);
      await expectClientError(guest.client.updateTeamMemberRoles(team.id, guest.user.id, ['team_user']), 403, FORBIDDEN);
      await expectClientError(guest.client.updateChannelMemberSchemeRoles(granted.id, guest.user.id, false, true), 403, FORBIDDEN);
      await expectClientError(admin.client.updateChannelMemberSchemeRoles(granted.id, guest.user.id, false, true), 400, 'api.channel.update_channel_member_roles.changing_guest_role.app_error');
      await expectClientError(admin.client.updateTeamMemberRoles(team.id, guest.user.id, ['team_user']), 400, 'api.team.update_team_member_roles.changing_guest_role.app_error');
      await expectClientError(admin.client.updateUserRoles(guest.user.id, 'system_user'), 400, 'api.user.update_user_roles.guest.app_error');
      expect((await admin.client.getUser(guest.user.id)).roles).to.equal('system_guest');
    });
  });

  describe('promoting and demoting', () => {
    it('promotes a guest: system_user, member roles everywhere, the default channels, and the live session can now create channels', async () => {
      const guest = await newGuest([granted]);
      await expectClientError(member.client.promoteGuestToUser(guest.user.id), 403, FORBIDDEN);
      await admin.client.promoteGuestToUser(guest.user.id);
      expect((await admin.client.getUser(guest.user.id)).roles).to.equal('system_user');
      expect(await admin.client.getTeamMember(team.id, guest.user.id)).to.include({ scheme_guest: false, scheme_user: true, roles: 'team_user' });
      expect(await admin.client.getChannelMember(granted.id, guest.user.id)).to.include({ scheme_guest: false, scheme_user: true, roles: 'channel_user' });
      const names = (await guest.client.getMyChannels(team.id)).map((c) => c.name);
      expect(names).to.include('town-square');
      const name = uniqueName('promoted');
      const created = await guest.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O' } as Channel);
      expect(created.name).to.equal(name);
      await expectClientError(admin.client.promoteGuestToUser(guest.user.id), 501, 'api.user.promote_guest_to_user.no_guest.app_error');
    });

    it('demotes a member: system_guest, guest roles in every membership kept, and the live session loses what guests may not do', async () => {
      const someone = await createUser(ts, admin.client);
      await admin.client.addToTeam(team.id, someone.user.id);
      await admin.client.addToChannel(someone.user.id, granted.id);
      await expectClientError(member.client.demoteUserToGuest(someone.user.id), 403, FORBIDDEN);
      await admin.client.demoteUserToGuest(someone.user.id);
      expect((await admin.client.getUser(someone.user.id)).roles).to.equal('system_guest');
      expect(await admin.client.getTeamMember(team.id, someone.user.id)).to.include({ scheme_guest: true, scheme_user: false, roles: 'team_guest' });
      expect(await admin.client.getChannelMember(granted.id, someone.user.id)).to.include({ scheme_guest: true, roles: 'channel_guest' });
      const townSquare = await admin.client.getChannelByName(team.id, 'town-square');
      expect(await admin.client.getChannelMember(townSquare.id, someone.user.id)).to.include({ scheme_guest: true });
      const name = uniqueName('demoted');
      await expectClientError(someone.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O' } as Channel), 403, FORBIDDEN);
      await expectClientError(someone.client.getChannels(team.id), 403, FORBIDDEN);
      await expectClientError(admin.client.demoteUserToGuest(someone.user.id), 501, 'api.user.demote_user_to_guest.already_guest.app_error');
    });

    it('demotes a system admin to a plain guest', async () => {
      const second = await createUser(ts, admin.client);
      await admin.client.updateUserRoles(second.user.id, 'system_user system_admin');
      await admin.client.demoteUserToGuest(second.user.id);
      expect((await admin.client.getUser(second.user.id)).roles).to.equal('system_guest');
      await expectClientError(second.client.getConfig(), 403, FORBIDDEN);
    });

    it('refuses demotion while guest accounts are disabled, and unknown users', async () => {
      const someone = await createUser(ts, admin.client);
      await withSettings({ GuestAccountsSettings: { Enable: false } }, async () => {
        await expectClientError(admin.client.demoteUserToGuest(someone.user.id), 501, 'api.team.demote_user_to_guest.disabled.error');
      });
      expect((await admin.client.getUser(someone.user.id)).roles).to.equal('system_user');
      await expectClientError(admin.client.promoteGuestToUser('a'.repeat(26)), 404);
      await expectClientError(admin.client.demoteUserToGuest('a'.repeat(26)), 404);
    });
  });

  describe('turning guest accounts off', () => {
    it('deactivates every guest and ends their sessions, members untouched', async () => {
      const guest = await newGuest([granted]);
      expect((await guest.client.getMe()).id).to.equal(guest.user.id);
      ts.config.patch({ GuestAccountsSettings: { Enable: false } });
      try {
        await waitFor(async () => (await admin.client.getUser(guest.user.id)).delete_at > 0);
        await expectClientError(guest.client.getMe(), 401);
        await expectClientError(login(ts, guest.user.username), 401, 'api.user.login.inactive.app_error');
        expect((await member.client.getMe()).delete_at).to.equal(0);
      } finally {
        ts.config.patch({ GuestAccountsSettings: { Enable: true } });
      }
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Inviting members to a team by email through Client4 (sendEmailInvitesToTeam, …Gracefully,
// …AndChannelsGracefully): the mail and its link, signing up with the token (createUser(user, token))
// or joining with it when signed in (addToTeamFromInvite), and what is refused.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Team, TeamInviteWithError } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';

describe('team invitations by email', () => {
  let ts: TestServer;
  let inbox: SmtpInbox;
  let admin: LoggedIn;
  let member: LoggedIn;
  let team: Team;
  let channel: Channel;

  /** The token of the invitation link mailed to `email`. */
  async function invitationToken(email: string): Promise<string> {
    const mail = await inbox.mailTo(email);
    const match = /[?&;]t=([0-9a-f]{64})/.exec(mail.text);
    expect(match, 'an invitation link in the mail').to.not.equal(null);
    return match![1]!;
  }
  const address = (prefix: string) => `${uniqueName(prefix)}@example.org`;

  before(async () => {
    inbox = await SmtpInbox.start();
    ts = await startTestServer({
      config: {
        ServiceSettings: { EnableEmailInvitations: true, SiteURL: 'https://chat.example.org' },
        TeamSettings: { EnableOpenServer: false },
        EmailSettings: inbox.emailSettings(),
      },
    });
    admin = await createAdmin(ts);
    member = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [member.user.id]);
    channel = await createChannelWith(admin.client, team, [member.user.id]);
  });
  after(async () => {
    await ts.close();
    await inbox.close();
  });

  it('mails each address a sign-up link naming the inviter and the team', async () => {
    const email = address('invited');
    expect(await member.client.sendEmailInvitesToTeam(team.id, [email.toUpperCase()])).to.deep.include({ status: 'OK' });
    const mail = await inbox.mailTo(email);
    expect(mail.text).to.include(team.display_name);
    expect(mail.text).to.include(member.user.username);
    expect(mail.text).to.match(/https:\/\/chat\.example\.org\/signup_user_complete\/\?d=[^&\s]+&(amp;|#38;)?t=[0-9a-f]{64}/);
  });

  it('signs a new account up with the invited address into the team, on a server closed to sign-ups', async () => {
    const username = uniqueName('joiner');
    const email = `${username}@example.org`;
    await member.client.sendEmailInvitesToTeam(team.id, [email]);
    const token = await invitationToken(email);
    const created = await ts.client().createUser({ username, email: 'someone-else@example.com', password: PASSWORD } as UserProfile, token, '');
    expect(created).to.include({ email, roles: 'system_user' });
    const joined = await login(ts, username);
    expect((await joined.client.getMyTeams()).map((t) => t.id)).to.include(team.id);
    await expectClientError(ts.client().createUser({ username: uniqueName('again'), email, password: PASSWORD } as UserProfile, token, ''), 400, 'api.user.create_user.signup_link_invalid.app_error');
  });

  it('lets a signed-in person join with the token, once; the invite dialog\'s channels come with it', async () => {
    const existing = await createUser(ts, admin.client);
    const email = existing.user.email!;
    const outcomes = (await member.client.sendEmailInvitesToTeamAndChannelsGracefully(team.id, [channel.id], [email], 'come and see')) as TeamInviteWithError[];
    expect(outcomes).to.deep.equal([{ email, error: null }]);
    const token = await invitationToken(email);
    expect((await inbox.mailTo(email)).text).to.include('come and see');
    const joined = await existing.client.addToTeamFromInvite(token);
    expect(joined).to.include({ team_id: team.id, user_id: existing.user.id });
    expect((await existing.client.getMyChannels(team.id)).map((c) => c.id)).to.include(channel.id);
    await expectClientError(existing.client.addToTeamFromInvite(token), 400, 'api.user.create_user.signup_link_invalid.app_error');
  });

  it('stops a member\'s invitation when an admin invalidates the email invitations', async () => {
    const email = address('voided');
    await member.client.sendEmailInvitesToTeam(team.id, [email]);
    const token = await invitationToken(email);
    await admin.client.invalidateAllEmailInvites();
    await expectClientError(ts.client().createUser({ username: uniqueName('voided'), email, password: PASSWORD } as UserProfile, token, ''), 400, 'api.user.create_user.signup_link_invalid.app_error');
  });

  it('refuses addresses outside the team\'s allowed domains, or reports each one gracefully', async () => {
    const restricted = await createTeamWith(admin.client, [member.user.id]);
    await admin.client.patchTeam({ id: restricted.id, allowed_domains: 'example.org' } as Team);
    const outside = `${uniqueName('outside')}@elsewhere.test`;
    const inside = address('inside');
    await expectClientError(member.client.sendEmailInvitesToTeam(restricted.id, [inside, outside]), 400, 'api.team.invite_members.invalid_email.app_error');
    const outcomes = (await member.client.sendEmailInvitesToTeamGracefully(restricted.id, [inside, outside])) as TeamInviteWithError[];
    expect(outcomes.map((o) => [o.email, o.error?.id ?? null])).to.deep.equal([
      [inside, null],
      [outside, 'api.team.invite_members.invalid_email.app_error'],
    ]);
    await invitationToken(inside);
  });

  it('fails a strict invitation whose mail the server would not take, and reports it gracefully', async () => {
    inbox.refuseWith = 'mailbox unavailable';
    try {
      await expectClientError(member.client.sendEmailInvitesToTeam(team.id, [address('bounce')]), 500, 'api.team.invite_members.unable_to_send_email.app_error');
      const outcomes = (await member.client.sendEmailInvitesToTeamGracefully(team.id, [address('bounce')])) as TeamInviteWithError[];
      expect(outcomes.map((o) => o.error?.id)).to.deep.equal(['api.team.invite_members.unable_to_send_email.app_error']);
    } finally {
      inbox.refuseWith = null;
    }
  });

  it('refuses outsiders, bad bodies and channels of another team, and answers 501 with email invitations off', async () => {
    const outsider = await createUser(ts, admin.client);
    await expectClientError(outsider.client.sendEmailInvitesToTeam(team.id, [address('x')]), 403, 'api.context.permissions.app_error');
    await expectClientError(member.client.sendEmailInvitesToTeam(team.id, []), 400, 'model.team.is_valid.emails.app_error');
    await expectClientError(member.client.sendEmailInvitesToTeam(team.id, ['not an address']), 400, 'model.team.is_valid.email.app_error');
    await expectClientError(member.client.sendEmailInvitesToTeam(team.id, [42] as unknown as string[]), 400, 'api.context.invalid_param.app_error');
    const elsewhere = await createTeamWith(admin.client, [member.user.id]);
    const foreign = await createChannelWith(admin.client, elsewhere, [member.user.id]);
    await expectClientError(member.client.sendEmailInvitesToTeamAndChannelsGracefully(team.id, [foreign.id], [address('y')], ''), 400, 'api.team.invite_members.channel_in_invalid_team.app_error');
    await expectClientError(outsider.client.addToTeamFromInvite('f'.repeat(64)), 400, 'api.user.create_user.signup_link_invalid.app_error');
    ts.config.patch({ ServiceSettings: { EnableEmailInvitations: false } });
    try {
      await expectClientError(member.client.sendEmailInvitesToTeam(team.id, [address('z')]), 501, 'api.team.invite_members.disabled.app_error');
    } finally {
      ts.config.patch({ ServiceSettings: { EnableEmailInvitations: true } });
    }
  });
});

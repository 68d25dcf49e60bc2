import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { UserProfile, UserStatus } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, uniqueName, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

function newProfile(username = uniqueName(), extra: Partial<UserProfile> = {}): UserProfile {
  return { username, email: `${username}@example.com`, password: PASSWORD, ...extra } as UserProfile;
}

describe('users API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
  });
  after(async () => {
    await ts.close();
  });
  afterEach(() => {
    ts.config.patch({
      TeamSettings: { EnableOpenServer: false, EnableUserCreation: true },
      PrivacySettings: { ShowEmailAddress: true, ShowFullName: true },
    });
  });

  describe('sign-up', () => {
    it('makes the first user a system admin and later ones plain users', async () => {
      expect(admin.user.roles).to.equal('system_admin system_user');
      expect(alice.user.roles).to.equal('system_user');
    });

    it('refuses anonymous sign-up with 403 when the server is not open', async () => {
      await expectClientError(ts.client().createUser(newProfile(), '', ''), 403, 'api.user.create_user.no_open_server');
    });

    it('allows anonymous sign-up when EnableOpenServer is true', async () => {
      ts.config.patch({ TeamSettings: { EnableOpenServer: true } });
      const profile = newProfile();
      const created = await ts.client().createUser(profile, '', '');
      expect(created).to.include({ username: profile.username, roles: 'system_user' });
      expect(created).not.to.have.property('password');
    });

    it('lets an admin create users on a closed server', async () => {
      const created = await admin.client.createUser(newProfile(), '', '');
      expect(created.id).to.have.length(26);
    });

    it('refuses sign-up when EnableUserCreation is false, even on an open server', async () => {
      ts.config.patch({ TeamSettings: { EnableOpenServer: true, EnableUserCreation: false } });
      await expectClientError(ts.client().createUser(newProfile(), '', ''), 501, 'api.user.create_user.signup_email_disabled.app_error');
    });

    it('rejects an invalid username, email or password with Mattermost ids', async () => {
      await expectClientError(admin.client.createUser(newProfile('9starts-with-digit'), '', ''), 400, 'model.user.is_valid.username.app_error');
      await expectClientError(admin.client.createUser(newProfile('all'), '', ''), 400, 'model.user.is_valid.username.app_error');
      await expectClientError(admin.client.createUser(newProfile(uniqueName(), { email: 'not-an-email' }), '', ''), 400, 'model.user.is_valid.email.app_error');
      await expectClientError(admin.client.createUser(newProfile(uniqueName(), { password: 'short' }), '', ''), 400, 'model.user.is_valid.pwd.app_error');
    });

    it('rejects a duplicate username or email with 400', async () => {
      await expectClientError(
        admin.client.createUser(newProfile(alice.user.username, { email: `${uniqueName()}@example.com` }), '', ''),
        400,
        'app.user.save.username_exists.app_error',
      );
      await expectClientError(admin.client.createUser(newProfile(uniqueName(), { email: alice.user.email.toUpperCase() }), '', ''), 400, 'app.user.save.email_exists.app_error');
    });
  });

  describe('reading', () => {
    it('gets a user by id, username, email, ids and usernames', async () => {
      expect((await alice.client.getUser(bob.user.id)).username).to.equal(bob.user.username);
      expect((await alice.client.getMe()).id).to.equal(alice.user.id);
      expect((await alice.client.getUserByUsername(bob.user.username)).id).to.equal(bob.user.id);
      expect((await alice.client.getUserByEmail(bob.user.email)).id).to.equal(bob.user.id);
      const byIds = await alice.client.getProfilesByIds([bob.user.id, admin.user.id]);
      expect(byIds.map((u) => u.id)).to.have.members([bob.user.id, admin.user.id]);
      const byNames = await alice.client.getProfilesByUsernames([bob.user.username]);
      expect(byNames.map((u) => u.id)).to.deep.equal([bob.user.id]);
    });

    it('gets by ids only the profiles changed after `since`, and refuses a `since` that is not a time with 400', async () => {
      const carol = await createUser(ts, admin.client);
      const dave = await createUser(ts, admin.client);
      const ids = [carol.user.id, dave.user.id];
      const before = (await alice.client.getProfilesByIds(ids)).map((u) => u.update_at);
      const since = Math.max(...before);
      expect(await alice.client.getProfilesByIds(ids, { since })).to.deep.equal([]);
      // update_at is in milliseconds: wait until the clock has passed `since` before changing one.
      for (let i = 0; i < 1000 && Date.now() <= since; i++) await new Promise((resolve) => setImmediate(resolve));
      const patched = await dave.client.patchMe({ nickname: 'changed' } as UserProfile);
      expect(patched.update_at).to.be.greaterThan(since);
      expect((await alice.client.getProfilesByIds(ids, { since })).map((u) => u.id)).to.deep.equal([dave.user.id]);
      expect((await alice.client.getProfilesByIds(ids, { since: 0 })).map((u) => u.id)).to.have.members(ids);
      await expectClientError(alice.client.getProfilesByIds(ids, { since: 'yesterday' } as never), 400, 'api.context.invalid_param.app_error');
    });

    it('answers 404 for an unknown user and 401 without a session', async () => {
      await expectClientError(alice.client.getUser('a'.repeat(26)), 404);
      await expectClientError(ts.client().getUser(bob.user.id), 401);
    });

    it("reports Mattermost's user limits to system admins, none set and the active people counted, and refuses others", async () => {
      const limits = (token: string) => fetch(`${ts.url}/api/v4/limits/users`, { headers: { Authorization: `Bearer ${token}` } });
      const before = (await (await limits(admin.client.getToken())).json()) as Record<string, number>;
      expect(before).to.include({ maxUsersLimit: 0, lowerBandUserLimit: 0, upperBandUserLimit: 0 });
      const extra = await createUser(ts, admin.client);
      expect(((await (await limits(admin.client.getToken())).json()) as Record<string, number>).activeUserCount).to.equal(before.activeUserCount + 1);
      await admin.client.updateUserActive(extra.user.id, false);
      expect(((await (await limits(admin.client.getToken())).json()) as Record<string, number>).activeUserCount).to.equal(before.activeUserCount);
      const refused = await limits(alice.client.getToken());
      expect(refused.status).to.equal(403);
      expect(((await refused.json()) as { id: string }).id).to.equal('api.context.permissions.app_error');
    });

    it('never returns password hashes', async () => {
      const me = (await alice.client.getMe()) as unknown as Record<string, unknown>;
      expect(Object.keys(me).filter((k) => /pass(word)?_?hash|^password$/.test(k))).to.deep.equal([]);
    });

    it('lists users by username with paging', async () => {
      const all = await alice.client.getProfiles(0, 200);
      const names = all.map((u) => u.username);
      expect(names).to.deep.equal([...names].sort());
      const page0 = await alice.client.getProfiles(0, 2);
      const page1 = await alice.client.getProfiles(1, 2);
      expect(page0.map((u) => u.id)).to.deep.equal(all.slice(0, 2).map((u) => u.id));
      expect(page1.map((u) => u.id)).to.deep.equal(all.slice(2, 4).map((u) => u.id));
    });

    it('searches users by username prefix', async () => {
      const found = await alice.client.searchUsers(bob.user.username.slice(0, -1), {});
      expect(found.map((u) => u.id)).to.include(bob.user.id);
      expect(found.map((u) => u.id)).not.to.include(admin.user.id);
    });

    it('finds users by email prefix only for viewers allowed to see emails', async () => {
      const prefix = bob.user.email.slice(0, bob.user.email.indexOf('@') + 3);
      expect((await alice.client.searchUsers(prefix, {})).map((u) => u.id)).to.deep.equal([bob.user.id]);
      ts.config.patch({ PrivacySettings: { ShowEmailAddress: false } });
      expect(await alice.client.searchUsers(prefix, {})).to.deep.equal([]);
      expect((await admin.client.searchUsers(prefix, {})).map((u) => u.id)).to.deep.equal([bob.user.id]);
    });

    it('hides other users\' emails from non-admins when ShowEmailAddress is false', async () => {
      ts.config.patch({ PrivacySettings: { ShowEmailAddress: false } });
      expect((await alice.client.getUser(bob.user.id)).email).to.equal('');
      expect((await alice.client.getMe()).email).to.equal(alice.user.email);
      expect((await admin.client.getUser(bob.user.id)).email).to.equal(bob.user.email);
      await expectClientError(alice.client.getUserByEmail(bob.user.email), 403);
    });
  });

  describe('team and channel filters', () => {
    let carol: LoggedIn;
    let teamId: string;
    let channelId: string;
    before(async () => {
      carol = await createUser(ts, admin.client);
      const team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Filters', type: 'O' } as Team);
      teamId = team.id;
      await admin.client.addToTeam(teamId, alice.user.id);
      await admin.client.addToTeam(teamId, bob.user.id);
      const channel = await admin.client.createChannel({ team_id: teamId, name: uniqueName('chan'), display_name: 'Filters', type: 'O' } as Channel);
      channelId = channel.id;
      await admin.client.addToChannel(alice.user.id, channelId);
    });

    it('lists the members of a team, and those not in it or in no team', async () => {
      const inTeam = await alice.client.getProfilesInTeam(teamId);
      expect(inTeam.map((u) => u.id)).to.have.members([admin.user.id, alice.user.id, bob.user.id]);
      const notInTeam = await alice.client.getProfilesNotInTeam(teamId, false);
      expect(notInTeam.map((u) => u.id)).to.include(carol.user.id).and.not.include(alice.user.id);
      const withoutTeam = await admin.client.getProfilesWithoutTeam();
      expect(withoutTeam.map((u) => u.id)).to.include(carol.user.id).and.not.include(bob.user.id);
    });

    it('lists the members of a channel', async () => {
      const inChannel = await alice.client.getProfilesInChannel(channelId);
      expect(inChannel.map((u) => u.id)).to.have.members([admin.user.id, alice.user.id]);
    });

    it("orders a channel's members by status (online, away, do not disturb, offline) or with its admins first, as Mattermost's sort=status and sort=admin", async () => {
      const channel = await admin.client.createChannel({ team_id: teamId, name: uniqueName('sorted'), display_name: 'Sorted', type: 'O' } as Channel);
      const dave = await createUser(ts, admin.client);
      await admin.client.addToTeam(teamId, dave.user.id);
      for (const who of [alice, bob, dave]) await admin.client.addToChannel(who.user.id, channel.id);
      const statuses: [LoggedIn, string][] = [[admin, 'online'], [alice, 'dnd'], [bob, 'away'], [dave, 'offline']];
      for (const [who, status] of statuses) await who.client.updateStatus({ user_id: who.user.id, status } as UserStatus);
      const byStatus = await alice.client.getProfilesInChannel(channel.id, 0, 60, 'status');
      expect(byStatus.map((u) => u.id)).to.deep.equal([admin.user.id, bob.user.id, alice.user.id, dave.user.id]);
      const byAdmin = await alice.client.getProfilesInChannel(channel.id, 0, 60, 'admin');
      expect(byAdmin[0].id).to.equal(admin.user.id); // the channel's creator is its admin
      const others = byAdmin.slice(1).map((u) => u.username);
      expect(others).to.deep.equal([...others].sort());
    });

    it('refuses a sort that does not fit the list, as Mattermost does', async () => {
      const list = (query: string) => fetch(`${ts.url}/api/v4/users?${query}`, { headers: { Authorization: `Bearer ${alice.client.getToken()}` } });
      for (const query of ['sort=status', `in_team=${teamId}&sort=admin`, `in_channel=${channelId}&sort=create_at`, 'sort=last_activity_at', `in_team=${teamId}&sort=nonsense`]) {
        const refused = await list(query);
        expect(refused.status, query).to.equal(400);
        expect(((await refused.json()) as { id: string }).id, query).to.equal('api.context.invalid_param.app_error');
      }
      expect((await list(`in_team=${teamId}&sort=create_at`)).status).to.equal(200);
    });

    it('lists the team\'s users outside a channel by username, paged, and autocompletes the active ones, whether the channel holds most of the team or few of it', async () => {
      const team = await admin.client.createTeam({ name: uniqueName('outside'), display_name: 'Outside', type: 'O' } as Team);
      const people: LoggedIn[] = [];
      for (let i = 0; i < 6; i++) people.push(await createUser(ts, admin.client));
      for (const who of people) await admin.client.addToTeam(team.id, who.user.id);
      const gone = people[5].user.username;
      await admin.client.updateUserActive(people[5].user.id, false);
      const most = await admin.client.createChannel({ team_id: team.id, name: uniqueName('most'), display_name: 'Most', type: 'O' } as Channel);
      for (const who of people.slice(0, 4)) await admin.client.addToChannel(who.user.id, most.id);
      const few = await admin.client.createChannel({ team_id: team.id, name: uniqueName('few'), display_name: 'Few', type: 'O' } as Channel);
      const byName = (users: LoggedIn[]) => users.map((u) => u.user).sort((a, b) => (a.username < b.username ? -1 : 1)).map((u) => u.username);
      const outside = async (channel: Channel, perPage: number) => {
        const names: string[] = [];
        for (let page = 0; page < 10; page++) {
          const listed = await admin.client.getProfilesNotInChannel(team.id, channel.id, false, page, perPage);
          names.push(...listed.map((u) => u.username));
          if (listed.length < perPage) return names;
        }
        throw new Error('more pages than users');
      };
      // The team: the admin (its creator, in both channels), five active people and a deactivated one.
      expect(await outside(most, 2)).to.deep.equal(byName(people.slice(4)));
      expect(await outside(few, 2)).to.deep.equal(byName(people));
      const term = people[4].user.username;
      expect((await admin.client.autocompleteUsers(term, team.id, most.id)).out_of_channel?.map((u) => u.username)).to.deep.equal([term]);
      expect((await admin.client.autocompleteUsers(term, team.id, few.id)).out_of_channel?.map((u) => u.username)).to.deep.equal([term]);
      for (const channel of [most, few]) expect((await admin.client.autocompleteUsers(gone, team.id, channel.id)).out_of_channel).to.deep.equal([]);
    });

    it('searches within a team', async () => {
      const found = await alice.client.searchUsers(carol.user.username, { team_id: teamId });
      expect(found).to.deep.equal([]);
      const member = await alice.client.searchUsers(bob.user.username, { team_id: teamId });
      expect(member.map((u) => u.id)).to.deep.equal([bob.user.id]);
    });
  });

  describe('changing', () => {
    it('lets users patch themselves but not others, and admins patch anyone', async () => {
      const patched = await alice.client.patchUser({ id: alice.user.id, nickname: 'Ali', first_name: 'Alice' } as UserProfile);
      expect(patched).to.include({ nickname: 'Ali', first_name: 'Alice' });
      await expectClientError(alice.client.patchUser({ id: bob.user.id, nickname: 'hacked' } as UserProfile), 403);
      const byAdmin = await admin.client.patchUser({ id: bob.user.id, position: 'Engineer' } as UserProfile);
      expect(byAdmin.position).to.equal('Engineer');
      expect((await bob.client.getMe()).nickname).not.to.equal('hacked');
    });

    it('ignores roles in a self patch', async () => {
      const patched = await alice.client.patchUser({ id: alice.user.id, roles: 'system_admin system_user' } as UserProfile);
      expect(patched.roles).to.equal('system_user');
    });

    it('rejects a patch to a taken username with 400', async () => {
      await expectClientError(alice.client.patchUser({ id: alice.user.id, username: bob.user.username } as UserProfile), 400, 'app.user.save.username_exists.app_error');
    });

    it('counts profile text in runes against Mattermost\'s limits, refusing longer text with its ids', async () => {
      const smiles = '\u{1F600}'.repeat(64);
      expect((await alice.client.patchUser({ id: alice.user.id, nickname: smiles } as UserProfile)).nickname).to.equal(smiles);
      await expectClientError(alice.client.patchUser({ id: alice.user.id, nickname: `${smiles}x` } as UserProfile), 400, 'model.user.is_valid.nickname.app_error');
      await expectClientError(admin.client.createUser(newProfile(uniqueName(), { position: 'p'.repeat(129) }), '', ''), 400, 'model.user.is_valid.position.app_error');
      expect((await alice.client.getMe()).nickname).to.equal(smiles);
    });

    it('lets only admins change roles, and rejects unknown roles', async () => {
      const carol = await createUser(ts, admin.client);
      await expectClientError(carol.client.updateUserRoles(carol.user.id, 'system_admin system_user'), 403);
      await expectClientError(admin.client.updateUserRoles(carol.user.id, 'system_user overlord'), 400, 'api.user.update_user_roles.bad_roles');
      await admin.client.updateUserRoles(carol.user.id, 'system_user system_admin');
      expect((await carol.client.getMe()).roles).to.equal('system_user system_admin');
      await carol.client.getConfig();
    });

    it('refuses a password change with the wrong current password', async () => {
      await expectClientError(alice.client.updateUserPassword(alice.user.id, 'wrong-password', 'another-password'), 400, 'api.user.update_password.incorrect.app_error');
    });

    it('changes the password and signs out the user\'s other sessions', async () => {
      const dave = await createUser(ts, admin.client);
      const otherDevice = await login(ts, dave.user.username);
      await dave.client.updateUserPassword(dave.user.id, PASSWORD, 'brand-new-password');
      await dave.client.getMe();
      await expectClientError(otherDevice.client.getMe(), 401);
      await expectClientError(login(ts, dave.user.username), 401, 'api.user.login.invalid_credentials_email_username');
      await login(ts, dave.user.username, 'brand-new-password');
    });
  });

  describe('activation', () => {
    let erin: LoggedIn;
    before(async () => {
      erin = await createUser(ts, admin.client);
    });

    it('deactivation refuses later logins and rejects the existing session', async () => {
      await admin.client.updateUserActive(erin.user.id, false);
      await expectClientError(erin.client.getMe(), 401);
      await expectClientError(login(ts, erin.user.username), 401, 'api.user.login.inactive.app_error');
      expect((await admin.client.getUser(erin.user.id)).delete_at).to.be.above(0);
    });

    it('lets only admins reactivate', async () => {
      await expectClientError(alice.client.updateUserActive(erin.user.id, true), 403);
      await admin.client.updateUserActive(erin.user.id, true);
      const again = await login(ts, erin.user.username);
      expect(again.user.delete_at).to.equal(0);
    });

    it('forbids deactivating someone else without being admin', async () => {
      await expectClientError(alice.client.updateUserActive(bob.user.id, false), 403);
    });
  });

  describe('personal access tokens', () => {
    function bearerClient(token: string | undefined): Client4 {
      expect(token).to.be.a('string');
      const client = ts.client();
      client.setToken(token!);
      return client;
    }

    it('refuses a plain user without the system_user_access_token role', async () => {
      await expectClientError(alice.client.createUserAccessToken(alice.user.id, 'mine'), 403);
    });

    it('lets a user with the token role create one for themselves only', async () => {
      const frank = await createUser(ts, admin.client);
      await admin.client.updateUserRoles(frank.user.id, 'system_user system_user_access_token');
      const token = await frank.client.createUserAccessToken(frank.user.id, 'ci');
      expect(token.token).to.have.length.above(20);
      await expectClientError(frank.client.createUserAccessToken(alice.user.id, 'not mine'), 403);
    });

    it('authenticates as Bearer, is disabled, enabled and revoked, and never lists its value', async () => {
      const created = await admin.client.createUserAccessToken(admin.user.id, 'automation');
      const client = bearerClient(created.token);
      expect((await client.getMe()).id).to.equal(admin.user.id);

      const listed = await admin.client.getUserAccessTokensForUser(admin.user.id);
      expect(listed.map((t) => t.id)).to.include(created.id);
      for (const t of [...listed, ...(await admin.client.getUserAccessTokens()), await admin.client.getUserAccessToken(created.id)]) {
        expect(t).not.to.have.property('token');
      }

      await admin.client.disableUserAccessToken(created.id);
      await expectClientError(client.getMe(), 401);
      expect((await admin.client.getUserAccessToken(created.id)).is_active).to.equal(false);
      await admin.client.enableUserAccessToken(created.id);
      expect((await client.getMe()).id).to.equal(admin.user.id);

      await admin.client.revokeUserAccessToken(created.id);
      await expectClientError(client.getMe(), 401);
      await expectClientError(admin.client.getUserAccessToken(created.id), 404);
    });

    it('stops working when its owner is deactivated', async () => {
      const gina = await createUser(ts, admin.client);
      const created = await admin.client.createUserAccessToken(gina.user.id, 'bot-like');
      const client = bearerClient(created.token);
      expect((await client.getMe()).id).to.equal(gina.user.id);
      await admin.client.updateUserActive(gina.user.id, false);
      await expectClientError(client.getMe(), 401);
    });
  });
});

describe('first sign-up race', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(async () => {
    await ts.close();
  });

  it('makes exactly one system admin when several people sign up at once on an empty server', async () => {
    const names = Array.from({ length: 5 }, () => uniqueName('racer'));
    const results = await Promise.allSettled(
      names.map((username) => ts.client().createUser({ username, email: `${username}@example.com`, password: PASSWORD } as UserProfile, '', '')),
    );
    const created = results.filter((r): r is PromiseFulfilledResult<UserProfile> => r.status === 'fulfilled').map((r) => r.value);
    expect(created).to.have.length(1);
    expect(created[0].roles).to.equal('system_admin system_user');
    for (const refused of results.filter((r) => r.status === 'rejected')) {
      expect((refused as PromiseRejectedResult).reason.server_error_id).to.equal('api.user.create_user.no_open_server');
    }
  });
});

describe('users API on a server whose first account is a plugin\'s bot', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(async () => {
    await ts.close();
  });

  it('still makes the first person to sign up a system admin', async () => {
    // A prepackaged plugin may make its bot before anyone has signed up; bots do not count (as in Mattermost).
    await ts.server.services.bots.ensure('com.example.early', { username: uniqueName('earlybot'), displayName: 'Early', description: '' });
    const first = await createAdmin(ts);
    expect(first.user.roles).to.equal('system_admin system_user');
  });
});

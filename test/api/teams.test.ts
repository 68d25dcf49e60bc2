import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { PASSWORD, createAdmin, createUser, login, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

const INVALID_PARAM = 'api.context.invalid_param.app_error';

function newTeam(fields: Partial<Team> = {}): Team {
  const name = uniqueName('team');
  return { name, display_name: `Team ${name}`, type: 'O', ...fields } as Team;
}

describe('teams API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  const events: LiveEvent[] = [];

  before(async () => {
    ts = await startTestServer({ config: { TeamSettings: { MaxUsersPerTeam: 3 } } });
    ts.server.events.subscribe((e) => events.push(e));
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
  });
  after(async () => {
    await ts.close();
  });

  async function channelNames(client: Client4, teamId: string): Promise<string[]> {
    const channels = await client.getMyChannels(teamId);
    expect(channels.every((c) => c.team_id === teamId || c.team_id === '')).to.equal(true);
    return channels.map((c) => c.name).sort();
  }

  it('creates a team with its creator as team admin and the default channels', async () => {
    const team = await alice.client.createTeam(newTeam());
    expect(team.id).to.have.length(26);
    expect(team.invite_id).to.have.length.greaterThan(0);
    const member = await alice.client.getTeamMember(team.id, alice.user.id);
    expect(member).to.include({ team_id: team.id, user_id: alice.user.id, roles: 'team_user team_admin', scheme_admin: true, delete_at: 0 });
    expect(await channelNames(alice.client, team.id)).to.deep.equal(['off-topic', 'town-square']);
    const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
    expect(townSquare).to.include({ display_name: 'Town Square', type: 'O' });
  });

  it('rejects a taken team name with app.team.save.existing.app_error', async () => {
    const team = await alice.client.createTeam(newTeam());
    await expectClientError(alice.client.createTeam(newTeam({ name: team.name })), 400, 'app.team.save.existing.app_error');
  });

  it('rejects invalid and reserved team names', async () => {
    for (const name of ['a', 'Upper', '-dash', 'has_underscore', 'x'.repeat(65)]) {
      await expectClientError(alice.client.createTeam(newTeam({ name })), 400, 'model.team.is_valid.characters.app_error');
    }
    for (const name of ['api', 'admin', 'signup', 'login', 'oauth', 'plugins', 'static', 'channels']) {
      await expectClientError(alice.client.createTeam(newTeam({ name })), 400, 'model.team.is_valid.reserved.app_error');
    }
    await expectClientError(alice.client.createTeam(newTeam({ type: 'X' as 'O' })), 400, 'model.team.is_valid.type.app_error');
  });

  it('finds a team by id and by name for its members but hides invite-only teams from others', async () => {
    const team = await alice.client.createTeam(newTeam({ type: 'I' }));
    expect((await alice.client.getTeamByName(team.name)).id).to.equal(team.id);
    expect((await admin.client.getTeam(team.id)).id).to.equal(team.id);
    await expectClientError(bob.client.getTeam(team.id), 403, 'api.context.permissions.app_error');
    await expectClientError(bob.client.getTeamByName(team.name), 403, 'api.context.permissions.app_error');
    await expectClientError(bob.client.getTeamByName('no-such-team'), 404, 'app.team.get_by_name.missing.app_error');
  });

  it('lists open teams to users and every team to system admins', async () => {
    const open = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    const closed = await alice.client.createTeam(newTeam({ type: 'I' }));
    const seenByBob = ((await bob.client.getTeams(0, 200)) as Team[]).map((t) => t.id);
    expect(seenByBob).to.include(open.id).and.not.include(closed.id);
    const seenByAdmin = ((await admin.client.getTeams(0, 200)) as Team[]).map((t) => t.id);
    expect(seenByAdmin).to.include.members([open.id, closed.id]);
  });

  it('shows the invite id only to those who may invite', async () => {
    const team = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    expect((await bob.client.getTeam(team.id)).invite_id).to.equal('');
    expect((await alice.client.getTeam(team.id)).invite_id).to.equal(team.invite_id);
  });

  it('lets a team admin patch and update the team but not a plain member', async () => {
    const team = await alice.client.createTeam(newTeam());
    await alice.client.addToTeam(team.id, bob.user.id);
    const patched = await alice.client.patchTeam({ id: team.id, display_name: 'Renamed', description: 'about' });
    expect(patched).to.include({ display_name: 'Renamed', description: 'about', name: team.name });
    const updated = await alice.client.updateTeam({ ...patched, allow_open_invite: true });
    expect(updated.allow_open_invite).to.equal(true);
    await expectClientError(bob.client.patchTeam({ id: team.id, display_name: 'Hijacked' }), 403, 'api.context.permissions.app_error');
  });

  it('soft-deletes a team so it leaves the member lists', async () => {
    const team = await alice.client.createTeam(newTeam());
    await expectClientError(bob.client.deleteTeam(team.id), 403, 'api.context.permissions.app_error');
    await alice.client.deleteTeam(team.id);
    expect((await alice.client.getTeam(team.id)).delete_at).to.be.greaterThan(0);
    expect((await alice.client.getMyTeams()).map((t) => t.id)).not.to.include(team.id);
  });

  it('lets a user join an open team and then its default channels', async () => {
    const team = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    const member = await bob.client.addToTeam(team.id, bob.user.id);
    expect(member).to.include({ team_id: team.id, user_id: bob.user.id, roles: 'team_user' });
    expect(await channelNames(bob.client, team.id)).to.deep.equal(['off-topic', 'town-square']);
    expect((await bob.client.getMyTeams()).map((t) => t.id)).to.include(team.id);
    expect((await bob.client.getMyTeamMembers()).map((m) => m.team_id)).to.include(team.id);
  });

  it('refuses joining an invite-only team without the invite link, and adding users as an outsider', async () => {
    const team = await alice.client.createTeam(newTeam({ type: 'I' }));
    await expectClientError(bob.client.addToTeam(team.id, bob.user.id), 403, 'api.context.permissions.app_error');
    const open = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    await expectClientError(bob.client.addToTeam(open.id, admin.user.id), 403, 'api.context.permissions.app_error');
  });

  it('lets a user join through the invite id', async () => {
    const team = await alice.client.createTeam(newTeam({ type: 'I' }));
    const member = await bob.client.joinTeam(team.invite_id);
    expect(member).to.include({ team_id: team.id, user_id: bob.user.id });
    await expectClientError(bob.client.joinTeam('not-an-invite'), 404, 'app.team.get_by_invite_id.finding.app_error');
  });

  it('tells anyone, before signing in, which open team an invite id leads to (GET /teams/invite/{invite_id}), never an invite-only one', async () => {
    const open = await alice.client.createTeam(newTeam({ type: 'O', description: 'all welcome' }));
    const closed = await alice.client.createTeam(newTeam({ type: 'I' }));
    const info = await ts.client().getTeamInviteInfo(open.invite_id);
    expect(info).to.deep.equal({ display_name: open.display_name, description: 'all welcome', name: open.name, id: open.id });
    await expectClientError(ts.client().getTeamInviteInfo(closed.invite_id), 403, 'api.team.get_invite_info.not_open_team');
    await expectClientError(ts.client().getTeamInviteInfo('not-an-invite'), 404, 'app.team.get_by_invite_id.finding.app_error');
  });

  it('regenerates the invite id for team admins: the old link stops working, the new one lets people join', async () => {
    const team = await alice.client.createTeam(newTeam({ type: 'I' }));
    await expectClientError(bob.client.regenerateTeamInviteId(team.id), 403, 'api.context.permissions.app_error');
    const regenerated = await alice.client.regenerateTeamInviteId(team.id);
    expect(regenerated.id).to.equal(team.id);
    expect(regenerated.invite_id).to.match(/^[0-9a-f]{32}$/).and.not.equal(team.invite_id);
    expect((await alice.client.getTeam(team.id)).invite_id).to.equal(regenerated.invite_id);
    await expectClientError(bob.client.joinTeam(team.invite_id), 404, 'app.team.get_by_invite_id.finding.app_error');
    expect(await bob.client.joinTeam(regenerated.invite_id)).to.include({ team_id: team.id, user_id: bob.user.id });
  });

  it('signs a new user up through a team invite and adds them to the team', async () => {
    const team = await alice.client.createTeam(newTeam({ type: 'I' }));
    const username = uniqueName('invited');
    const user = await ts.client().createUser({ username, email: `${username}@example.com`, password: PASSWORD } as UserProfile, '', team.invite_id);
    const invited = await login(ts, username);
    expect((await invited.client.getTeamMember(team.id, user.id)).user_id).to.equal(user.id);
    await expectClientError(
      ts.client().createUser({ username: uniqueName('x'), email: `${uniqueName('x')}@example.com`, password: PASSWORD } as UserProfile, '', 'bogus'),
      404,
      'app.team.get_by_invite_id.finding.app_error',
    );
  });

  it('removes a member from the team and its channels, lets members leave, and announces both', async () => {
    const team = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    await bob.client.addToTeam(team.id, bob.user.id);
    await expectClientError(bob.client.removeFromTeam(team.id, alice.user.id), 403, 'api.context.permissions.app_error');
    await alice.client.removeFromTeam(team.id, bob.user.id);
    await expectClientError(alice.client.getTeamMember(team.id, bob.user.id), 404, 'app.team.get_member.missing.app_error');
    const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
    await expectClientError(alice.client.getChannelMember(townSquare.id, bob.user.id), 404);
    await bob.client.addToTeam(team.id, bob.user.id);
    await bob.client.removeFromTeam(team.id, bob.user.id);
    expect((await bob.client.getMyTeams()).map((t) => t.id)).not.to.include(team.id);
    const teamEvents = events.filter((e) => e.data.team_id === team.id).map((e) => [e.event, e.data, e.broadcast]);
    expect(teamEvents).to.deep.include.members([
      ['added_to_team', { team_id: team.id, user_id: bob.user.id }, { user_id: bob.user.id }],
      ['leave_team', { team_id: team.id, user_id: bob.user.id }, { team_id: team.id }],
      ['leave_team', { team_id: team.id, user_id: bob.user.id }, { user_id: bob.user.id }],
    ]);
  });

  it('pages team members and fetches them by ids', async () => {
    const team = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    await bob.client.addToTeam(team.id, bob.user.id);
    const all = await alice.client.getTeamMembers(team.id, 0, 60);
    expect(all.map((m) => m.user_id).sort()).to.deep.equal([alice.user.id, bob.user.id].sort());
    expect(await alice.client.getTeamMembers(team.id, 1, 1)).to.have.length(1);
    const byIds = await alice.client.getTeamMembersByIds(team.id, [bob.user.id]);
    expect(byIds.map((m) => m.user_id)).to.deep.equal([bob.user.id]);
    const stats = await alice.client.getTeamStats(team.id);
    expect(stats).to.include({ team_id: team.id, total_member_count: 2, active_member_count: 2 });
  });

  it("makes a member team admin and back through scheme roles (Mattermost's web app's way), for team admins only, never both guest and user", async () => {
    const team = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    await bob.client.addToTeam(team.id, bob.user.id);
    await expectClientError(bob.client.updateTeamMemberSchemeRoles(team.id, bob.user.id, true, true), 403, 'api.context.permissions.app_error');
    expect(await alice.client.updateTeamMemberSchemeRoles(team.id, bob.user.id, true, true)).to.deep.equal({ status: 'OK' });
    expect(await bob.client.getTeamMember(team.id, bob.user.id)).to.include({ roles: 'team_user team_admin', scheme_admin: true, scheme_user: true });
    await alice.client.updateTeamMemberSchemeRoles(team.id, bob.user.id, true, false);
    expect(await bob.client.getTeamMember(team.id, bob.user.id)).to.include({ roles: 'team_user', scheme_admin: false });
    const schemeRoles = (body: unknown) =>
      fetch(`${ts.url}/api/v4/teams/${team.id}/members/${bob.user.id}/schemeRoles`, { method: 'PUT', headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const both = await schemeRoles({ scheme_user: true, scheme_guest: true, scheme_admin: false });
    expect([both.status, (await both.json()).id]).to.deep.equal([400, 'api.team.update_team_member_roles.guest_and_user.app_error']);
    const guest = await schemeRoles({ scheme_user: false, scheme_guest: true, scheme_admin: false });
    expect([guest.status, (await guest.json()).id]).to.deep.equal([400, 'api.team.update_team_member_roles.changing_guest_role.app_error']);
    const malformed = await schemeRoles({ scheme_user: 'yes' });
    expect(malformed.status).to.equal(400);
    expect(await bob.client.getTeamMember(team.id, bob.user.id)).to.include({ roles: 'team_user', scheme_guest: false });
  });

  it('updates team roles for team admins only', async () => {
    const team = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    await bob.client.addToTeam(team.id, bob.user.id);
    await expectClientError(bob.client.updateTeamMemberRoles(team.id, bob.user.id, ['team_user', 'team_admin']), 403, 'api.context.permissions.app_error');
    await alice.client.updateTeamMemberRoles(team.id, bob.user.id, ['team_user', 'team_admin']);
    expect((await bob.client.getTeamMember(team.id, bob.user.id)).roles).to.equal('team_user team_admin');
    await expectClientError(alice.client.updateTeamMemberRoles(team.id, bob.user.id, ['system_admin']), 400, 'api.team.update_team_member_roles.scheme_role.app_error');
    await bob.client.patchTeam({ id: team.id, description: 'now bob may' });
    // Mattermost's own wire form is a space-separated string.
    const response = await fetch(`${ts.url}/api/v4/teams/${team.id}/members/${bob.user.id}/roles`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ roles: 'team_user' }),
    });
    expect(response.status).to.equal(200);
    expect((await bob.client.getTeamMember(team.id, bob.user.id)).roles).to.equal('team_user');
  });

  it('refuses team bodies of the wrong shape with invalid_param before anything changes', async () => {
    await expectClientError(alice.client.createTeam({ ...newTeam(), allow_open_invite: 'yes' } as unknown as Team), 400, INVALID_PARAM);
    const team = await alice.client.createTeam(newTeam());
    const other = await alice.client.createTeam(newTeam());
    await expectClientError(alice.client.patchTeam({ id: team.id, display_name: 7 } as unknown as Team), 400, INVALID_PARAM);
    const send = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${ts.url}/api/v4${path}`, {
        method,
        headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return [response.status, ((await response.json()) as { id: string }).id];
    };
    expect(await send('PUT', `/teams/${team.id}`, { ...other, description: 'crossed' })).to.deep.equal([400, INVALID_PARAM]);
    expect(await send('POST', `/teams/${team.id}/members`, { team_id: other.id, user_id: bob.user.id })).to.deep.equal([400, INVALID_PARAM]);
    expect(await send('PUT', `/teams/${team.id}/members/${alice.user.id}/roles`, { roles: 7 })).to.deep.equal([400, INVALID_PARAM]);
    expect((await alice.client.getTeam(team.id)).description).to.equal('');
    expect((await alice.client.getTeamMembers(team.id, 0, 10)).map((m) => m.user_id)).to.deep.equal([alice.user.id]);
  });

  it("sends Mattermost's Team, TeamMember and TeamStats fields", async () => {
    const team = await alice.client.createTeam(newTeam());
    expect(team).to.include({ scheme_id: '', group_constrained: false, policy_id: null, last_team_icon_update: 0 });
    const member = await alice.client.getTeamMember(team.id, alice.user.id);
    expect(member).to.deep.equal({ team_id: team.id, user_id: alice.user.id, roles: 'team_user team_admin', delete_at: 0, scheme_guest: false, scheme_user: true, scheme_admin: true, explicit_roles: '' });
    expect(await alice.client.getTeamStats(team.id)).to.deep.equal({ team_id: team.id, total_member_count: 1, active_member_count: 1 });
  });

  it('enforces MaxUsersPerTeam', async () => {
    const team = await alice.client.createTeam(newTeam({ allow_open_invite: true }));
    await bob.client.addToTeam(team.id, bob.user.id);
    await admin.client.addToTeam(team.id, admin.user.id);
    const carol = await createUser(ts, admin.client);
    await expectClientError(carol.client.addToTeam(team.id, carol.user.id), 400, 'app.team.join_user_to_team.max_accounts.app_error');
  });

  it('adds users in a batch (POST /teams/{id}/members/batch), strictly or gracefully with an outcome per user', async () => {
    const team = await alice.client.createTeam(newTeam());
    const added = await alice.client.addUsersToTeam(team.id, [bob.user.id, admin.user.id]);
    expect(added.map((m) => m.user_id)).to.deep.equal([bob.user.id, admin.user.id]);
    expect(added[0]).to.include({ team_id: team.id, roles: 'team_user', delete_at: 0 });
    expect((await bob.client.getMyTeams()).map((t) => t.id)).to.include(team.id);
    // The team is full (MaxUsersPerTeam 3): strict fails, graceful says so per user; a member already in is simply there.
    const carol = await createUser(ts, admin.client);
    await expectClientError(alice.client.addUsersToTeam(team.id, [carol.user.id]), 400, 'app.team.join_user_to_team.max_accounts.app_error');
    const outcomes = (await alice.client.addUsersToTeamGracefully(team.id, [bob.user.id, carol.user.id])) as unknown as Array<{ user_id: string; member: { user_id: string } | null; error: { id: string } | null }>;
    expect(outcomes.map((o) => [o.user_id, o.member?.user_id ?? null, o.error?.id ?? null])).to.deep.equal([
      [bob.user.id, bob.user.id, null],
      [carol.user.id, null, 'app.team.join_user_to_team.max_accounts.app_error'],
    ]);
  });

  it('refuses a batch from outside the team (403), an empty one, one over 256 and one naming another team (400)', async () => {
    const team = await alice.client.createTeam(newTeam());
    await expectClientError(bob.client.addUsersToTeam(team.id, [bob.user.id]), 403, 'api.context.permissions.app_error');
    await expectClientError(alice.client.addUsersToTeam(team.id, []), 400, INVALID_PARAM);
    await expectClientError(alice.client.addUsersToTeam(team.id, Array.from({ length: 257 }, () => bob.user.id)), 400, INVALID_PARAM);
    await expectClientError(alice.client.addUsersToTeam(team.id, ['not-an-id']), 400, INVALID_PARAM);
    const other = await alice.client.createTeam(newTeam());
    const response = await fetch(`${ts.url}/api/v4/teams/${team.id}/members/batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ team_id: other.id, user_id: admin.user.id }]),
    });
    expect(response.status).to.equal(400);
  });
});

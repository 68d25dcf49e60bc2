import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

const SCHEME_ROLE = 'api.channel.update_channel_member_roles.scheme_role.app_error';

describe('PUT /channels/{id}/members/{user_id}/schemeRoles', () => {
  let ts: TestServer;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  const events: LiveEvent[] = [];

  before(async () => {
    ts = await startTestServer();
    ts.server.events.subscribe((e) => events.push(e));
    const admin = await createAdmin(ts);
    [alice, bob] = [await createUser(ts, admin.client), await createUser(ts, admin.client)];
    const name = uniqueName('team');
    team = await alice.client.createTeam({ name, display_name: name, type: 'O', allow_open_invite: true } as Team);
    await bob.client.addToTeam(team.id, bob.user.id);
  });
  after(async () => {
    await ts.close();
  });

  async function channelWithBob(): Promise<Channel> {
    const name = uniqueName('chan');
    const channel = await alice.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O' } as Channel);
    await bob.client.addToChannel(bob.user.id, channel.id);
    return channel;
  }

  it('makes a member channel admin and back, and tells the member', async () => {
    const channel = await channelWithBob();
    await alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, true);
    expect(await bob.client.getChannelMember(channel.id, bob.user.id)).to.include({ roles: 'channel_user channel_admin', scheme_admin: true, scheme_user: true });
    expect(events.filter((e) => e.event === 'channel_member_updated' && e.broadcast.user_id === bob.user.id)).to.have.length.greaterThan(0);
    await alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, false);
    expect(await bob.client.getChannelMember(channel.id, bob.user.id)).to.include({ roles: 'channel_user', scheme_admin: false });
  });

  it('refuses members without manage_channel_roles, even for themselves', async () => {
    const channel = await channelWithBob();
    await expectClientError(bob.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, true), 403, 'api.context.permissions.app_error');
    expect((await bob.client.getChannelMember(channel.id, bob.user.id)).scheme_admin).to.equal(false);
  });

  it('refuses a member without the user role, a guest and a user who is not a member', async () => {
    const channel = await channelWithBob();
    await expectClientError(alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, false, true), 400, SCHEME_ROLE);
    const put = (body: unknown) =>
      fetch(`${ts.url}/api/v4/channels/${channel.id}/members/${bob.user.id}/schemeRoles`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => [r.status, ((await r.json()) as { id: string }).id]);
    expect(await put({ scheme_user: true, scheme_guest: true })).to.deep.equal([400, 'api.channel.update_channel_member_roles.guest_and_user.app_error']);
    expect(await put({ scheme_guest: true })).to.deep.equal([400, 'api.channel.update_channel_member_roles.changing_guest_role.app_error']);
    expect(await put({ scheme_user: 'yes' })).to.deep.equal([400, 'api.context.invalid_param.app_error']);
    expect(await put(['scheme_user'])).to.deep.equal([400, 'api.context.invalid_param.app_error']);
    await bob.client.removeFromChannel(bob.user.id, channel.id);
    await expectClientError(alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, true), 404);
    expect((await alice.client.getChannelMember(channel.id, alice.user.id)).scheme_admin).to.equal(true);
  });
});

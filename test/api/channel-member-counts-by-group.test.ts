// GET /channels/{id}/member_counts_by_group through Client4's getChannelMemberCountsByGroup: per
// group, how many of the channel's members it has and in how many time zones, for readers of the
// channel.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { newId } from '../../core/src/app/ids.ts';

describe('channel member counts by group', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let [alice, bob, carol, outsider]: LoggedIn[] = [];
  let channel: Channel;
  let engineering: string;
  let design: string;

  /** A directory group as the LDAP sync leaves it: linked, with its members. */
  async function linkedGroup(memberIds: string[]): Promise<string> {
    const now = Date.now();
    const id = await ts.store.groups.link({ id: newId(), name: uniqueName('group'), displayName: uniqueName('Group'), source: 'ldap', remoteId: uniqueName('cn'), now });
    await ts.store.groups.setMembers(id, memberIds, now);
    return id;
  }
  /** Client4 types the answer as one entry; the route answers a list of them, as Mattermost's does. */
  const countsFor = async (who: LoggedIn, withTimezones: boolean) => (await who.client.getChannelMemberCountsByGroup(channel.id, withTimezones)) as unknown as Array<Record<string, unknown>>;
  const setZone = (who: LoggedIn, timezone: Record<string, string>) => admin.client.patchUser({ id: who.user.id, timezone } as unknown as UserProfile);

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    [alice, bob, carol, outsider] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    const team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id, outsider.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, carol.user.id], 'P');
    await setZone(alice, { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris', manualTimezone: '' });
    await setZone(bob, { useAutomaticTimezone: 'false', automaticTimezone: 'Europe/Paris', manualTimezone: 'America/New_York' });
    await setZone(carol, { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris', manualTimezone: '' });
    // The outsider is in Engineering but not in the channel: not counted.
    engineering = await linkedGroup([alice.user.id, bob.user.id, carol.user.id, outsider.user.id]);
    design = await linkedGroup([bob.user.id]);
    await linkedGroup([outsider.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('counts each group\'s members in the channel and their distinct time zones', async () => {
    expect(await countsFor(alice, true)).to.have.deep.members([
      { group_id: engineering, channel_member_count: 3, channel_member_timezones_count: 2 },
      { group_id: design, channel_member_count: 1, channel_member_timezones_count: 1 },
    ]);
  });

  it('leaves the time zones out (0) unless include_timezones is true', async () => {
    const counts = await countsFor(alice, false);
    expect(counts.map((c) => c.channel_member_timezones_count)).to.deep.equal([0, 0]);
  });

  it('stops counting a member who left the group', async () => {
    await ts.store.groups.setMembers(design, [], Date.now());
    expect((await countsFor(alice, false)).map((c) => c.group_id)).to.deep.equal([engineering]);
  });

  it('refuses someone who cannot read the channel (403), and a malformed id (400)', async () => {
    await expectClientError(outsider.client.getChannelMemberCountsByGroup(channel.id, true), 403, 'api.context.permissions.app_error');
    await expectClientError(alice.client.getChannelMemberCountsByGroup('nope', true), 400, 'api.context.invalid_param.app_error');
  });
});

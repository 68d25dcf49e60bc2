import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

// Each node keeps a user's grants in a channel once a request checked them (app/channel-grants-cache.ts).
// Every case reads first, so the grants are cached, then changes what they are made of and expects
// the very next request to be decided by the change.
describe('channel grants cache', () => {
  let ts: TestServer;
  let admin: Client4;
  let user: LoggedIn;
  let team: Team;

  before(async () => {
    ts = await startTestServer({ config: { GuestAccountsSettings: { Enable: true } } });
    admin = (await createAdmin(ts)).client;
    user = await createUser(ts, admin);
    team = await createTeamWith(admin, [user.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  const readPosts = (channel: Channel) => user.client.getPosts(channel.id);

  it('refuses the next read of a private channel to a member just removed from it', async () => {
    const channel = await createChannelWith(admin, team, [user.user.id], 'P');
    await readPosts(channel);
    await admin.removeFromChannel(user.user.id, channel.id);
    await expectClientError(readPosts(channel), 403);
    await expectClientError(user.client.getChannelStats(channel.id), 403);
  });

  it('lets a user just added to a private channel read it at once, after being refused', async () => {
    const channel = await createChannelWith(admin, team, [], 'P');
    await expectClientError(readPosts(channel), 403);
    await admin.addToChannel(user.user.id, channel.id);
    expect((await readPosts(channel)).order).to.be.an('array');
  });

  it('refuses a non-member the next read of a public channel just made private', async () => {
    const channel = await createChannelWith(admin, team, []);
    await readPosts(channel);
    await admin.updateChannelPrivacy(channel.id, 'P');
    await expectClientError(readPosts(channel), 403);
  });

  it("refuses a channel admin's next admin action once demoted", async () => {
    const other = await createUser(ts, admin);
    await admin.addToTeam(team.id, other.user.id);
    const channel = await createChannelWith(admin, team, [user.user.id, other.user.id], 'P');
    await admin.updateChannelMemberSchemeRoles(channel.id, user.user.id, true, true);
    await user.client.updateChannelMemberSchemeRoles(channel.id, other.user.id, true, false); // allowed: cached as admin
    await admin.updateChannelMemberSchemeRoles(channel.id, user.user.id, true, false);
    await expectClientError(user.client.updateChannelMemberSchemeRoles(channel.id, other.user.id, true, false), 403);
  });

  it('refuses the next read of a public channel to a user who just left its team (a transaction)', async () => {
    const leaver = await createUser(ts, admin);
    const ownTeam = await createTeamWith(admin, [leaver.user.id]);
    const channel = await createChannelWith(admin, ownTeam, []);
    await leaver.client.getPosts(channel.id);
    await leaver.client.removeFromTeam(ownTeam.id, leaver.user.id);
    await expectClientError(leaver.client.getPosts(channel.id), 403);
  });

  it('refuses the next read of a public channel to a user just made a guest (their team role changed in a transaction)', async () => {
    const demoted = await createUser(ts, admin);
    await admin.addToTeam(team.id, demoted.user.id);
    const channel = await createChannelWith(admin, team, []);
    await demoted.client.getChannelStats(channel.id);
    await admin.demoteUserToGuest(demoted.user.id);
    // The session keeps working with the guest's roles; team_guest may not read channels it is not in.
    await expectClientError(demoted.client.getChannelStats(channel.id), 403);
  });
});

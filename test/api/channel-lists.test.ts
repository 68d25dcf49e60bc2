import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const INVALID_PARAM = 'api.context.invalid_param.app_error';

describe('channel and team lists API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let teamA: Team;
  let teamB: Team;

  /** A GET or POST as `who`, for query parameters Client4 does not send. */
  const call = (who: LoggedIn, method: string, path: string, body?: unknown) =>
    fetch(`${ts.url}/api/v4${path}`, {
      method,
      headers: { Authorization: `Bearer ${who.client.getToken()}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const ids = (channels: Array<{ id: string }>) => channels.map((c) => c.id);
  const namedChannel = async (team: Team, members: string[], displayName: string, type: 'O' | 'P' = 'O'): Promise<Channel> => {
    const channel = await admin.client.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: displayName, type } as Channel);
    for (const userId of members) await admin.client.addToChannel(userId, channel.id);
    return channel;
  };

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    teamA = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    teamB = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  describe('GET /users/{user_id}/teams/unread', () => {
    it('sums unread messages and mentions per team, leaving out an excluded team and DMs', async () => {
      const inA = await createChannelWith(admin.client, teamA, [alice.user.id, bob.user.id]);
      const inB = await createChannelWith(admin.client, teamB, [alice.user.id, bob.user.id]);
      const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
      await alice.client.viewMyChannel(inA.id);
      await alice.client.viewMyChannel(inB.id);
      const before = await alice.client.getMyTeamUnreads();
      const countOf = (list: typeof before, team: Team) => list.find((u) => u.team_id === team.id) ?? { msg_count: 0, mention_count: 0 };
      await bob.client.createPost({ channel_id: inA.id, message: `hello @${alice.user.username}` } as Post);
      await bob.client.createPost({ channel_id: inA.id, message: 'and more' } as Post);
      await bob.client.createPost({ channel_id: dm.id, message: 'private word' } as Post);

      const after = await alice.client.getMyTeamUnreads(true);
      expect(countOf(after, teamA).msg_count - countOf(before, teamA).msg_count).to.equal(2);
      expect(countOf(after, teamA).mention_count - countOf(before, teamA).mention_count).to.equal(1);
      expect(countOf(after, teamB).msg_count).to.equal(countOf(before, teamB).msg_count);
      expect(after.map((u) => u.team_id)).not.to.include('');
      expect(after[0]).to.have.all.keys('team_id', 'msg_count', 'msg_count_root', 'mention_count', 'mention_count_root', 'urgent_mention_count', 'thread_count', 'thread_mention_count', 'thread_urgent_mention_count');

      const response = await call(alice, 'GET', `/users/me/teams/unread?exclude_team=${teamA.id}`);
      expect((await response.json()).map((u: { team_id: string }) => u.team_id)).not.to.include(teamA.id);
    });

    it("refuses a malformed exclude_team with 400 and another user's unreads with 403", async () => {
      const bad = await call(alice, 'GET', '/users/me/teams/unread?exclude_team=nope');
      expect(bad.status).to.equal(400);
      expect((await bad.json()).id).to.equal(INVALID_PARAM);
      const other = await call(bob, 'GET', `/users/${alice.user.id}/teams/unread`);
      expect(other.status).to.equal(403);
      expect((await call(admin, 'GET', `/users/${alice.user.id}/teams/unread`)).status).to.equal(200);
    });
  });

  describe('GET /users/{user_id}/channels/{channel_id}/unread', () => {
    const unread = async (who: LoggedIn, userId: string, channelId: string) => {
      const response = await call(who, 'GET', `/users/${userId}/channels/${channelId}/unread`);
      return { status: response.status, body: await response.json() };
    };

    it("counts the channel's unread messages, root posts and mentions since the user last viewed it, none but mentions when it marks unread on mentions only", async () => {
      const channel = await createChannelWith(admin.client, teamA, [alice.user.id, bob.user.id]);
      await alice.client.viewMyChannel(channel.id);
      const root = await bob.client.createPost({ channel_id: channel.id, message: `look @${alice.user.username}` } as Post);
      await bob.client.createPost({ channel_id: channel.id, root_id: root.id, message: 'a reply' } as Post);
      await bob.client.createPost({ channel_id: channel.id, message: 'another root' } as Post);

      const counts = await unread(alice, alice.user.id, channel.id);
      expect(counts.status).to.equal(200);
      expect(counts.body).to.deep.equal({
        team_id: teamA.id,
        channel_id: channel.id,
        msg_count: 3,
        msg_count_root: 2,
        mention_count: 1,
        mention_count_root: 1,
        urgent_mention_count: 0,
      });
      // A system admin may read anyone's.
      expect((await unread(admin, alice.user.id, channel.id)).body).to.deep.equal(counts.body);

      await alice.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: alice.user.id, mark_unread: 'mention' } as never);
      expect((await unread(alice, 'me', channel.id)).body).to.include({ msg_count: 0, msg_count_root: 0, mention_count: 1 });

      await alice.client.viewMyChannel(channel.id);
      expect((await unread(alice, 'me', channel.id)).body).to.include({ msg_count: 0, mention_count: 0, mention_count_root: 0 });
    });

    it("refuses another user's counts (403), a private channel the caller is not in (403), an archived channel (404) and a malformed id (400)", async () => {
      const channel = await createChannelWith(admin.client, teamA, [alice.user.id, bob.user.id]);
      const privateOne = await namedChannel(teamA, [bob.user.id], 'Bob only', 'P');
      const archived = await createChannelWith(admin.client, teamA, [alice.user.id]);
      await admin.client.deleteChannel(archived.id);

      const other = await unread(bob, alice.user.id, channel.id);
      expect(other.status).to.equal(403);
      expect(other.body.id).to.equal('api.context.permissions.app_error');
      expect((await unread(alice, alice.user.id, privateOne.id)).status).to.equal(403);
      const gone = await unread(alice, alice.user.id, archived.id);
      expect(gone.status).to.equal(404);
      expect(gone.body.id).to.equal('app.channel.get_unread.app_error');
      const malformed = await unread(alice, alice.user.id, 'nope');
      expect(malformed.status).to.equal(400);
      expect(malformed.body.id).to.equal(INVALID_PARAM);
    });
  });

  describe('GET /users/{user_id}/channels and channel_members', () => {
    it("lists the user's channels in every team with their DMs, archived ones only when asked", async () => {
      const inA = await createChannelWith(admin.client, teamA, [carol.user.id]);
      const archived = await createChannelWith(admin.client, teamA, [carol.user.id]);
      const dm = await carol.client.createDirectChannel([carol.user.id, alice.user.id]);
      const notMine = await createChannelWith(admin.client, teamB, [alice.user.id]);
      await admin.client.deleteChannel(archived.id);

      const all = ids(await carol.client.getAllTeamsChannels());
      expect(all).to.include.members([inA.id, dm.id]);
      expect(all).not.to.include.members([archived.id, notMine.id]);
      expect(all).to.deep.equal([...all].sort());

      const withDeleted = ids(await (await call(carol, 'GET', `/users/${carol.user.id}/channels?include_deleted=true`)).json());
      expect(withDeleted).to.include(archived.id);
      const later = ids(await (await call(carol, 'GET', `/users/${carol.user.id}/channels?include_deleted=true&last_delete_at=${Date.now() + 60_000}`)).json());
      expect(later).not.to.include(archived.id);
      expect(later).to.include(inA.id);
      expect((await call(bob, 'GET', `/users/${carol.user.id}/channels`)).status).to.equal(403);
    });

    it('pages through memberships of all teams with their team names', async () => {
      const first = await alice.client.getAllChannelsMembers(alice.user.id, 0, 2);
      const second = await alice.client.getAllChannelsMembers(alice.user.id, 1, 2);
      expect(first).to.have.length(2);
      expect(second).to.have.length(2);
      expect(first.filter((m) => second.some((s) => s.channel_id === m.channel_id))).to.deep.equal([]);
      expect(first[0].channel_id < second[0].channel_id).to.equal(true);
      type WithTeam = { channel_id: string; team_name: string; team_display_name: string };
      const all = (await alice.client.getAllChannelsMembers(alice.user.id, 0, 200)) as unknown as WithTeam[];
      const townSquareB = await alice.client.getChannelByName(teamB.id, 'town-square');
      expect(all.find((m) => m.channel_id === townSquareB.id)).to.include({ team_name: teamB.name, team_display_name: teamB.display_name });
      expect(all.every((m) => m.channel_id && 'team_update_at' in m)).to.equal(true);
      await expectClientError(bob.client.getAllChannelsMembers(alice.user.id), 403);
    });
  });

  describe('GET /teams/{team_id}/channels/deleted', () => {
    it('shows archived public channels to the team, and archived private ones only to their members', async () => {
      const open = await createChannelWith(admin.client, teamA, []);
      const closed = await createChannelWith(admin.client, teamA, [alice.user.id], 'P');
      await admin.client.deleteChannel(open.id);
      await admin.client.deleteChannel(closed.id);
      expect(ids(await alice.client.getArchivedChannels(teamA.id, 0, 200))).to.include.members([open.id, closed.id]);
      const forBob = ids(await bob.client.getArchivedChannels(teamA.id, 0, 200));
      expect(forBob).to.include(open.id);
      expect(forBob).not.to.include(closed.id);
      // Carol is not in team B.
      await expectClientError(carol.client.getArchivedChannels(teamB.id), 403);
    });
  });

  describe('channel search and autocomplete', () => {
    it('searches the public channels of a team by name and display name words', async () => {
      const word = uniqueName('zebra');
      const open = await namedChannel(teamA, [], `Project ${word}`);
      const closed = await namedChannel(teamA, [alice.user.id], `Secret ${word}`, 'P');
      expect(ids(await alice.client.searchChannels(teamA.id, word))).to.deep.equal([open.id]);
      expect(ids(await alice.client.searchChannels(teamA.id, word.toUpperCase().slice(0, 8)))).to.include(open.id);
      expect(ids(await alice.client.searchChannels(teamA.id, 'nothing-like-this'))).to.deep.equal([]);
      expect(ids(await alice.client.searchChannels(teamA.id, word))).not.to.include(closed.id);
      await expectClientError(carol.client.searchChannels(teamB.id, word), 403);
      const bad = await call(alice, 'POST', `/teams/${teamA.id}/channels/search`, { term: 5 });
      expect(bad.status).to.equal(400);
      expect((await bad.json()).id).to.equal(INVALID_PARAM);
    });

    it('autocompletes public channels and the private ones the user is in, not archived ones', async () => {
      const word = uniqueName('quokka');
      const open = await namedChannel(teamA, [], `${word} open`);
      const mine = await namedChannel(teamA, [alice.user.id], `${word} mine`, 'P');
      const theirs = await namedChannel(teamA, [bob.user.id], `${word} theirs`, 'P');
      const gone = await namedChannel(teamA, [], `${word} gone`);
      await admin.client.deleteChannel(gone.id);
      const found = ids(await alice.client.autocompleteChannels(teamA.id, word));
      expect(found).to.have.members([open.id, mine.id]);
      expect(found).not.to.include.members([theirs.id, gone.id]);
    });

    it("autocompletes a search's channels: the user's own and their DMs by the other user's name", async () => {
      const word = uniqueName('ibis');
      const mine = await namedChannel(teamA, [carol.user.id], `${word} joined`);
      const notJoined = await namedChannel(teamA, [], `${word} public`);
      const dm = await carol.client.createDirectChannel([carol.user.id, bob.user.id]);
      const found = ids(await carol.client.autocompleteChannelsForSearch(teamA.id, word));
      expect(found).to.deep.equal([mine.id]);
      expect(found).not.to.include(notJoined.id);
      expect(ids(await carol.client.autocompleteChannelsForSearch(teamA.id, bob.user.username.slice(0, 6)))).to.include(dm.id);
      await expectClientError(carol.client.autocompleteChannelsForSearch(teamB.id, word), 403);
    });

    it("finds the user's group messages by a member's name", async () => {
      const dave = await createUser(ts, admin.client);
      const group = await alice.client.createGroupChannel([alice.user.id, bob.user.id, dave.user.id]);
      expect(ids(await alice.client.searchGroupChannels(dave.user.username))).to.deep.equal([group.id]);
      expect(ids(await carol.client.searchGroupChannels(dave.user.username))).to.deep.equal([]);
      const bad = await call(alice, 'POST', '/channels/group/search', {});
      expect(bad.status).to.equal(400);
      expect((await bad.json()).id).to.equal(INVALID_PARAM);
    });
  });

  describe('team search and name check', () => {
    it('searches teams, paged with a total for admins, open teams only for users', async () => {
      const word = uniqueName('heron');
      const open = await admin.client.createTeam({ name: `${word}-open`, display_name: `${word} Open`, type: 'O', allow_open_invite: true } as Team);
      const closed = await admin.client.createTeam({ name: `${word}-closed`, display_name: `${word} Closed`, type: 'I' } as Team);
      expect(ids((await admin.client.searchTeams(word, {})) as unknown as Team[])).to.have.members([open.id, closed.id]);
      const paged = (await admin.client.searchTeams(word, { page: 0, per_page: 1 })) as unknown as { teams: Team[]; total_count: number };
      expect(paged.total_count).to.equal(2);
      expect(paged.teams).to.have.length(1);
      expect(ids((await alice.client.searchTeams(word, {})) as unknown as Team[])).to.deep.equal([open.id]);
      await expectClientError(alice.client.searchTeams(word, { page: 0, per_page: 10 }), 501, 'api.team.search_teams.pagination_not_implemented.public_team_search');
      const bad = await call(alice, 'POST', '/teams/search', { term: ['x'] });
      expect(bad.status).to.equal(400);
      expect((await bad.json()).id).to.equal(INVALID_PARAM);
    });

    it('says whether a team name exists only for teams the user may see', async () => {
      const word = uniqueName('egret');
      await admin.client.createTeam({ name: `${word}-hidden`, display_name: 'Hidden', type: 'I' } as Team);
      expect(await alice.client.checkIfTeamExists(teamA.name)).to.deep.equal({ exists: true });
      expect(await alice.client.checkIfTeamExists(`${word}-hidden`)).to.deep.equal({ exists: false });
      expect(await admin.client.checkIfTeamExists(`${word}-hidden`)).to.deep.equal({ exists: true });
      expect(await alice.client.checkIfTeamExists(`${word}-nowhere`)).to.deep.equal({ exists: false });
      await expectClientError(alice.client.checkIfTeamExists('not a name!'), 400, INVALID_PARAM);
    });
  });

  describe('POST /users/group_channels', () => {
    it('answers the members of each group message the caller is in, by channel id, and leaves out any other channel', async () => {
      const group = await alice.client.createGroupChannel([alice.user.id, bob.user.id, carol.user.id]);
      const others = await admin.client.createGroupChannel([admin.user.id, bob.user.id, carol.user.id]);
      const open = await createChannelWith(admin.client, teamA, [alice.user.id]);
      const profiles = (await alice.client.getProfilesInGroupChannels([group.id, others.id, open.id])) as unknown as Record<string, Array<{ id: string; password?: string }>>;
      expect(Object.keys(profiles)).to.deep.equal([group.id]);
      expect(profiles[group.id]!.map((u) => u.id).sort()).to.deep.equal([alice.user.id, bob.user.id, carol.user.id].sort());
      expect(profiles[group.id]!.every((u) => u.password === undefined)).to.equal(true);
    });

    it('refuses an empty list and a body that is not a list of ids with 400', async () => {
      await expectClientError(alice.client.getProfilesInGroupChannels([]), 400, INVALID_PARAM);
      expect((await call(alice, 'POST', '/users/group_channels', { channel_ids: [] })).status).to.equal(400);
    });
  });
});

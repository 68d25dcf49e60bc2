import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const NOT_FOUND = 'app.post.get.app_error';

describe('post info API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let teammate: LoggedIn;
  let stranger: LoggedIn;
  let team: Team;
  let publicChannel: Channel;
  let privateChannel: Channel;

  const postIn = (who: LoggedIn, channelId: string) => who.client.createPost({ channel_id: channelId, message: 'look here' } as Post);

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    stranger = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, teammate.user.id]);
    publicChannel = await createChannelWith(admin.client, team, [alice.user.id]);
    privateChannel = await createChannelWith(admin.client, team, [alice.user.id], 'P');
  });
  after(async () => {
    await ts.close();
  });

  it("tells a member where the post is: the channel's and team's names and types, both joined", async () => {
    const post = await postIn(alice, publicChannel.id);
    expect(await alice.client.getPostInfo(post.id)).to.deep.equal({
      channel_id: publicChannel.id,
      channel_type: 'O',
      channel_display_name: publicChannel.display_name,
      has_joined_channel: true,
      team_id: team.id,
      team_type: 'I',
      team_display_name: team.display_name,
      has_joined_team: true,
    });
  });

  it('answers a team member for a public channel they have not joined, and not for a private one', async () => {
    const inPublic = await postIn(alice, publicChannel.id);
    expect(await teammate.client.getPostInfo(inPublic.id)).to.include({ channel_id: publicChannel.id, has_joined_channel: false, has_joined_team: true });
    const inPrivate = await postIn(alice, privateChannel.id);
    await expectClientError(teammate.client.getPostInfo(inPrivate.id), 404, NOT_FOUND);
    // Whoever may manage the private channel's members (a team admin) may find it.
    await admin.client.updateTeamMemberSchemeRoles(team.id, teammate.user.id, true, true);
    try {
      expect(await teammate.client.getPostInfo(inPrivate.id)).to.include({ channel_type: 'P', has_joined_channel: false });
    } finally {
      await admin.client.updateTeamMemberSchemeRoles(team.id, teammate.user.id, true, false);
    }
  });

  it('answers someone outside the team only when they may join it: an open team, or as an admin', async () => {
    const post = await postIn(alice, publicChannel.id);
    await expectClientError(stranger.client.getPostInfo(post.id), 404, NOT_FOUND);
    await admin.client.patchTeam({ id: team.id, allow_open_invite: true } as Team);
    try {
      expect(await stranger.client.getPostInfo(post.id)).to.include({ team_id: team.id, team_type: 'O', has_joined_team: false, has_joined_channel: false });
    } finally {
      await admin.client.patchTeam({ id: team.id, allow_open_invite: false } as Team);
    }
    expect(await admin.client.getPostInfo(post.id)).to.include({ team_type: 'I', has_joined_team: true });
  });

  it('answers for a direct message with empty team fields, to its members only', async () => {
    const dm = await alice.client.createDirectChannel([alice.user.id, teammate.user.id]);
    const post = await postIn(alice, dm.id);
    expect(await teammate.client.getPostInfo(post.id)).to.deep.equal({
      channel_id: dm.id,
      channel_type: 'D',
      channel_display_name: '',
      has_joined_channel: true,
      team_id: '',
      team_type: '',
      team_display_name: '',
      has_joined_team: false,
    });
    await expectClientError(stranger.client.getPostInfo(post.id), 404, NOT_FOUND);
  });

  it('answers 404 for a deleted or unknown post and 400 for a malformed id', async () => {
    const post = await postIn(alice, publicChannel.id);
    await alice.client.deletePost(post.id);
    await expectClientError(alice.client.getPostInfo(post.id), 404, NOT_FOUND);
    await expectClientError(alice.client.getPostInfo('x'.repeat(26)), 404, NOT_FOUND);
    await expectClientError(alice.client.getPostInfo('not-an-id'), 400, 'api.context.invalid_param.app_error');
  });
});

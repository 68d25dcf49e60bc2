import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Draft } from '@mattermost/types/drafts';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { pngFile, upload } from '../helpers/file-fixtures.ts';
import { eventually, RecordingClient } from '../helpers/ws-client.ts';

describe('drafts API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  const sockets: RecordingClient[] = [];

  const draft = (fields: Partial<Draft>) => ({ channel_id: channel.id, root_id: '', message: 'half a thought', props: {}, ...fields }) as Draft;
  /** A request Client4 has no call for (another user's drafts), as a client would send it. */
  const raw = (who: LoggedIn, method: string, path: string) =>
    fetch(`${ts.url}/api/v4${path}`, { method, headers: { Authorization: `Bearer ${who.client.getToken()}` } });

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
  });
  afterEach(() => {
    ts.config.patch({ ServiceSettings: { AllowSyncedDrafts: true } });
    for (const socket of sockets.splice(0)) socket.close();
  });
  after(async () => {
    await ts.close();
  });

  it('saves, lists, replaces and deletes a draft of a channel and one of a thread apart', async () => {
    const root = await alice.client.createPost({ channel_id: channel.id, message: 'root' } as Post);
    const saved = await alice.client.upsertDraft(draft({ message: 'first words', props: { foo: 'bar' } }), '');
    expect(saved).to.include({ user_id: alice.user.id, channel_id: channel.id, root_id: '', message: 'first words', delete_at: 0 });
    expect(saved.props).to.deep.equal({ foo: 'bar' });
    await alice.client.upsertDraft(draft({ root_id: root.id, message: 'a reply' }), '');
    const replaced = await alice.client.upsertDraft(draft({ message: 'second words' }), '');
    expect(replaced.create_at).to.equal(saved.create_at);
    expect(replaced.update_at).to.be.at.least(saved.update_at);

    const listed = await alice.client.getUserDrafts(team.id);
    expect(listed.map((d) => `${d.root_id}:${d.message}`)).to.have.members([':second words', `${root.id}:a reply`]);

    await alice.client.deleteDraft(channel.id, root.id, '');
    expect((await alice.client.getUserDrafts(team.id)).map((d) => d.message)).to.deep.equal(['second words']);
    await alice.client.deleteDraft(channel.id, '', '');
    expect(await alice.client.getUserDrafts(team.id)).to.deep.equal([]);
    // Deleting what is not there succeeds, as in Mattermost.
    await alice.client.deleteDraft(channel.id, '', '');
  });

  it('removes the draft and answers null when the message is emptied', async () => {
    await alice.client.upsertDraft(draft({ message: 'soon gone' }), '');
    const answer = await alice.client.upsertDraft(draft({ message: '' }), '');
    expect(answer).to.equal(null);
    expect(await alice.client.getUserDrafts(team.id)).to.deep.equal([]);
  });

  it("shows a draft's waiting files in its metadata", async () => {
    const uploaded = await upload(alice.client, channel.id, [await pngFile('sketch.png', 8, 8)]);
    const fileId = uploaded.file_infos[0].id;
    const saved = await alice.client.upsertDraft(draft({ message: 'with a picture', file_ids: [fileId, fileId] }), '');
    expect(saved.file_ids).to.deep.equal([fileId]);
    expect(saved.metadata?.files?.map((f) => f.id)).to.deep.equal([fileId]);
    await alice.client.deleteDraft(channel.id, '', '');
  });

  it("tells the author's other connections, not the one that made the change", async () => {
    const typing = new RecordingClient();
    const other = new RecordingClient();
    const stranger = new RecordingClient();
    sockets.push(typing, other, stranger);
    await typing.connect(ts, alice.client.getToken());
    await other.connect(ts, alice.client.getToken());
    await stranger.connect(ts, bob.client.getToken());
    const names = (socket: RecordingClient) => socket.events.filter((e) => e.event.startsWith('draft_')).map((e) => e.event);

    await alice.client.upsertDraft(draft({ message: 'one' }), typing.connectionId);
    await alice.client.upsertDraft(draft({ message: 'two' }), typing.connectionId);
    await alice.client.deleteDraft(channel.id, '', typing.connectionId);
    await eventually(() => expect(names(other)).to.deep.equal(['draft_created', 'draft_updated', 'draft_deleted']));
    const created = other.events.find((e) => e.event === 'draft_created')!;
    expect(JSON.parse(created.data.draft as string)).to.include({ message: 'one', channel_id: channel.id, user_id: alice.user.id });
    expect(names(typing)).to.deep.equal([]);
    expect(names(stranger)).to.deep.equal([]);
  });

  it("refuses drafts in a channel the user is not a member of, and another user's drafts", async () => {
    const aliceOnly = await createChannelWith(admin.client, team, [alice.user.id], 'P');
    await expectClientError(bob.client.upsertDraft(draft({ channel_id: aliceOnly.id }), ''), 403, 'api.context.permissions.app_error');
    await alice.client.upsertDraft(draft({ message: 'mine' }), '');

    expect((await raw(bob, 'GET', `/users/${alice.user.id}/teams/${team.id}/drafts`)).status).to.equal(403);
    expect((await raw(bob, 'DELETE', `/users/${alice.user.id}/channels/${channel.id}/drafts`)).status).to.equal(403);
    expect((await alice.client.getUserDrafts(team.id)).map((d) => d.message)).to.deep.equal(['mine']);
    await alice.client.deleteDraft(channel.id, '', '');
  });

  it('no longer lists the drafts of a channel the user left', async () => {
    const leaving = await createChannelWith(admin.client, team, [alice.user.id]);
    await alice.client.upsertDraft(draft({ channel_id: leaving.id, message: 'left behind' }), '');
    await alice.client.removeFromChannel(alice.user.id, leaving.id);
    expect((await alice.client.getUserDrafts(team.id)).map((d) => d.message)).to.not.include('left behind');
  });

  it('refuses a draft without a channel, a bad thread id or an over-long message', async () => {
    await expectClientError(alice.client.upsertDraft({ message: 'where?' } as Draft, ''), 400, 'api.context.invalid_param.app_error');
    await expectClientError(alice.client.upsertDraft(draft({ root_id: 'not-an-id' }), ''), 400, 'api.context.invalid_param.app_error');
    await expectClientError(alice.client.upsertDraft(draft({ message: 'x'.repeat(16384) }), ''), 400, 'model.draft.is_valid.message_length.app_error');
    expect(await alice.client.getUserDrafts(team.id)).to.deep.equal([]);
  });

  it('answers 501 while ServiceSettings.AllowSyncedDrafts is off and says so in the client config', async () => {
    expect((await alice.client.getClientConfig()).AllowSyncedDrafts).to.equal('true');
    ts.config.patch({ ServiceSettings: { AllowSyncedDrafts: false } });
    expect((await alice.client.getClientConfig()).AllowSyncedDrafts).to.equal('false');
    await expectClientError(alice.client.upsertDraft(draft({}), ''), 501, 'api.drafts.disabled.app_error');
    await expectClientError(alice.client.getUserDrafts(team.id), 501, 'api.drafts.disabled.app_error');
  });
});

import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { ChannelBookmark, ChannelBookmarkCreate } from '@mattermost/types/channel_bookmarks';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { pngFile, textFile } from '../helpers/file-fixtures.ts';
import { eventually, RecordingClient } from '../helpers/ws-client.ts';
import type { Client4 } from '@mattermost/client';

const FORBIDDEN = 'api.context.permissions.app_error';
const INVALID_PARAM = 'api.context.invalid_param.app_error';

describe('channel bookmarks API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let outsider: LoggedIn;
  let guest: LoggedIn;
  let team: Team;
  let channel: Channel;
  let privateChannel: Channel;
  const sockets: RecordingClient[] = [];

  const link = (fields: Partial<ChannelBookmarkCreate> = {}) =>
    ({ type: 'link', display_name: 'Handbook', link_url: 'https://example.org/handbook', emoji: ':book:', ...fields }) as ChannelBookmarkCreate;

  /** A file uploaded the way the web app uploads one for a bookmark: POST /files?bookmark=true. */
  async function bookmarkFile(client: Client4, channelId: string, file: File): Promise<string> {
    const form = new FormData();
    form.append('channel_id', channelId);
    form.append('files', file, file.name);
    return (await client.uploadFile(form, true)).file_infos[0].id;
  }

  /** A channel of its own for a test that counts or orders bookmarks. */
  const freshChannel = (type: 'O' | 'P' = 'O') => createChannelWith(admin.client, team, [alice.user.id, bob.user.id], type);

  before(async () => {
    ts = await startTestServer({ config: { GuestAccountsSettings: { Enable: true } } });
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    guest = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, outsider.user.id, guest.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, guest.user.id]);
    privateChannel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, guest.user.id], 'P');
    await admin.client.demoteUserToGuest(guest.user.id);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  after(async () => {
    await ts.close();
  });

  it('creates link bookmarks in order and lists them for whoever may read the channel', async () => {
    const target = await freshChannel();
    const first = await alice.client.createChannelBookmark(target.id, link(), '');
    expect(first).to.include({ channel_id: target.id, owner_id: alice.user.id, type: 'link', display_name: 'Handbook', link_url: 'https://example.org/handbook', emoji: ':book:', sort_order: 0, delete_at: 0, file_id: '' });
    expect(first.id).to.have.length(26);
    const second = await alice.client.createChannelBookmark(target.id, link({ display_name: 'Roadmap', image_url: 'https://example.org/icon.png' }), '');
    expect(second).to.include({ sort_order: 1, image_url: 'https://example.org/icon.png' });

    // Readers of a public channel need not be members; the answer is in sort order.
    const listed = await outsider.client.getChannelBookmarks(target.id);
    expect(listed.map((b: ChannelBookmark) => b.display_name)).to.deep.equal(['Handbook', 'Roadmap']);
  });

  it('answers bookmarks_since with what changed after it, deleted ones included', async () => {
    const target = await freshChannel();
    const kept = await alice.client.createChannelBookmark(target.id, link({ display_name: 'Kept' }), '');
    const doomed = await alice.client.createChannelBookmark(target.id, link({ display_name: 'Doomed' }), '');
    const since = Math.max(kept.update_at, doomed.update_at) + 1;
    await eventually(() => expect(Date.now()).to.be.above(since));
    const deleted = await alice.client.deleteChannelBookmark(target.id, doomed.id, '');
    expect(deleted.delete_at).to.be.at.least(since);
    const added = await alice.client.createChannelBookmark(target.id, link({ display_name: 'Added' }), '');

    const changed = await alice.client.getChannelBookmarks(target.id, since);
    expect(changed.map((b: ChannelBookmark) => b.id)).to.have.members([doomed.id, added.id]);
    expect(changed.find((b: ChannelBookmark) => b.id === doomed.id)!.delete_at).to.be.above(0);
    expect((await alice.client.getChannelBookmarks(target.id)).map((b: ChannelBookmark) => b.display_name)).to.deep.equal(['Kept', 'Added']);
  });

  it('makes a file bookmark of a file uploaded for bookmarks to the channel, with its file info', async () => {
    const target = await freshChannel();
    const fileId = await bookmarkFile(alice.client, target.id, await pngFile('diagram.png', 16, 12));
    const created = await alice.client.createChannelBookmark(target.id, { type: 'file', display_name: 'Diagram', file_id: fileId } as ChannelBookmarkCreate, '');
    expect(created).to.include({ type: 'file', file_id: fileId });
    expect(created.file).to.include({ id: fileId, name: 'diagram.png', mime_type: 'image/png', width: 16, height: 12 });
    // The channel's readers may read the file, the uploader being no one in particular.
    const info = await fetch(`${ts.url}/api/v4/files/${fileId}/info`, { headers: { Authorization: `Bearer ${outsider.client.getToken()}` } });
    expect(info.status).to.equal(200);
    expect(((await info.json()) as { user_id: string }).user_id).to.equal('bookmark');
    const listed = await bob.client.getChannelBookmarks(target.id);
    expect(listed[0].file?.id).to.equal(fileId);

    // A file bookmark's file serves one bookmark, and never comes from a post's own upload or another channel.
    await expectClientError(alice.client.createChannelBookmark(target.id, { type: 'file', display_name: 'Again', file_id: fileId } as ChannelBookmarkCreate, ''), 400, 'app.channel.bookmark.save.file_info.app_error');
    const form = new FormData();
    form.append('channel_id', target.id);
    form.append('files', textFile('notes.txt', 'plain upload'), 'notes.txt');
    const plain = (await alice.client.uploadFile(form)).file_infos[0].id;
    await expectClientError(alice.client.createChannelBookmark(target.id, { type: 'file', display_name: 'Plain', file_id: plain } as ChannelBookmarkCreate, ''), 400, 'app.channel.bookmark.save.file_info.app_error');
    const elsewhere = await bookmarkFile(alice.client, channel.id, textFile('other.txt', 'elsewhere'));
    await expectClientError(alice.client.createChannelBookmark(target.id, { type: 'file', display_name: 'Elsewhere', file_id: elsewhere } as ChannelBookmarkCreate, ''), 400, 'app.channel.bookmark.save.file_info.app_error');
  });

  it('refuses bookmarks without a name, with a bad type or URL, or with both an image and a file', async () => {
    const cases: Array<[Partial<ChannelBookmarkCreate> & Record<string, unknown>, number, string]> = [
      [{ display_name: '' }, 400, 'model.channel_bookmark.is_valid.display_name.app_error'],
      [{ type: 'board' as 'link' }, 400, 'model.channel_bookmark.is_valid.type.app_error'],
      [{ link_url: 'javascript:alert(1)' }, 400, 'model.channel_bookmark.is_valid.link_url.missing_or_invalid.app_error'],
      [{ link_url: '' }, 400, 'model.channel_bookmark.is_valid.link_url.missing_or_invalid.app_error'],
      [{ image_url: 'not a url' }, 400, 'model.channel_bookmark.is_valid.image_url.app_error'],
      [{ type: 'file', link_url: undefined, file_id: '' }, 400, 'model.channel_bookmark.is_valid.file_id.missing_or_invalid.app_error'],
      [{ type: 'file', file_id: 'short' }, 400, INVALID_PARAM],
      [{ display_name: 42 as unknown as string }, 400, INVALID_PARAM],
    ];
    for (const [fields, status, id] of cases) await expectClientError(alice.client.createChannelBookmark(channel.id, link(fields), ''), status, id);
    const image = await bookmarkFile(alice.client, channel.id, textFile('both.txt', 'both'));
    await expectClientError(
      alice.client.createChannelBookmark(channel.id, { type: 'file', display_name: 'Both', file_id: image, image_url: 'https://example.org/i.png' } as ChannelBookmarkCreate, ''),
      400,
      'model.channel_bookmark.is_valid.link_file.app_error',
    );
  });

  it('holds at most 50 live bookmarks per channel', async () => {
    const target = await freshChannel();
    for (let i = 0; i < 50; i++) await alice.client.createChannelBookmark(target.id, link({ display_name: `Link ${i}` }), '');
    await expectClientError(alice.client.createChannelBookmark(target.id, link({ display_name: 'One too many' }), ''), 400, 'app.channel.bookmark.save.limit_exceeded.app_error');
    const [first] = await alice.client.getChannelBookmarks(target.id);
    await alice.client.deleteChannelBookmark(target.id, first.id, '');
    expect((await alice.client.createChannelBookmark(target.id, link({ display_name: 'Room again' }), '')).sort_order).to.equal(50);
  });

  it("edits the owner's bookmark in place, and replaces another's with a new version", async () => {
    const target = await freshChannel();
    const own = await alice.client.createChannelBookmark(target.id, link(), '');
    const edited = await alice.client.updateChannelBookmark(target.id, own.id, { display_name: 'Edited', link_url: 'http://edited.example.org' }, '');
    expect(edited.deleted).to.equal(undefined);
    expect(edited.updated).to.include({ id: own.id, display_name: 'Edited', link_url: 'http://edited.example.org', owner_id: alice.user.id, emoji: ':book:' });

    const byBob = await bob.client.updateChannelBookmark(target.id, own.id, { emoji: ':star:' }, '');
    expect(byBob.deleted).to.include({ id: own.id, owner_id: alice.user.id });
    expect(byBob.deleted!.delete_at).to.be.above(0);
    expect(byBob.updated).to.include({ owner_id: bob.user.id, original_id: own.id, display_name: 'Edited', emoji: ':star:', sort_order: 0 });
    expect(byBob.updated.id).to.not.equal(own.id);
    expect((await alice.client.getChannelBookmarks(target.id)).map((b: ChannelBookmark) => b.id)).to.deep.equal([byBob.updated.id]);

    await expectClientError(alice.client.updateChannelBookmark(target.id, own.id, { display_name: 'Gone' }, ''), 404, 'app.channel.bookmark.get.app_error');
    await expectClientError(alice.client.updateChannelBookmark(target.id, byBob.updated.id, { display_name: '' }, ''), 400, 'model.channel_bookmark.is_valid.display_name.app_error');
    await expectClientError(alice.client.updateChannelBookmark(channel.id, byBob.updated.id, { display_name: 'Wrong channel' }, ''), 400, INVALID_PARAM);
  });

  it('moves a bookmark and renumbers the others around it', async () => {
    const target = await freshChannel('P');
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C', 'D']) ids.push((await alice.client.createChannelBookmark(target.id, link({ display_name: name }), '')).id);
    const moved = await bob.client.updateChannelBookmarkSortOrder(target.id, ids[3], 1, '');
    expect(moved.map((x: ChannelBookmark) => `${x.display_name}${x.sort_order}`)).to.deep.equal(['A0', 'D1', 'B2', 'C3']);
    expect((await alice.client.getChannelBookmarks(target.id)).map((x: ChannelBookmark) => x.display_name)).to.deep.equal(['A', 'D', 'B', 'C']);

    await expectClientError(bob.client.updateChannelBookmarkSortOrder(target.id, ids[0], 4, ''), 400, 'app.channel.bookmark.update_sort.app_error');
    await expectClientError(bob.client.updateChannelBookmarkSortOrder(target.id, ids[0], -1, ''), 400, INVALID_PARAM);
    await expectClientError(bob.client.updateChannelBookmarkSortOrder(target.id, 'x'.repeat(26), 0, ''), 404, 'app.channel.bookmark.get.app_error');
  });

  it('tells the channel members of each change, except the connection that made it', async () => {
    const target = await freshChannel();
    const acting = new RecordingClient();
    const member = new RecordingClient();
    const stranger = new RecordingClient();
    sockets.push(acting, member, stranger);
    await acting.connect(ts, alice.client.getToken());
    await member.connect(ts, bob.client.getToken());
    await stranger.connect(ts, outsider.client.getToken());
    const bookmarkEvents = (socket: RecordingClient) => socket.events.filter((e) => e.event.startsWith('channel_bookmark_'));

    const first = await alice.client.createChannelBookmark(target.id, link({ display_name: 'One' }), acting.connectionId);
    const second = await alice.client.createChannelBookmark(target.id, link({ display_name: 'Two' }), acting.connectionId);
    await alice.client.updateChannelBookmark(target.id, first.id, { display_name: 'Uno' }, acting.connectionId);
    await alice.client.updateChannelBookmarkSortOrder(target.id, second.id, 0, acting.connectionId);
    await alice.client.deleteChannelBookmark(target.id, first.id, acting.connectionId);

    const names = ['channel_bookmark_created', 'channel_bookmark_created', 'channel_bookmark_updated', 'channel_bookmark_sorted', 'channel_bookmark_deleted'];
    await eventually(() => expect(bookmarkEvents(member).map((e) => e.event)).to.deep.equal(names));
    const [created, , updated, sorted, deleted] = bookmarkEvents(member);
    expect(created.broadcast.channel_id).to.equal(target.id);
    expect(JSON.parse(created.data.bookmark as string)).to.include({ id: first.id, display_name: 'One' });
    expect(JSON.parse(updated.data.bookmarks as string).updated).to.include({ id: first.id, display_name: 'Uno' });
    expect(JSON.parse(sorted.data.bookmarks as string).map((b: ChannelBookmark) => b.id)).to.deep.equal([second.id, first.id]);
    expect(JSON.parse(deleted.data.bookmark as string)).to.include({ id: first.id });
    expect(bookmarkEvents(acting)).to.deep.equal([]);
    expect(bookmarkEvents(stranger)).to.deep.equal([]);
  });

  it('refuses those without the bookmark permissions, guests, and any change in an archived channel', async () => {
    const own = await alice.client.createChannelBookmark(privateChannel.id, link(), '');
    // Not a member: a team member of a public channel may read but not add; a private channel is not theirs to read.
    await expectClientError(outsider.client.createChannelBookmark(channel.id, link(), ''), 403, FORBIDDEN);
    await expectClientError(outsider.client.getChannelBookmarks(privateChannel.id), 403, FORBIDDEN);
    await expectClientError(outsider.client.updateChannelBookmark(privateChannel.id, own.id, { display_name: 'Mine now' }, ''), 403, FORBIDDEN);
    await expectClientError(outsider.client.deleteChannelBookmark(privateChannel.id, own.id, ''), 403, FORBIDDEN);
    await expectClientError(outsider.client.updateChannelBookmarkSortOrder(privateChannel.id, own.id, 0, ''), 403, FORBIDDEN);
    // Guests read a channel's bookmarks but change none.
    expect((await guest.client.getChannelBookmarks(privateChannel.id)).map((b: ChannelBookmark) => b.id)).to.include(own.id);
    await expectClientError(guest.client.createChannelBookmark(channel.id, link(), ''), 403, FORBIDDEN);
    await expectClientError(guest.client.deleteChannelBookmark(privateChannel.id, own.id, ''), 403, FORBIDDEN);
    // A team admin may, without being a member.
    await admin.client.updateTeamMemberSchemeRoles(team.id, outsider.user.id, true, true);
    try {
      await outsider.client.createChannelBookmark(channel.id, link({ display_name: 'By a team admin' }), '');
    } finally {
      await admin.client.updateTeamMemberSchemeRoles(team.id, outsider.user.id, true, false);
    }

    const archived = await freshChannel();
    const kept = await alice.client.createChannelBookmark(archived.id, link(), '');
    await admin.client.deleteChannel(archived.id);
    await expectClientError(alice.client.createChannelBookmark(archived.id, link(), ''), 403, 'api.channel.bookmark.create_channel_bookmark.deleted_channel.forbidden.app_error');
    await expectClientError(alice.client.updateChannelBookmark(archived.id, kept.id, { display_name: 'No' }, ''), 403, 'api.channel.bookmark.update_channel_bookmark.deleted_channel.forbidden.app_error');
    await expectClientError(alice.client.deleteChannelBookmark(archived.id, kept.id, ''), 403, 'api.channel.bookmark.delete_channel_bookmark.deleted_channel.forbidden.app_error');
    await expectClientError(alice.client.updateChannelBookmarkSortOrder(archived.id, kept.id, 0, ''), 403, 'api.channel.bookmark.update_channel_bookmark_sort_order.deleted_channel.forbidden.app_error');
    expect((await alice.client.getChannelBookmarks(archived.id)).map((b: ChannelBookmark) => b.id)).to.deep.equal([kept.id]);
    await expectClientError(alice.client.getChannelBookmarks('x'.repeat(26)), 404);
  });

  it('lets any member of a direct or group message but a guest manage its bookmarks', async () => {
    const dm = await alice.client.createDirectChannel([alice.user.id, guest.user.id]);
    const gm = await alice.client.createGroupChannel([alice.user.id, bob.user.id, guest.user.id]);
    for (const target of [dm, gm]) {
      const created = await alice.client.createChannelBookmark(target.id, link(), '');
      await expectClientError(guest.client.createChannelBookmark(target.id, link(), ''), 403, 'api.channel.bookmark.create_channel_bookmark.direct_or_group_channels_by_guests.forbidden.app_error');
      await expectClientError(guest.client.updateChannelBookmark(target.id, created.id, { display_name: 'No' }, ''), 403, 'api.channel.bookmark.update_channel_bookmark.direct_or_group_channels_by_guests.forbidden.app_error');
      expect((await guest.client.getChannelBookmarks(target.id)).map((b: ChannelBookmark) => b.id)).to.deep.equal([created.id]);
    }
    await expectClientError(outsider.client.createChannelBookmark(gm.id, link(), ''), 403, 'api.channel.bookmark.create_channel_bookmark.direct_or_group_channels.forbidden.app_error');
    expect((await bob.client.updateChannelBookmark(gm.id, (await bob.client.getChannelBookmarks(gm.id))[0].id, { display_name: 'Renamed by Bob' }, '')).updated.owner_id).to.equal(bob.user.id);
  });

  it('gives the default channel and team roles the bookmark permissions, and turns the feature on for clients', async () => {
    const roles = await admin.client.getRolesByNames(['channel_user', 'channel_admin', 'team_admin', 'system_admin', 'channel_guest', 'team_user']);
    const byName = Object.fromEntries(roles.map((r) => [r.name, r.permissions]));
    const all = ['add', 'edit', 'delete', 'order'].flatMap((a) => [`${a}_bookmark_public_channel`, `${a}_bookmark_private_channel`]);
    for (const role of ['channel_user', 'channel_admin', 'team_admin', 'system_admin']) expect(byName[role]).to.include.members(all);
    for (const role of ['channel_guest', 'team_user']) expect(byName[role]).to.not.include.members(['add_bookmark_public_channel']);
    expect(((await alice.client.getClientConfig()) as unknown as Record<string, string>).FeatureFlagChannelBookmarks).to.equal('true');
  });
});

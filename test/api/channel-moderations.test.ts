// Channel moderation through Client4's getChannelModerations and patchChannelModerations (GET
// /channels/{id}/moderations, PUT .../moderations/patch): system admins turn a moderated permission
// off for a channel's members or guests, and every check honours it at once, while channel admins
// keep theirs.
import { expect } from 'chai';
import type { Channel, ChannelModeration } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';

/** The moderation of `name` in a moderation list. */
const moderationOf = (list: ChannelModeration[], name: string) => list.find((m) => m.name === name)!;

describe('channel moderations', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;

  const post = (who: LoggedIn, channel: Channel, message: string) => who.client.createPost({ channel_id: channel.id, message } as Post);
  const setMembers = (channel: Channel, name: string, value: boolean) => admin.client.patchChannelModerations(channel.id, [{ name, roles: { members: value } }]);
  /** A public channel with Alice and Bob as members and Bob as its admin. */
  async function moderatedChannel(): Promise<Channel> {
    const channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    await admin.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, true);
    return channel;
  }

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    [alice, bob, carol] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('lists the four moderated permissions as the default scheme grants them', async () => {
    const channel = await moderatedChannel();
    expect(await admin.client.getChannelModerations(channel.id)).to.deep.equal([
      { name: 'create_post', roles: { members: { value: true, enabled: true }, guests: { value: true, enabled: true } } },
      { name: 'create_reactions', roles: { members: { value: true, enabled: true }, guests: { value: true, enabled: true } } },
      { name: 'manage_members', roles: { members: { value: true, enabled: true } } },
      { name: 'use_channel_mentions', roles: { members: { value: true, enabled: true }, guests: { value: true, enabled: true } } },
    ]);
  });

  it('stops members posting when create_post is turned off for them, and lets them again when it is turned on', async () => {
    const channel = await moderatedChannel();
    await post(alice, channel, 'before moderation');
    const answer = await setMembers(channel, 'create_post', false);
    expect(moderationOf(answer, 'create_post').roles.members).to.deep.equal({ value: false, enabled: true });
    expect(moderationOf(await admin.client.getChannelModerations(channel.id), 'create_post').roles.members.value).to.equal(false);

    await expectClientError(post(alice, channel, 'after moderation'), 403, 'api.context.permissions.app_error');
    // The channel's admin and the system admin keep the permission; other channels are untouched.
    await post(bob, channel, 'the channel admin still posts');
    await post(admin, channel, 'so does the system admin');
    await post(alice, await moderatedChannel(), 'another channel is not moderated');

    await setMembers(channel, 'create_post', true);
    await post(alice, channel, 'allowed again');
  });

  it('tells the channel\'s members that its scheme changed (channel_scheme_updated)', async () => {
    const channel = await moderatedChannel();
    const socket = await RawSocket.authenticated(ts, alice.client.getToken());
    try {
      await setMembers(channel, 'create_reactions', false);
      const event = await socket.waitForEvent('channel_scheme_updated');
      expect(event.broadcast).to.include({ channel_id: channel.id });
    } finally {
      await socket.close();
    }
  });

  it('stops members reacting when create_reactions is turned off', async () => {
    const channel = await moderatedChannel();
    const target = await post(bob, channel, 'react to this');
    await alice.client.addReaction(alice.user.id, target.id, 'smile');
    await setMembers(channel, 'create_reactions', false);
    await expectClientError(alice.client.addReaction(alice.user.id, target.id, 'tada'), 403, 'api.context.permissions.app_error');
    await bob.client.addReaction(bob.user.id, target.id, 'tada');
  });

  it('stops members adding others when manage_members is turned off', async () => {
    const channel = await moderatedChannel();
    await setMembers(channel, 'manage_members', false);
    await expectClientError(alice.client.addToChannel(carol.user.id, channel.id), 403, 'api.context.permissions.app_error');
    await bob.client.addToChannel(carol.user.id, channel.id);
  });

  it('makes a member\'s @channel notify nobody when use_channel_mentions is turned off', async () => {
    const channel = await moderatedChannel();
    await setMembers(channel, 'use_channel_mentions', false);
    const before = (await bob.client.getChannelMember(channel.id, bob.user.id)).mention_count;
    const muted = await post(alice, channel, '@channel please read');
    expect(muted.props).to.include({ mentionHighlightDisabled: true });
    expect((await bob.client.getChannelMember(channel.id, bob.user.id)).mention_count).to.equal(before);
    // Bob, the channel's admin, still notifies everyone.
    const heard = await post(bob, channel, '@channel from the admin');
    expect(heard.props ?? {}).to.not.have.property('mentionHighlightDisabled');
    expect((await alice.client.getChannelMember(channel.id, alice.user.id)).mention_count).to.equal(1);
  });

  it('forgets a moderation once every permission is back as the scheme grants it', async () => {
    const channel = await moderatedChannel();
    await admin.client.patchChannelModerations(channel.id, [{ name: 'create_post', roles: { members: false, guests: false } }]);
    const restored = await admin.client.patchChannelModerations(channel.id, [{ name: 'create_post', roles: { members: true, guests: true } }]);
    expect(restored.every((m) => m.roles.members.value && (m.roles.guests?.value ?? true))).to.equal(true);
    expect((await ts.store.channels.findById(channel.id))?.moderatedOff).to.equal(null);
  });

  it('refuses users without the System Console permissions (403)', async () => {
    const channel = await moderatedChannel();
    await expectClientError(bob.client.getChannelModerations(channel.id), 403, 'api.context.permissions.app_error');
    await expectClientError(bob.client.patchChannelModerations(channel.id, [{ name: 'create_post', roles: { members: false } }]), 403, 'api.context.permissions.app_error');
    await post(alice, channel, 'nothing changed');
  });

  it('refuses bad patches (400), unknown channels (404) and direct messages (400)', async () => {
    const channel = await moderatedChannel();
    const patch = (body: unknown) => admin.client.patchChannelModerations(channel.id, body as never);
    await expectClientError(patch({ name: 'create_post' }), 400, 'api.context.invalid_param.app_error');
    await expectClientError(patch([{ name: 'delete_post', roles: { members: false } }]), 400, 'api.context.invalid_param.app_error');
    await expectClientError(patch([{ name: 'create_post', roles: { members: 'no' } }]), 400, 'api.context.invalid_param.app_error');
    // Guests never have manage_members in the scheme: a channel cannot give it to them.
    await expectClientError(patch([{ name: 'manage_members', roles: { guests: true } }]), 400, 'api.channel.patch_channel_moderations.restricted.app_error');
    await expectClientError(admin.client.getChannelModerations('a'.repeat(26)), 404);
    const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    await expectClientError(admin.client.getChannelModerations(direct.id), 400, 'api.channel.moderations.team_channel_only.app_error');
  });
});

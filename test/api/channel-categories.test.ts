import { expect } from 'chai';
import type { ChannelCategory } from '@mattermost/types/channel_categories';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket, eventually } from '../helpers/ws-client.ts';

const INVALID_PARAM = 'api.context.invalid_param.app_error';
const SIDEBAR_ERROR = 'app.channel.sidebar_categories.app_error';

describe('sidebar categories API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  const sockets: RawSocket[] = [];

  /** A fresh user in the team, with a channel of their own, so each test owns its sidebar. */
  const newMember = async (): Promise<{ user: LoggedIn; channel: Channel }> => {
    const user = await createUser(ts, admin.client);
    await admin.client.addToTeam(team.id, user.user.id);
    const channel = await createChannelWith(admin.client, team, [user.user.id]);
    return { user, channel };
  };
  const categoriesOf = async (who: LoggedIn) => (await who.client.getChannelCategories(who.user.id, team.id)).categories;
  const byType = (categories: ChannelCategory[], type: string) => categories.find((c) => c.type === type)!;
  /** The user's live events, as one of their sessions receives them. */
  const listen = async (who: LoggedIn): Promise<RawSocket> => {
    const socket = await RawSocket.authenticated(ts, who.client.getToken());
    sockets.push(socket);
    return socket;
  };

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await ts.close();
  });

  it('gives a team member the three default categories with Mattermost ids, types and sorting', async () => {
    const { categories, order } = await alice.client.getChannelCategories(alice.user.id, team.id);
    const suffix = `${alice.user.id}_${team.id}`;
    expect(order).to.deep.equal([`favorites_${suffix}`, `channels_${suffix}`, `direct_messages_${suffix}`]);
    expect(categories.map((c) => [c.id, c.type, c.display_name, c.sorting, c.user_id, c.team_id])).to.deep.equal([
      [`favorites_${suffix}`, 'favorites', 'Favorites', '', alice.user.id, team.id],
      [`channels_${suffix}`, 'channels', 'Channels', '', alice.user.id, team.id],
      [`direct_messages_${suffix}`, 'direct_messages', 'Direct Messages', 'recent', alice.user.id, team.id],
    ]);
    const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
    expect(byType(categories, 'channels').channel_ids).to.include(townSquare.id);
    expect(await alice.client.getChannelCategoryOrder(alice.user.id, team.id)).to.deep.equal(order);
  });

  it('shows joined channels in Channels and DMs in Direct Messages, and drops a channel the user left', async () => {
    const { user, channel } = await newMember();
    const dm = await user.client.createDirectChannel([user.user.id, alice.user.id]);
    let categories = await categoriesOf(user);
    expect(byType(categories, 'channels').channel_ids).to.include(channel.id);
    expect(byType(categories, 'direct_messages').channel_ids).to.deep.equal([dm.id]);
    await user.client.removeFromChannel(user.user.id, channel.id);
    categories = await categoriesOf(user);
    expect(categories.flatMap((c) => c.channel_ids)).not.to.include(channel.id);
  });

  it('creates a custom category after Favorites holding the channels it names, and announces it', async () => {
    const { user, channel } = await newMember();
    const socket = await listen(user);
    const created = await user.client.createChannelCategory(user.user.id, team.id, {
      user_id: user.user.id,
      team_id: team.id,
      display_name: 'Projects',
      channel_ids: [channel.id, 'x'.repeat(26)],
    });
    expect(created).to.include({ type: 'custom', display_name: 'Projects', user_id: user.user.id, team_id: team.id });
    // A channel the user is not in is dropped, as Mattermost does.
    expect(created.channel_ids).to.deep.equal([channel.id]);
    const { categories, order } = await user.client.getChannelCategories(user.user.id, team.id);
    expect(order[1]).to.equal(created.id);
    expect(byType(categories, 'channels').channel_ids).not.to.include(channel.id);
    await eventually(() => {
      const event = socket.events().find((e) => e.event === 'sidebar_category_created');
      expect(event?.data).to.deep.equal({ category_id: created.id });
      expect(event?.broadcast).to.include({ user_id: user.user.id, team_id: team.id });
    });
  });

  it('renames, collapses, sorts and mutes a custom category but keeps the names of the default ones', async () => {
    const { user } = await newMember();
    const custom = await user.client.createChannelCategory(user.user.id, team.id, { user_id: user.user.id, team_id: team.id, display_name: 'Old' });
    const socket = await listen(user);
    const updated = await user.client.updateChannelCategory(user.user.id, team.id, { ...custom, display_name: 'New', collapsed: true, sorting: 'alpha' as never, muted: true });
    expect(updated).to.include({ display_name: 'New', collapsed: true, sorting: 'alpha', muted: true });
    expect(await user.client.getChannelCategory(user.user.id, team.id, custom.id)).to.include({ display_name: 'New', collapsed: true });

    const channels = byType(await categoriesOf(user), 'channels');
    const renamed = await user.client.updateChannelCategory(user.user.id, team.id, { ...channels, display_name: 'Mine', sorting: 'recent' as never });
    expect(renamed).to.include({ display_name: 'Channels', sorting: 'recent' });
    await eventually(() => {
      const event = socket.events().find((e) => e.event === 'sidebar_category_updated');
      expect(JSON.parse(event?.data.updatedCategories as string)[0]).to.include({ id: custom.id, display_name: 'New' });
    });
  });

  it("mutes a muted category's channels and unmutes them with it, as Mattermost does", async () => {
    const { user, channel } = await newMember();
    const custom = await user.client.createChannelCategory(user.user.id, team.id, { user_id: user.user.id, team_id: team.id, display_name: 'Quiet', channel_ids: [channel.id] });
    const socket = await listen(user);
    await user.client.updateChannelCategory(user.user.id, team.id, { ...custom, muted: true });
    expect((await user.client.getChannelMember(channel.id, user.user.id)).notify_props.mark_unread).to.equal('mention');
    await eventually(() => {
      const event = socket.events().find((e) => e.event === 'channel_member_updated');
      expect(JSON.parse(event?.data.channelMember as string)).to.include({ channel_id: channel.id, user_id: user.user.id });
    });
    await user.client.updateChannelCategory(user.user.id, team.id, { ...custom, muted: false });
    expect((await user.client.getChannelMember(channel.id, user.user.id)).notify_props.mark_unread).to.equal('all');
  });

  it('reorders categories, and refuses an order that leaves one out', async () => {
    const { user } = await newMember();
    const socket = await listen(user);
    const order = await user.client.getChannelCategoryOrder(user.user.id, team.id);
    const reversed = [...order].reverse();
    expect(await user.client.updateChannelCategoryOrder(user.user.id, team.id, reversed)).to.deep.equal(reversed);
    expect(await user.client.getChannelCategoryOrder(user.user.id, team.id)).to.deep.equal(reversed);
    expect((await user.client.getChannelCategories(user.user.id, team.id)).order).to.deep.equal(reversed);
    await eventually(() => expect(socket.events().find((e) => e.event === 'sidebar_category_order_updated')?.data).to.deep.equal({ order: reversed }));
    await expectClientError(user.client.updateChannelCategoryOrder(user.user.id, team.id, reversed.slice(1)), 400, SIDEBAR_ERROR);
  });

  it('returns the channels of a deleted custom category to Channels, and keeps default categories', async () => {
    const { user, channel } = await newMember();
    const custom = await user.client.createChannelCategory(user.user.id, team.id, { user_id: user.user.id, team_id: team.id, display_name: 'Gone', channel_ids: [channel.id] });
    const socket = await listen(user);
    await user.client.deleteChannelCategory(user.user.id, team.id, custom.id);
    const categories = await categoriesOf(user);
    expect(categories.map((c) => c.id)).not.to.include(custom.id);
    expect(byType(categories, 'channels').channel_ids).to.include(channel.id);
    await eventually(() => expect(socket.events().find((e) => e.event === 'sidebar_category_deleted')?.data).to.deep.equal({ category_id: custom.id }));
    await expectClientError(user.client.deleteChannelCategory(user.user.id, team.id, byType(categories, 'channels').id), 400, SIDEBAR_ERROR);
  });

  it('moves channels between categories with one bulk update', async () => {
    const { user, channel } = await newMember();
    const custom = await user.client.createChannelCategory(user.user.id, team.id, { user_id: user.user.id, team_id: team.id, display_name: 'Target' });
    const channels = byType(await categoriesOf(user), 'channels');
    const updated = await user.client.updateChannelCategories(user.user.id, team.id, [
      { ...channels, channel_ids: channels.channel_ids.filter((id) => id !== channel.id) },
      { ...custom, channel_ids: [channel.id] },
    ]);
    expect(updated.map((c) => c.id)).to.deep.equal([channels.id, custom.id]);
    const after = await categoriesOf(user);
    expect(after.find((c) => c.id === custom.id)!.channel_ids).to.deep.equal([channel.id]);
    expect(byType(after, 'channels').channel_ids).not.to.include(channel.id);
  });

  it('keeps Favorites and the favorite_channel preferences in step both ways', async () => {
    const { user, channel } = await newMember();
    const notTheirs = await createChannelWith(admin.client, team, []);
    const socket = await listen(user);
    await user.client.savePreferences(user.user.id, [
      { user_id: user.user.id, category: 'favorite_channel', name: channel.id, value: 'true' },
      { user_id: user.user.id, category: 'favorite_channel', name: notTheirs.id, value: 'true' },
    ]);
    let categories = await categoriesOf(user);
    // A channel the user is not in stays out of their sidebar, preference or not.
    expect(byType(categories, 'favorites').channel_ids).to.deep.equal([channel.id]);
    expect(byType(categories, 'channels').channel_ids).not.to.include(channel.id);
    await eventually(() => expect(socket.events().find((e) => e.event === 'sidebar_category_updated')?.broadcast.user_id).to.equal(user.user.id));

    await user.client.deletePreferences(user.user.id, [
      { user_id: user.user.id, category: 'favorite_channel', name: channel.id, value: '' },
      { user_id: user.user.id, category: 'favorite_channel', name: notTheirs.id, value: '' },
    ]);
    categories = await categoriesOf(user);
    expect(byType(categories, 'favorites').channel_ids).to.deep.equal([]);
    expect(byType(categories, 'channels').channel_ids).to.include(channel.id);

    // The other way: moving the channel into Favorites favorites it, moving it out unfavorites it.
    const favorites = byType(categories, 'favorites');
    const channels = byType(categories, 'channels');
    await user.client.updateChannelCategories(user.user.id, team.id, [
      { ...favorites, channel_ids: [channel.id] },
      { ...channels, channel_ids: channels.channel_ids.filter((id) => id !== channel.id) },
    ]);
    expect((await user.client.getUserPreferences(user.user.id)).filter((p) => p.category === 'favorite_channel')).to.deep.equal([
      { user_id: user.user.id, category: 'favorite_channel', name: channel.id, value: 'true' },
    ]);
    await user.client.updateChannelCategories(user.user.id, team.id, [
      { ...favorites, channel_ids: [] },
      { ...channels, channel_ids: [...channels.channel_ids, channel.id] },
    ]);
    expect((await user.client.getUserPreferences(user.user.id)).filter((p) => p.category === 'favorite_channel')).to.deep.equal([]);
  });

  it("refuses another user's categories with 403 and lets a system admin read them", async () => {
    const mine = await categoriesOf(alice);
    const custom = await alice.client.createChannelCategory(alice.user.id, team.id, { user_id: alice.user.id, team_id: team.id, display_name: 'Private' });
    await expectClientError(bob.client.getChannelCategories(alice.user.id, team.id), 403);
    await expectClientError(bob.client.getChannelCategoryOrder(alice.user.id, team.id), 403);
    await expectClientError(bob.client.getChannelCategory(alice.user.id, team.id, custom.id), 403);
    await expectClientError(bob.client.updateChannelCategory(alice.user.id, team.id, { ...custom, display_name: 'Mine now' }), 403);
    await expectClientError(bob.client.deleteChannelCategory(alice.user.id, team.id, custom.id), 403);
    // Naming her category under his own user id does not reach it either.
    await expectClientError(bob.client.getChannelCategory(bob.user.id, team.id, custom.id), 403);
    await expectClientError(bob.client.updateChannelCategories(bob.user.id, team.id, [{ ...custom, user_id: bob.user.id }]), 400, INVALID_PARAM);
    expect((await admin.client.getChannelCategories(alice.user.id, team.id)).order).to.include(mine[0].id);
    expect(await alice.client.getChannelCategory(alice.user.id, team.id, custom.id)).to.include({ display_name: 'Private' });
  });

  it('refuses bad bodies and parameters with 400 and stable ids', async () => {
    const { user } = await newMember();
    const base = `${ts.url}/api/v4/users/${user.user.id}/teams/${team.id}/channels/categories`;
    const send = (method: string, url: string, body: unknown) =>
      fetch(url, { method, headers: { Authorization: `Bearer ${user.client.getToken()}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const cases: Array<[string, string, unknown]> = [
      ['POST', base, { user_id: alice.user.id, team_id: team.id, display_name: 'Not mine' }],
      ['POST', base, { user_id: user.user.id, team_id: team.id, display_name: '' }],
      ['POST', base, { user_id: user.user.id, team_id: team.id, display_name: 'x', channel_ids: 'nope' }],
      ['POST', base, { user_id: user.user.id, team_id: team.id, display_name: 'x', sorting: 'sideways' }],
      ['POST', base, [1, 2]],
      ['PUT', base, { not: 'a list' }],
      ['PUT', base, [{ id: 'bad id', user_id: user.user.id, team_id: team.id }]],
      ['PUT', `${base}/order`, 'favorites'],
      ['PUT', `${base}/order`, ['not-a-category']],
      ['GET', `${base}/not-a-category`, undefined],
    ];
    for (const [method, url, body] of cases) {
      const response = await send(method, url, method === 'GET' ? undefined : body);
      expect(response.status, `${method} ${url} ${JSON.stringify(body)}`).to.equal(400);
      expect((await response.json()).id).to.equal(INVALID_PARAM);
    }
    const custom = await user.client.createChannelCategory(user.user.id, team.id, { user_id: user.user.id, team_id: team.id, display_name: 'Sorted' });
    await expectClientError(user.client.updateChannelCategory(user.user.id, team.id, { ...custom, sorting: 'sideways' as never }), 400, INVALID_PARAM);
    expect(await user.client.getChannelCategory(user.user.id, team.id, custom.id)).to.include({ display_name: 'Sorted', sorting: '' });
  });

  it('clears the categories of a user who leaves the team', async () => {
    const { user } = await newMember();
    await user.client.createChannelCategory(user.user.id, team.id, { user_id: user.user.id, team_id: team.id, display_name: 'Left behind' });
    await admin.client.removeFromTeam(team.id, user.user.id);
    expect(await user.client.getChannelCategories(user.user.id, team.id)).to.deep.equal({ categories: [], order: [] });
    await admin.client.addToTeam(team.id, user.user.id);
    expect((await categoriesOf(user)).map((c) => c.type)).to.deep.equal(['favorites', 'channels', 'direct_messages']);
  });
});

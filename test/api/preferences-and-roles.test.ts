import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { PreferenceType } from '@mattermost/types/preferences';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

describe('preferences API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
  });
  after(async () => {
    await ts.close();
  });

  // Client4 types getMyPreferences as a map, but Mattermost (and Parley) answer with an array.
  const myPreferences = async (client: Client4) => (await client.getMyPreferences()) as unknown as PreferenceType[];
  const pref = (user: UserProfile, name: string, value: string) => ({ user_id: user.id, category: 'display_settings', name, value });

  it('saves, replaces and reads back a user\'s own preferences', async () => {
    await alice.client.savePreferences(alice.user.id, [pref(alice.user, 'use_military_time', 'false'), pref(alice.user, 'colorize_usernames', 'true')]);
    await alice.client.savePreferences(alice.user.id, [pref(alice.user, 'use_military_time', 'true')]);
    const mine = await myPreferences(alice.client);
    expect(mine).to.deep.include.members([pref(alice.user, 'use_military_time', 'true'), pref(alice.user, 'colorize_usernames', 'true')]);
    expect(mine).to.have.length(2);
  });

  it('deletes preferences by category and name', async () => {
    await alice.client.deletePreferences(alice.user.id, [pref(alice.user, 'colorize_usernames', '')]);
    const mine = await myPreferences(alice.client);
    expect(mine.map((p) => p.name)).to.deep.equal(['use_military_time']);
  });

  it('refuses to touch another user\'s preferences without edit_other_users', async () => {
    await expectClientError(bob.client.savePreferences(alice.user.id, [pref(alice.user, 'x', 'y')]), 403);
    await expectClientError(bob.client.getUserPreferences(alice.user.id), 403);
    expect(await admin.client.getUserPreferences(alice.user.id)).to.have.length(1);
  });

  it('refuses a list that smuggles in another user\'s preference', async () => {
    await expectClientError(bob.client.savePreferences(bob.user.id, [pref(bob.user, 'a', 'b'), pref(alice.user, 'a', 'b')]), 403);
    expect(await myPreferences(bob.client)).to.deep.equal([]);
  });

  it('answers malformed preference lists with a 400 naming the field', async () => {
    const error = await expectClientError(bob.client.savePreferences(bob.user.id, [{ user_id: bob.user.id, category: '', name: 'x', value: 'y' }]), 400);
    expect(error.message).to.include('preferences[0].category');
    await expectClientError(bob.client.savePreferences(bob.user.id, [] as never), 400);
  });
});

describe('roles API', () => {
  let ts: TestServer;
  let client: Client4;

  before(async () => {
    ts = await startTestServer();
    client = (await createAdmin(ts)).client;
  });
  after(async () => {
    await ts.close();
  });

  it('returns built-in roles by name with their permissions', async () => {
    const roles = await client.getRolesByNames(['system_user', 'channel_user', 'no_such_role']);
    expect(roles.map((r) => r.name)).to.deep.equal(['system_user', 'channel_user']);
    const channelUser = roles.find((r) => r.name === 'channel_user')!;
    expect(channelUser.permissions).to.include('create_post');
    expect(channelUser.built_in).to.equal(true);
    expect(await client.getRole(channelUser.id)).to.deep.equal(channelUser);
  });

  it('answers an unknown role name with 404 and role edits with 501', async () => {
    await expectClientError(client.getRoleByName('no_such_role'), 404);
    const role = await client.getRoleByName('team_user');
    await expectClientError(client.patchRole(role.id, { permissions: [] }), 501);
  });
});

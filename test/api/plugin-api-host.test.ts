import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { Manifest, PermissionGroup } from '@parley/plugin-api';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { fakeManifest } from '../helpers/fake-plugins.ts';
import { Logger } from '../../core/src/logger.ts';
import { PluginApiHost } from '../../core/src/plugins/runtime/plugin-api-host.ts';
import { PluginCommands } from '../../core/src/plugins/runtime/plugin-commands.ts';
import { PluginKvService } from '../../core/src/plugins/runtime/plugin-kv-service.ts';
import { PluginJobService } from '../../core/src/plugins/runtime/plugin-job-service.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

const ALL_GROUPS: PermissionGroup[] = ['posts', 'channels', 'users', 'teams', 'bots', 'commands', 'dialogs', 'store', 'kv', 'config', 'websocket', 'cluster', 'oauth', 'http', 'crypto', 'log', 'media', 'scheduler'];
const ID = 'a'.repeat(26);

/** One call of every group, with arguments that would be valid. */
const ONE_CALL_PER_GROUP: Array<[string, unknown[]]> = [
  ['posts.create', [{ channel_id: ID, message: 'x' }]],
  ['channels.get', [ID]],
  ['users.get', [ID]],
  ['teams.get', [ID]],
  ['bots.ensureBot', [{ username: 'somebot' }]],
  ['commands.register', [{ trigger: 'x' }]],
  ['kv.get', ['k']],
  ['config.get', []],
  ['websocket.publish', ['e', {}, {}]],
  ['cluster.publish', [{ id: 'e', data: '' }]],
  ['http.fetch', ['http://example.com/']],
  ['crypto.hash', ['sha256', 'x']],
  ['log.info', ['hello']],
  ['scheduler.list', []],
];

describe('plugin API host', () => {
  let ts: TestServer;
  let admin: Client4;
  let host: PluginApiHost;
  let commands: PluginCommands;
  let logLines: Array<Record<string, unknown>>;
  let team: Team;
  let channel: Channel;
  let userId: string;
  let username: string;
  let events: LiveEvent[];
  const trustedPluginIds = new Set(['com.example.trusted']);

  const plugin = (id = 'com.example.all', httpHosts: string[] = []): Manifest => fakeManifest(id, ALL_GROUPS, httpHosts);
  const call = (method: string, args: unknown[], manifest = plugin()) => host.handle(manifest, method, args);
  const refusal = async (promise: Promise<unknown>): Promise<{ id: string; message: string }> => {
    const err = await promise.then(
      () => {
        throw new Error('expected the call to be refused');
      },
      (e: unknown) => e,
    );
    return err as { id: string; message: string };
  };

  before(async () => {
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    const member = await createUser(ts, admin);
    userId = member.user.id;
    username = member.user.username;
    team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' } as Team);
    await admin.addToTeam(team.id, userId);
    channel = await admin.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Chan', type: 'O' } as Channel);
    await admin.addToChannel(userId, channel.id);
    logLines = [];
    commands = new PluginCommands();
    events = [];
    ts.server.events.subscribe((event) => events.push(event));
    host = new PluginApiHost({
      services: ts.server.services,
      store: ts.store,
      config: ts.config,
      events: ts.server.events,
      peers: ts.server.cluster.peers,
      logger: new Logger({ level: 'debug', sink: { write: (line) => logLines.push(JSON.parse(line)) } }),
      commands,
      commandRunner: ts.server.plugins.commandRunner,
      jobs: new PluginJobService(ts.store.pluginJobs),
      trust: { isTrusted: (pluginId) => trustedPluginIds.has(pluginId) },
      ephemeral: ts.server.plugins.ephemeral,
      locks: ts.server.plugins.locks,
      stores: ts.server.plugins.stores,
      keys: ts.server.plugins.keys,
      integrationActions: ts.server.plugins.integrationActions,
      media: ts.server.plugins.media,
    });
  });
  after(async () => {
    await ts.close();
  });

  describe('permissions and arguments', () => {
    it('refuses a call of every group the manifest does not ask for, naming plugin, method and group', async () => {
      const nothing = fakeManifest('com.x', []);
      for (const [method, args] of ONE_CALL_PER_GROUP) {
        const group = method.split('.')[0];
        const err = await refusal(host.handle(nothing, method, args));
        expect(err).to.deep.equal({ id: 'plugin.api.permission_denied', message: `com.x may not call ${method}: its manifest does not ask for "${group}"` });
      }
    });

    it('grants only the groups asked for', async () => {
      const kvOnly = fakeManifest('com.kvonly', ['kv']);
      expect(await host.handle(kvOnly, 'kv.get', ['missing'])).to.equal(null);
      expect((await refusal(host.handle(kvOnly, 'users.get', [userId]))).id).to.equal('plugin.api.permission_denied');
      // Listing a person's channels is the channels group's, whatever else is granted.
      expect((await refusal(host.handle(fakeManifest('com.usersonly', ['users']), 'channels.listForUser', [team.id, userId]))).id).to.equal('plugin.api.permission_denied');
    });

    it('answers unknown methods, inherited names included, with plugin.api.unknown_method', async () => {
      for (const method of ['posts.nope', 'posts.constructor', 'kv.__proto__', 'toString', 'nogroup.get', '']) {
        expect((await refusal(call(method, []))).id, method).to.equal('plugin.api.unknown_method');
      }
    });

    it('refuses arguments of the wrong type or size with plugin.api.invalid_arguments', async () => {
      const bad: Array<[string, unknown]> = [
        ['users.get', [42]],
        ['users.get', ['short']],
        ['posts.create', ['not an object']],
        ['kv.set', ['key']],
        ['teams.getMembers', [team.id, 0, 10_000]],
        ['channels.create', [{ team_id: team.id, name: 5, display_name: 'x' }]],
        ['channels.patch', [channel.id, { header: ['not', 'text'] }]],
        ['channels.listForUser', [team.id]],
        ['channels.listForUser', [team.id, 'not-an-id']],
        ['channels.listForUser', [{ team: team.id }, userId]],
        ['users.get', 'not a list'],
        ['log.info', ['x', {}, 1, 2, 3, 4, 5, 6, 7]],
        ['websocket.publish', ['bad name!', {}, {}]],
        ['websocket.publish', ['ok', { big: 'x'.repeat(300 * 1024) }, {}]],
        ['cluster.publish', [{ id: '', data: '' }]],
      ];
      for (const [method, args] of bad) {
        expect((await refusal(call(method, args as unknown[]))).id, method).to.equal('plugin.api.invalid_arguments');
      }
    });
  });

  describe('bots, posts and ephemeral posts', () => {
    let botId: string;

    it('creates the plugin bot once and updates it on later calls', async () => {
      botId = (await call('bots.ensureBot', [{ username: 'allbot', display_name: 'All Bot' }])) as string;
      expect(await call('bots.ensureBot', [{ username: 'allbot', display_name: 'Renamed' }])).to.equal(botId);
      const bot = await admin.getUser(botId);
      expect(bot).to.include({ username: 'allbot', is_bot: true, first_name: 'Renamed' });
    });

    it("refuses a bot username that is a person's or another plugin's account, or invalid", async () => {
      expect((await refusal(call('bots.ensureBot', [{ username: 'allbot' }], plugin('com.other'))))).to.include({ id: 'app.bot.ensure.username_taken' });
      expect((await refusal(call('bots.ensureBot', [{ username }])))).to.include({ id: 'app.bot.ensure.username_taken' });
      expect((await refusal(call('bots.ensureBot', [{ username: 'No Spaces' }])))).to.include({ id: 'model.user.is_valid.username.app_error' });
    });

    it('posts as the plugin bot, marks the post from_plugin, and reads, edits and deletes it', async () => {
      const post = (await call('posts.create', [{ channel_id: channel.id, message: 'from the bot' }])) as { id: string; user_id: string; props: Record<string, unknown> };
      expect(post.user_id).to.equal(botId);
      expect(post.props).to.deep.equal({ from_plugin: 'true', from_bot: 'true' });
      expect((await admin.getPost(post.id)).message).to.equal('from the bot');
      const edited = (await call('posts.update', [{ id: post.id, message: 'edited' }])) as { message: string };
      expect(edited.message).to.equal('edited');
      expect(((await call('posts.get', [post.id])) as { message: string }).message).to.equal('edited');
      await call('posts.delete', [post.id]);
      await expectClientError(admin.getPost(post.id), 404);
    });

    it('posts as a named user, and needs a user or a bot to post at all', async () => {
      const post = (await call('posts.create', [{ channel_id: channel.id, message: 'as the user', user_id: userId }])) as { user_id: string };
      expect(post.user_id).to.equal(userId);
      const botless = fakeManifest('com.botless', ['posts']);
      expect((await refusal(host.handle(botless, 'posts.create', [{ channel_id: channel.id, message: 'x' }]))).id).to.equal('plugin.api.invalid_arguments');
    });

    it('refuses posts past the per-plugin rate, so a hook cannot start a post storm', async () => {
      const stormer = fakeManifest('com.example.storm', ['posts']);
      const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => host.handle(stormer, 'posts.create', [{ channel_id: channel.id, message: `storm ${i}`, user_id: userId }])));
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { id: string }).id);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(20);
      expect(new Set(refused)).to.deep.equal(new Set(['plugin.api.rate_limited']));
    });

    it('lets a trusted plugin post without the from_plugin mark and past the per-plugin rate', async () => {
      const trusted = fakeManifest('com.example.trusted', ['posts']);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => host.handle(trusted, 'posts.create', [{ channel_id: channel.id, message: `webhook ${i}`, user_id: userId, props: { from_webhook: 'true' } }])),
      );
      expect(results).to.have.length(30);
      expect((results[0] as { props: Record<string, unknown> }).props).to.deep.equal({ from_webhook: 'true' });
    });

    it('sends an ephemeral post only to its recipient and never stores it', async () => {
      events.length = 0;
      const post = (await call('posts.sendEphemeral', [userId, { channel_id: channel.id, message: 'psst' }])) as { id: string; type: string };
      expect(post.type).to.equal('system_ephemeral');
      await new Promise((resolve) => setImmediate(resolve));
      const sent = events.find((e) => e.event === 'ephemeral_message');
      expect(sent?.broadcast).to.deep.equal({ user_id: userId, channel_id: channel.id });
      expect(JSON.parse(sent?.data.post as string)).to.include({ id: post.id, message: 'psst' });
      await expectClientError(admin.getPost(post.id), 404);
    });

    it('replaces an ephemeral post by id for its recipient, and takes it off their screens', async () => {
      const post = (await call('posts.sendEphemeral', [userId, { channel_id: channel.id, message: 'step 1' }])) as { id: string };
      events.length = 0;
      const updated = (await call('posts.updateEphemeral', [userId, { id: post.id, channel_id: channel.id, message: 'step 2' }])) as { id: string; message: string };
      expect(updated).to.include({ id: post.id, message: 'step 2' });
      await call('posts.deleteEphemeral', [userId, post.id]);
      await new Promise((resolve) => setImmediate(resolve));
      const edited = events.find((e) => e.event === 'post_edited');
      expect(edited?.broadcast).to.deep.equal({ user_id: userId, channel_id: channel.id });
      expect(JSON.parse(edited?.data.post as string)).to.include({ id: post.id, message: 'step 2', type: 'system_ephemeral' });
      const deleted = events.find((e) => e.event === 'post_deleted');
      expect(deleted?.broadcast).to.deep.equal({ user_id: userId });
      expect(JSON.parse(deleted?.data.post as string)).to.include({ id: post.id, type: 'system_ephemeral' });
      expect((await refusal(call('posts.updateEphemeral', [userId, { channel_id: channel.id, message: 'no id' }]))).id).to.equal('plugin.api.invalid_arguments');
    });
  });

  describe('channels, users and teams', () => {
    it('creates a channel with the bot as creator and reads it by id and name', async () => {
      const name = uniqueName('pchan');
      const created = (await call('channels.create', [{ team_id: team.id, name, display_name: 'Plugin channel', type: 'O' }])) as { id: string };
      expect(((await call('channels.get', [created.id])) as { name: string }).name).to.equal(name);
      expect(((await call('channels.getByName', [team.id, name])) as { id: string }).id).to.equal(created.id);
      await call('channels.addMember', [created.id, userId]);
      const members = (await call('channels.getMembers', [created.id, 0, 50])) as Array<{ user_id: string }>;
      expect(members.map((m) => m.user_id)).to.include(userId);
    });

    it('lists the team channels a user is a member of, without archived, direct or other users\' channels', async () => {
      const me = await admin.getMe();
      const mine = await admin.createChannel({ team_id: team.id, name: uniqueName('mine'), display_name: 'Mine', type: 'P' } as Channel);
      await admin.addToChannel(userId, mine.id);
      const archived = await admin.createChannel({ team_id: team.id, name: uniqueName('old'), display_name: 'Old', type: 'O' } as Channel);
      await admin.addToChannel(userId, archived.id);
      await admin.deleteChannel(archived.id);
      const notJoined = await admin.createChannel({ team_id: team.id, name: uniqueName('other'), display_name: 'Other', type: 'O' } as Channel);
      await call('channels.getDirect', [me.id, userId]);
      const listed = (await call('channels.listForUser', [team.id, userId])) as Array<{ id: string; type: string }>;
      const ids = listed.map((c) => c.id);
      expect(ids).to.include.members([channel.id, mine.id]);
      expect(ids).to.not.include.members([archived.id, notJoined.id]);
      expect(listed.every((c) => c.type === 'O' || c.type === 'P')).to.equal(true);
    });

    it('opens the direct channel of two users', async () => {
      const me = await admin.getMe();
      const direct = (await call('channels.getDirect', [me.id, userId])) as { type: string; id: string };
      expect(direct.type).to.equal('D');
      expect(((await call('channels.getDirect', [userId, me.id])) as { id: string }).id).to.equal(direct.id);
    });

    it('looks users up by id, username and email, never exposing a password hash', async () => {
      const byId = (await call('users.get', [userId])) as Record<string, unknown>;
      expect(byId).to.include({ username, email: `${username}@example.com` });
      expect(byId).to.not.have.property('password_hash');
      expect(((await call('users.getByUsername', [username])) as { id: string }).id).to.equal(userId);
      expect(((await call('users.getByEmail', [`${username}@example.com`])) as { id: string }).id).to.equal(userId);
      expect((await refusal(call('users.get', ['z'.repeat(26)]))).id).to.equal('app.user.get.not_found.app_error');
    });

    it('reads, removes and re-adds a channel member, announcing who did it', async () => {
      const me = await admin.getMe();
      expect(((await call('channels.getMember', [channel.id, userId])) as { user_id: string }).user_id).to.equal(userId);
      events.length = 0;
      await call('channels.removeMember', [channel.id, userId, me.id]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(events.find((e) => e.event === 'user_removed' && e.broadcast.channel_id === channel.id)?.data).to.deep.equal({ user_id: userId, remover_id: me.id });
      expect((await refusal(call('channels.getMember', [channel.id, userId]))).id).to.equal('app.channel.get_member.missing.app_error');
      await call('channels.addMember', [channel.id, userId, userId]);
      expect(((await call('channels.getMember', [channel.id, userId])) as { user_id: string }).user_id).to.equal(userId);
    });

    it('patches the display name, header and purpose of a channel, and nothing else', async () => {
      const patched = (await call('channels.patch', [channel.id, { header: 'New header', purpose: 'Why we are here', name: 'ignored-name' }])) as { header: string; purpose: string; name: string };
      expect(patched).to.include({ header: 'New header', purpose: 'Why we are here', name: channel.name });
      expect((await admin.getChannel(channel.id)).header).to.equal('New header');
    });

    it("answers whether a user holds a permission system-wide, in a team or in a channel, by the user's own roles", async () => {
      const me = await admin.getMe();
      expect(await call('users.hasPermission', [userId, 'manage_system'])).to.equal(false);
      expect(await call('users.hasPermission', [me.id, 'manage_system'])).to.equal(true);
      expect(await call('users.hasPermission', [userId, 'create_post', { channel_id: channel.id }])).to.equal(true);
      expect(await call('users.hasPermission', [userId, 'manage_team', { team_id: team.id }])).to.equal(false);
      const outsider = await createUser(ts, admin);
      expect(await call('users.hasPermission', [outsider.user.id, 'create_post', { channel_id: channel.id }])).to.equal(false);
      expect((await refusal(call('users.hasPermission', [userId, 'create_post', { channel_id: 'nope' }]))).id).to.equal('plugin.api.invalid_arguments');
    });

    it("sets a user's status as chosen by the user, and refuses unknown statuses", async () => {
      await call('users.updateStatus', [userId, 'dnd']);
      expect((await admin.getStatus(userId)).status).to.equal('dnd');
      await call('users.updateStatus', [userId, 'online']);
      expect((await admin.getStatus(userId)).status).to.equal('online');
      expect((await refusal(call('users.updateStatus', [userId, 'sleeping']))).id).to.equal('plugin.api.invalid_arguments');
    });

    it('reads teams by id and name, and their members', async () => {
      expect(((await call('teams.get', [team.id])) as { name: string }).name).to.equal(team.name);
      expect(((await call('teams.getByName', [team.name])) as { id: string }).id).to.equal(team.id);
      const members = (await call('teams.getMembers', [team.id, 0, 10])) as Array<{ user_id: string }>;
      expect(members.map((m) => m.user_id)).to.include(userId);
      expect(((await call('teams.getMember', [team.id, userId])) as { user_id: string }).user_id).to.equal(userId);
      const outsider = await createUser(ts, admin);
      expect((await refusal(call('teams.getMember', [team.id, outsider.user.id]))).id).to.equal('app.team.get_member.missing.app_error');
    });
  });

  describe('kv', () => {
    it('stores, reads, lists and deletes JSON values, separately for each plugin', async () => {
      await call('kv.set', ['a', { n: 1 }]);
      await call('kv.set', ['b', [1, 'two']]);
      expect(await call('kv.get', ['a'])).to.deep.equal({ n: 1 });
      expect(await call('kv.list', [0, 10])).to.deep.equal(['a', 'b']);
      expect(await call('kv.get', ['a'], plugin('com.example.other'))).to.equal(null);
      await call('kv.delete', ['a']);
      expect(await call('kv.get', ['a'])).to.equal(null);
      await call('kv.set', ['b', null]);
      expect(await call('kv.list', [0, 10])).to.deep.equal([]);
    });

    it('lists only the keys that start with a prefix, a page at a time, and refuses a prefix that is not a string', async () => {
      for (const key of ['run:1', 'run:2', 'run:3', 'runner', 'sub:1']) await call('kv.set', [key, 1]);
      expect(await call('kv.list', [0, 10, { prefix: 'run:' }])).to.deep.equal(['run:1', 'run:2', 'run:3']);
      expect(await call('kv.list', [1, 2, { prefix: 'run:' }])).to.deep.equal(['run:3']);
      expect(await call('kv.list', [0, 10, { prefix: '%' }])).to.deep.equal([]);
      expect(await call('kv.list', [0, 10, { prefix: 'sub:' }], plugin('com.example.other'))).to.deep.equal([]);
      expect((await refusal(call('kv.list', [0, 10, { prefix: 7 }]))).id).to.equal('plugin.api.invalid_arguments');
      expect((await refusal(call('kv.list', [0, 10, { prefix: 'a\u0000' }]))).id).to.equal('plugin.api.invalid_arguments');
      for (const key of ['run:1', 'run:2', 'run:3', 'runner', 'sub:1']) await call('kv.delete', [key]);
    });

    it('reads an expired key as absent', async () => {
      await call('kv.setWithExpiry', ['short', 'lived', 1]);
      expect(await call('kv.get', ['short'])).to.equal('lived');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await call('kv.get', ['short'])).to.equal(null);
      expect(await call('kv.list', [0, 10])).to.not.include('short');
      expect(await call('kv.compareAndSet', ['short', null, 'again'])).to.equal(true);
    });

    it('lets exactly one of many concurrent insert-if-absent calls win', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call('kv.compareAndSet', ['lock', null, i])));
      expect(results.filter((r) => r === true)).to.have.length(1);
      expect(results.indexOf(true)).to.equal(await call('kv.get', ['lock']));
    });

    it('counts correctly when concurrent workers increment with compare-and-set', async () => {
      await call('kv.set', ['counter', 0]);
      const worker = async () => {
        for (let done = 0; done < 5; ) {
          const current = (await call('kv.get', ['counter'])) as number;
          if (await call('kv.compareAndSet', ['counter', current, current + 1])) done++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      expect(await call('kv.get', ['counter'])).to.equal(40);
    });

    it('compares JSON values by meaning, not by key order', async () => {
      await call('kv.set', ['doc', { a: 1, b: 2 }]);
      expect(await call('kv.compareAndSet', ['doc', { b: 2, a: 1 }, { a: 3 }])).to.equal(true);
      expect(await call('kv.compareAndSet', ['doc', { a: 1 }, { a: 4 }])).to.equal(false);
      expect(await call('kv.get', ['doc'])).to.deep.equal({ a: 3 });
    });

    it('refuses keys and values over the limits', async () => {
      expect((await refusal(call('kv.set', ['k'.repeat(151), 1]))).id).to.equal('plugin.kv.invalid_key');
      expect((await refusal(call('kv.set', ['', 1]))).id).to.equal('plugin.kv.invalid_key');
      expect((await refusal(call('kv.set', ['big', 'x'.repeat(1024 * 1024)]))).id).to.equal('plugin.kv.value_too_large');
      expect((await refusal(call('kv.set', ['nul', 'a\u0000b']))).id).to.equal('plugin.kv.invalid_value');
    });

    it('refuses a new key past the per-plugin quota, but still replaces existing ones', async () => {
      const kv = new PluginKvService(ts.store, () => ({ maxKeyLength: 150, maxValueBytes: 1024, maxKeysPerPlugin: 3 }));
      for (const key of ['q1', 'q2', 'q3']) await kv.set('com.quota', key, 1);
      const err = await kv.set('com.quota', 'q4', 1).catch((e: unknown) => e);
      expect(err).to.include({ id: 'plugin.kv.quota_exceeded' });
      expect(await kv.compareAndSet('com.quota', 'q5', null, 1).catch((e: unknown) => e)).to.include({ id: 'plugin.kv.quota_exceeded' });
      await kv.set('com.quota', 'q1', 2);
      expect(await kv.get('com.quota', 'q1')).to.equal(2);
      await kv.delete('com.quota', 'q3');
      await kv.set('com.quota', 'q4', 1);
      expect(await kv.list('com.quota', 0, 10)).to.deep.equal(['q1', 'q2', 'q4']);
    });

    it('keeps the key quota exact when many new keys are set at once', async () => {
      const kv = new PluginKvService(ts.store, () => ({ maxKeyLength: 150, maxValueBytes: 1024, maxKeysPerPlugin: 5 }));
      const sets = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? kv.set('com.race', `s${i}`, i) : kv.compareAndSet('com.race', `c${i}`, null, i))));
      expect(sets.filter((r) => r.status === 'fulfilled' && r.value !== false)).to.have.length(5);
      expect(sets.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.id)).to.deep.equal(Array(35).fill('plugin.kv.quota_exceeded'));
      expect(await kv.list('com.race', 0, 100)).to.have.length(5);
    });

    it('does not bring expired keys back beyond the quota', async () => {
      const kv = new PluginKvService(ts.store, () => ({ maxKeyLength: 150, maxValueBytes: 1024, maxKeysPerPlugin: 2 }));
      await kv.set('com.revive', 'old', 1, 1);
      await ts.store.pluginKv.replaceLive('com.revive', 'old', '1', Date.now() - 1, Date.now());
      await kv.set('com.revive', 'a', 1);
      await kv.set('com.revive', 'b', 1);
      expect(await kv.set('com.revive', 'old', 2).catch((e: unknown) => e)).to.include({ id: 'plugin.kv.quota_exceeded' });
      expect(await kv.list('com.revive', 0, 10)).to.deep.equal(['a', 'b']);
    });
  });

  describe('commands, config, websocket, cluster', () => {
    it('registers and unregisters commands in memory, and forgets them when the plugin stops', async () => {
      await call('commands.register', [{ trigger: 'Deploy', description: 'Ship it', auto_complete: true }]);
      expect(commands.find(team.id, 'deploy')).to.include({ pluginId: 'com.example.all', description: 'Ship it' });
      expect((await refusal(call('commands.register', [{ trigger: 'deploy' }], plugin('com.example.rival')))).id).to.equal('plugin.api.commands.trigger_taken');
      expect((await refusal(call('commands.register', [{ trigger: '/slash' }]))).id).to.equal('plugin.api.invalid_arguments');
      await call('commands.unregister', ['', 'deploy']);
      expect(commands.find(team.id, 'deploy')).to.equal(undefined);
      await call('commands.register', [{ trigger: 'again', team_id: team.id }]);
      host.forgetPlugin('com.example.all');
      expect(commands.forTeam(team.id)).to.deep.equal([]);
    });

    it('holds a plugin to 100 commands, but not a trusted one carrying custom slash commands', async () => {
      const register = (manifest: Manifest, i: number) => host.handle(manifest, 'commands.register', [{ trigger: `c${i}` }]);
      const capped = fakeManifest('com.example.many', ['commands']);
      for (let i = 0; i < 100; i++) await register(capped, i);
      expect((await refusal(register(capped, 100))).id).to.equal('plugin.api.commands.too_many');
      host.forgetPlugin('com.example.many');
      const trusted = fakeManifest('com.example.trusted', ['commands']);
      for (let i = 0; i < 150; i++) await register(trusted, i);
      expect(commands.forTeam(team.id)).to.have.length(150);
      host.forgetPlugin('com.example.trusted');
    });

        it("lists every plugin's commands usable in a team", async () => {
      await call('commands.register', [{ trigger: 'mine', team_id: team.id, description: 'Mine' }]);
      await call('commands.register', [{ trigger: 'theirs', description: 'Theirs' }], plugin('com.example.other'));
      const listed = (await call('commands.list', [team.id])) as Array<{ trigger: string; plugin_id: string }>;
      expect(listed.map((c) => [c.trigger, c.plugin_id])).to.deep.equal([
        ['mine', 'com.example.all'],
        ['theirs', 'com.example.other'],
      ]);
      host.forgetPlugin('com.example.all');
      host.forgetPlugin('com.example.other');
    });

    it("shows the server configuration without secrets or other plugins' settings", async () => {
      ts.config.patch({ PluginSettings: { Plugins: { 'com.example.secretive': { ApiKey: 'hunter2' } } }, SqlSettings: { DataSource: 'postgres://parley:s3cret@db.example/parley' } });
      const server = (await call('config.getServerConfig', [])) as Record<string, Record<string, unknown>>;
      expect(server.ServiceSettings.EnableIncomingWebhooks).to.equal(true);
      expect(server.SqlSettings.DataSource).to.equal('********************************');
      expect(server.PluginSettings).to.not.have.property('Plugins');
      expect(JSON.stringify(server)).to.not.include('hunter2');
      expect(JSON.stringify(server)).to.not.include('s3cret');
    });

    it("reads the plugin's settings over its settings_schema defaults and saves them through the configuration", async () => {
      const manifest = { ...plugin('com.example.cfg'), settings_schema: { settings: [{ key: 'Greeting', type: 'text' as const, default: 'hi' }, { key: 'Loud', type: 'bool' as const, default: false }] } };
      expect(await host.handle(manifest, 'config.get', [])).to.deep.equal({ Greeting: 'hi', Loud: false });
      await host.handle(manifest, 'config.save', [{ Greeting: 'hello' }]);
      expect(ts.config.get().PluginSettings.Plugins['com.example.cfg']).to.deep.equal({ Greeting: 'hello' });
      expect(await host.handle(manifest, 'config.get', [])).to.deep.equal({ Greeting: 'hello', Loud: false });
    });

    it('publishes custom_<pluginid>_<event> with the given broadcast', async () => {
      events.length = 0;
      await call('websocket.publish', ['refresh', { n: 1 }, { channel_id: channel.id }]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(events).to.deep.include({ event: 'custom_com.example.all_refresh', data: { n: 1 }, broadcast: { channel_id: channel.id } });
    });

    it('accepts a valid cluster event, which has no other node to reach on a single server', async () => {
      expect(await call('cluster.publish', [{ id: 'sync', data: 'payload' }])).to.equal(null);
    });
  });

  describe('log', () => {
    it('writes lines with plugin_id and keeps plugins from forging the reserved fields', async () => {
      logLines.length = 0;
      await call('log.warn', ['careful', { level: 'error', plugin_id: 'someone.else', detail: 7 }], plugin('com.example.logger'));
      expect(logLines).to.have.length(1);
      expect(logLines[0]).to.include({ level: 'warn', msg: 'careful', plugin_id: 'com.example.logger', detail: 7 });
    });

    it('drops lines past 100 per second for a plugin and reports how many it dropped', async () => {
      logLines.length = 0;
      const manifest = plugin('com.example.flood');
      await Promise.all(Array.from({ length: 150 }, (_, i) => host.handle(manifest, 'log.info', [`line ${i}`])));
      expect(logLines.filter((l) => l.plugin_id === 'com.example.flood' && l.level === 'info')).to.have.length(100);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await host.handle(manifest, 'log.info', ['after']);
      const report = logLines.find((l) => l.level === 'warn' && l.plugin_id === 'com.example.flood');
      expect(report).to.include({ dropped: 50 });
    });
  });

  describe('http.fetch', () => {
    let server: Server;
    let port: number;
    let requests: Array<{ url?: string; headers: Record<string, unknown> }>;

    before(async () => {
      requests = [];
      server = createServer((req, res) => {
        requests.push({ url: req.url, headers: req.headers });
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://example.com/elsewhere' });
          res.end();
        } else if (req.url === '/big') {
          res.end(Buffer.alloc(5 * 1024 * 1024, 'x'));
        } else if (req.url === '/hang') {
          // never answers
        } else {
          res.setHeader('content-type', 'text/plain');
          res.end(`hello ${req.method}`);
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      ts.config.patch({ ServiceSettings: { AllowedUntrustedInternalConnections: '' } });
    });

    const fetchAs = (hosts: string[], url: string, request?: Record<string, unknown>) => call('http.fetch', request ? [url, request] : [url], plugin('com.example.fetch', hosts));

    it('refuses hosts the manifest does not declare', async () => {
      expect((await refusal(fetchAs([], `http://127.0.0.1:${port}/`))).id).to.equal('plugin.http.host_not_allowed');
      expect((await refusal(fetchAs(['127.0.0.1:1'], `http://127.0.0.1:${port}/`))).id).to.equal('plugin.http.host_not_allowed');
      expect((await refusal(fetchAs(['*.example.com'], 'http://example.com/'))).id).to.equal('plugin.http.host_not_allowed');
      expect((await refusal(fetchAs(['example.com'], 'ftp://example.com/'))).id).to.equal('plugin.http.scheme_not_allowed');
    });

    it('refuses loopback, private, link-local and unique-local addresses even when declared', async () => {
      const targets = [`http://127.0.0.1:${port}/`, 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://[fd00::1]/', 'http://192.168.1.1/', 'http://[::ffff:127.0.0.1]/', `http://localhost:${port}/`, `http://[::7f00:1]:${port}/`, `http://[::ffff:0:7f00:1]:${port}/`, 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:7f00:1::]/'];
      for (const url of targets) {
        const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
        expect((await refusal(fetchAs([host], url))).id, url).to.equal('plugin.http.private_address');
      }
      expect(requests).to.deep.equal([]);
    });

    it('reaches an internal address listed in AllowedUntrustedInternalConnections, by address, CIDR or host name', async () => {
      for (const allowed of ['127.0.0.1', '127.0.0.0/8', 'localhost']) {
        ts.config.patch({ ServiceSettings: { AllowedUntrustedInternalConnections: `10.9.9.9 ${allowed}` } });
        const host = allowed === 'localhost' ? 'localhost' : '127.0.0.1';
        const answer = (await fetchAs([`${host}:${port}`], `http://${host}:${port}/hi`, { method: 'POST', body: 'x', headers: { 'x-test': 'yes', host: 'forged' } })) as { status: number; body: string; headers: Record<string, string> };
        expect(answer, allowed).to.include({ status: 200, body: 'hello POST' });
        expect(answer.headers['content-type']).to.equal('text/plain');
      }
      expect(requests.at(-1)?.headers).to.include({ 'x-test': 'yes', host: `localhost:${port}` });
    });

    it('lets a manifest declaring * reach any host, but still not a private one unless an admin allows it', async () => {
      ts.config.patch({ ServiceSettings: { AllowedUntrustedInternalConnections: '' } });
      expect((await refusal(fetchAs(['*'], `http://127.0.0.1:${port}/any`))).id).to.equal('plugin.http.private_address');
      ts.config.patch({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } });
      expect(await fetchAs(['*'], `http://127.0.0.1:${port}/any`)).to.include({ status: 200, body: 'hello GET' });
    });

    it('never follows a redirect, and stops slow or oversized responses', async () => {
      ts.config.patch({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } });
      const hosts = [`127.0.0.1:${port}`];
      const redirect = (await fetchAs(hosts, `http://127.0.0.1:${port}/redirect`)) as { status: number; headers: Record<string, string> };
      expect(redirect.status).to.equal(302);
      expect(redirect.headers.location).to.equal('http://example.com/elsewhere');
      expect((await refusal(fetchAs(hosts, `http://127.0.0.1:${port}/big`))).id).to.equal('plugin.http.response_too_large');
      expect((await refusal(fetchAs(hosts, `http://127.0.0.1:${port}/hang`, { timeoutMs: 200 }))).id).to.equal('plugin.http.timeout');
    });
  });
});

import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Bot } from '@mattermost/types/bots';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const BOT_NOT_FOUND = 'store.sql_bot.get.missing.app_error';
const FORBIDDEN = 'api.context.permissions.app_error';

describe('bots API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;

  const newBot = (extra: Partial<Bot> = {}) => admin.client.createBot({ username: uniqueName('bot'), display_name: 'A Bot', description: 'does things', ...extra } as Bot);
  /** A client authenticated with a new access token of `botId`. */
  const tokenClient = async (botId: string): Promise<Client4> => {
    const token = await admin.client.createUserAccessToken(botId, 'for the test');
    const client = ts.client();
    client.setToken(token.token as string);
    return client;
  };

  before(async () => {
    ts = await startTestServer({ config: { ServiceSettings: { EnableBotAccountCreation: true } } });
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
  });
  after(async () => {
    await ts.close();
  });
  afterEach(() => {
    ts.config.patch({ ServiceSettings: { EnableBotAccountCreation: true, EnableUserAccessTokens: true, DisableBotsWhenOwnerIsDeactivated: true } });
  });

  describe('creating', () => {
    it("creates a bot owned by the caller in Mattermost's Bot shape, backed by a bot user", async () => {
      const username = uniqueName('bot');
      const bot = await newBot({ username, display_name: 'Build Bot', description: 'Reports builds' });
      expect(bot).to.have.all.keys('user_id', 'username', 'display_name', 'description', 'owner_id', 'create_at', 'update_at', 'delete_at');
      expect(bot).to.include({ username, display_name: 'Build Bot', description: 'Reports builds', owner_id: admin.user.id, delete_at: 0 });
      const user = await admin.client.getUser(bot.user_id);
      expect(user).to.include({ id: bot.user_id, username, first_name: 'Build Bot', is_bot: true, bot_description: 'Reports builds', roles: 'system_user' });
      expect(await admin.client.getBot(bot.user_id)).to.deep.equal(bot);
    });

    it('refuses creation with 403 api.bot.create_disabled when EnableBotAccountCreation is off', async () => {
      ts.config.patch({ ServiceSettings: { EnableBotAccountCreation: false } });
      const username = uniqueName('bot');
      await expectClientError(newBot({ username }), 403, 'api.bot.create_disabled');
      await expectClientError(admin.client.getUserByUsername(username), 404);
    });

    it('refuses a regular user with 403, since only admins have create_bot', async () => {
      await expectClientError(alice.client.createBot({ username: uniqueName('bot') } as Bot), 403, FORBIDDEN);
    });

    it("refuses a username that is taken by a person or a bot with 400 app.user.save.username_exists.app_error", async () => {
      const existing = await newBot();
      await expectClientError(newBot({ username: alice.user.username }), 400, 'app.user.save.username_exists.app_error');
      await expectClientError(newBot({ username: existing.username }), 400, 'app.user.save.username_exists.app_error');
    });

    it('refuses bad input with 400 and a stable id, storing nothing', async () => {
      const before = await admin.client.getBots(0, 200);
      await expectClientError(newBot({ username: 'No Spaces' }), 400, 'model.user.is_valid.username.app_error');
      await expectClientError(admin.client.createBot({ display_name: 'no username' } as Bot), 400, 'model.user.is_valid.username.app_error');
      await expectClientError(newBot({ display_name: 'x'.repeat(65) }), 400, 'model.bot.is_valid.display_name.app_error');
      await expectClientError(newBot({ description: 42 as unknown as string }), 400, 'model.bot.is_valid.description.app_error');
      await expectClientError(admin.client.createBot([] as unknown as Bot), 400, 'api.context.invalid_param.app_error');
      expect(await admin.client.getBots(0, 200)).to.deep.equal(before);
    });

    it("refuses a plugin's bot whose display name is past Mattermost's limit, storing nothing", async () => {
      const username = uniqueName('pbot');
      const ensured = ts.server.services.bots.ensure('com.example.longname', { username, displayName: 'x'.repeat(65) });
      await ensured.then(
        () => expect.fail('expected the bot to be refused'),
        (err: unknown) => expect(err).to.include({ id: 'model.bot.is_valid.display_name.app_error', status: 400 }),
      );
      await expectClientError(admin.client.getUserByUsername(username), 404);
    });
  });

  describe('reading', () => {
    it('lists bots oldest first, a page at a time', async () => {
      const first = await newBot();
      const second = await newBot();
      const ids = (await admin.client.getBots(0, 200)).map((b) => b.user_id);
      expect(ids.indexOf(first.user_id)).to.be.lessThan(ids.indexOf(second.user_id));
      const page = await admin.client.getBots(ids.indexOf(second.user_id), 1);
      expect(page.map((b) => b.user_id)).to.deep.equal([second.user_id]);
    });

    it('tells a user without read_bots that a bot does not exist, and refuses them the list', async () => {
      const bot = await newBot();
      await expectClientError(alice.client.getBot(bot.user_id), 404, BOT_NOT_FOUND);
      await expectClientError(alice.client.getBots(), 403, FORBIDDEN);
    });

    it('answers 404 for a user that is not a bot and 400 for a malformed id', async () => {
      await expectClientError(admin.client.getBot(alice.user.id), 404, BOT_NOT_FOUND);
      await expectClientError(admin.client.getBot('not-an-id'), 400, 'api.context.invalid_param.app_error');
    });

    it('lists plugin-owned bots with the plugin id as owner', async () => {
      const botId = await ts.server.services.bots.ensure('com.example.botowner', { username: uniqueName('pbot'), displayName: 'Plugin Bot', description: '' });
      expect(await admin.client.getBot(botId)).to.include({ owner_id: 'com.example.botowner', display_name: 'Plugin Bot' });
    });
  });

  describe('changing', () => {
    it('patches only the fields given, and the bot user follows', async () => {
      const bot = await newBot({ display_name: 'Old', description: 'old description' });
      const described = await admin.client.patchBot(bot.user_id, { description: 'new description' } as Bot);
      expect(described).to.include({ username: bot.username, display_name: 'Old', description: 'new description' });
      const renamed = uniqueName('renamed');
      const patched = await admin.client.patchBot(bot.user_id, { username: renamed, display_name: 'New' } as Bot);
      expect(patched).to.include({ username: renamed, display_name: 'New', description: 'new description' });
      expect(patched.update_at).to.be.at.least(bot.update_at);
      expect(await admin.client.getUser(bot.user_id)).to.include({ username: renamed, first_name: 'New', bot_description: 'new description' });
    });

    it('refuses a patch to a taken or invalid username and keeps the bot as it was', async () => {
      const bot = await newBot();
      await expectClientError(admin.client.patchBot(bot.user_id, { username: alice.user.username } as Bot), 400, 'app.user.save.username_exists.app_error');
      await expectClientError(admin.client.patchBot(bot.user_id, { username: 'x' } as Bot), 400, 'model.user.is_valid.username.app_error');
      expect(await admin.client.getBot(bot.user_id)).to.deep.equal(bot);
    });

    it("tells a user without manage permissions that someone else's bot does not exist", async () => {
      const bot = await newBot();
      await expectClientError(alice.client.patchBot(bot.user_id, { description: 'mine now' } as Bot), 404, BOT_NOT_FOUND);
      await expectClientError(alice.client.disableBot(bot.user_id), 404, BOT_NOT_FOUND);
      await expectClientError(alice.client.assignBot(bot.user_id, alice.user.id), 404, BOT_NOT_FOUND);
      expect(await admin.client.getBot(bot.user_id)).to.deep.equal(bot);
    });
  });

  describe('disabling and enabling', () => {
    it('disables a bot: delete_at set, hidden unless include_deleted, its user deactivated', async () => {
      const bot = await newBot();
      const disabled = await admin.client.disableBot(bot.user_id);
      expect(disabled.delete_at).to.be.greaterThan(0);
      await expectClientError(admin.client.getBot(bot.user_id), 404, BOT_NOT_FOUND);
      const response = await fetch(`${ts.url}/api/v4/bots/${bot.user_id}?include_deleted=true`, { headers: { Authorization: `Bearer ${admin.client.getToken()}` } });
      expect(((await response.json()) as Bot).delete_at).to.equal(disabled.delete_at);
      expect((await admin.client.getBots(0, 200)).map((b) => b.user_id)).not.to.include(bot.user_id);
      expect((await admin.client.getBotsIncludeDeleted(0, 200)).map((b) => b.user_id)).to.include(bot.user_id);
      expect((await admin.client.getUser(bot.user_id)).delete_at).to.be.greaterThan(0);
    });

    it("refuses a disabled bot's token with 401, and accepts it again once the bot is enabled", async () => {
      const bot = await newBot();
      const client = await tokenClient(bot.user_id);
      expect((await client.getMe()).id).to.equal(bot.user_id);
      await admin.client.disableBot(bot.user_id);
      await expectClientError(client.getMe(), 401);
      const enabled = await admin.client.enableBot(bot.user_id);
      expect(enabled.delete_at).to.equal(0);
      expect((await admin.client.getUser(bot.user_id)).delete_at).to.equal(0);
      expect((await client.getMe()).id).to.equal(bot.user_id);
    });
  });

  describe('owners', () => {
    it('assigns a bot to another user, refusing bots and unknown users as owners', async () => {
      const bot = await newBot();
      const other = await newBot();
      expect(await admin.client.assignBot(bot.user_id, alice.user.id)).to.include({ user_id: bot.user_id, owner_id: alice.user.id });
      expect((await admin.client.getBot(bot.user_id)).owner_id).to.equal(alice.user.id);
      await expectClientError(admin.client.assignBot(bot.user_id, other.user_id), 403, FORBIDDEN);
      await expectClientError(admin.client.assignBot(bot.user_id, 'a'.repeat(26)), 404);
      expect((await admin.client.getBot(bot.user_id)).owner_id).to.equal(alice.user.id);
    });

    it('lists as orphaned only the bots whose owner is deactivated, never plugin bots', async () => {
      ts.config.patch({ ServiceSettings: { DisableBotsWhenOwnerIsDeactivated: false } });
      const owner = await createUser(ts, admin.client);
      const orphan = await newBot();
      const kept = await newBot();
      const pluginBot = await ts.server.services.bots.ensure('com.example.orphans', { username: uniqueName('pbot'), displayName: '', description: '' });
      await admin.client.assignBot(orphan.user_id, owner.user.id);
      expect((await admin.client.getBotsOrphaned(0, 200)).map((b) => b.user_id)).not.to.include(orphan.user_id);
      await admin.client.updateUserActive(owner.user.id, false);
      const orphaned = (await admin.client.getBotsOrphaned(0, 200)).map((b) => b.user_id);
      expect(orphaned).to.include(orphan.user_id);
      expect(orphaned).not.to.include(kept.user_id);
      expect(orphaned).not.to.include(pluginBot);
      expect((await admin.client.getBot(orphan.user_id)).delete_at).to.equal(0);
    });

    it("disables a deactivated owner's bots when DisableBotsWhenOwnerIsDeactivated is on (the default)", async () => {
      const owner = await createUser(ts, admin.client);
      const bot = await newBot();
      await admin.client.assignBot(bot.user_id, owner.user.id);
      const client = await tokenClient(bot.user_id);
      await admin.client.updateUserActive(owner.user.id, false);
      await expectClientError(admin.client.getBot(bot.user_id), 404, BOT_NOT_FOUND);
      expect((await admin.client.getBotsIncludeDeleted(0, 200)).find((b) => b.user_id === bot.user_id)?.delete_at).to.be.greaterThan(0);
      await expectClientError(client.getMe(), 401);
    });
  });

  describe('tokens and login', () => {
    it("posts with a bot's token as the bot, marked from_bot", async () => {
      const bot = await newBot();
      const team = await createTeamWith(admin.client, [bot.user_id]);
      const channel = await createChannelWith(admin.client, team, [bot.user_id]);
      const client = await tokenClient(bot.user_id);
      const post = await client.createPost({ channel_id: channel.id, message: 'build passed' } as Post);
      expect(post).to.include({ user_id: bot.user_id, message: 'build passed' });
      expect((await admin.client.getPost(post.id)).props).to.deep.equal({ from_bot: 'true' });
    });

    it('issues bot tokens while EnableUserAccessTokens is off, but not personal ones', async () => {
      const bot = await newBot();
      ts.config.patch({ ServiceSettings: { EnableUserAccessTokens: false } });
      const client = await tokenClient(bot.user_id);
      expect((await client.getMe()).id).to.equal(bot.user_id);
      await expectClientError(admin.client.createUserAccessToken(admin.user.id, 'personal'), 501, 'app.user_access_token.disabled');
    });

    it("refuses a user with the token role a token for someone else's bot, as if the bot did not exist", async () => {
      const bot = await newBot();
      const holder = await createUser(ts, admin.client);
      await admin.client.updateUserRoles(holder.user.id, 'system_user system_user_access_token');
      const relogged = await login(ts, holder.user.username);
      await expectClientError(relogged.client.createUserAccessToken(bot.user_id, 'steal'), 404, BOT_NOT_FOUND);
      await expectClientError(relogged.client.getUserAccessTokensForUser(bot.user_id), 404, BOT_NOT_FOUND);
      expect(await admin.client.getUserAccessTokensForUser(bot.user_id)).to.deep.equal([]);
    });

    it('refuses a password login of a bot with 401 api.user.login.bot_login_forbidden.app_error', async () => {
      const bot = await newBot();
      await expectClientError(ts.client().login(bot.username, 'any-password-at-all'), 401, 'api.user.login.bot_login_forbidden.app_error');
    });
  });
});

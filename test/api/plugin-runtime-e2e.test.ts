import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, PASSWORD } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { pluginBundle, type PluginSpec } from '../helpers/plugin-bundles.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

const PLUGIN_ID = 'com.example.e2e';

// A plugin exercising hooks and API groups through the real sandbox.
const SERVER = `
const SOME_CHANNEL_ID = 'a'.repeat(26);
export default (api) => ({
  async onActivate() {
    await api.bots.ensureBot({ username: 'e2ebot', display_name: 'E2E' });
    await api.commands.register({ trigger: 'greet', auto_complete: true, auto_complete_desc: 'Says hello' });
    await api.commands.register({ trigger: 'announce' });
  },
  async executeCommand(ctx, args) {
    const count = ((await api.kv.get('count')) ?? 0) + 1;
    await api.kv.set('count', count);
    const user = await api.users.get(args.user_id);
    if (args.command === '/announce site') return { text: args.site_url };
    if (args.command === '/announce refuse') throw Object.assign(new Error('Only on Fridays.'), { id: 'com.example.e2e.not_friday', status: 403 });
    if (args.command.startsWith('/announce in ')) return { response_type: 'in_channel', text: 'moved here', channel_id: args.command.slice('/announce in '.length) };
    if (args.command === '/announce styled') {
      return {
        response_type: 'in_channel',
        text: 'styled',
        type: 'custom_styled',
        username: 'Herald',
        icon_url: 'https://example.com/herald.png',
        props: { note: 'kept' },
        attachments: [{ text: 'attached' }],
        goto_location: 'https://example.com/elsewhere',
        extra_responses: [{ response_type: 'in_channel', text: 'and a second post' }],
      };
    }
    if (args.command.startsWith('/announce')) return { response_type: 'in_channel', text: 'announced by ' + user.username };
    return { text: 'Hello, ' + user.username + ' #' + count };
  },
  async serveHttp(ctx, request) {
    if (request.path === '/whoami') {
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'set-cookie': 'stolen=1', 'x-plugin': 'yes' },
        body: JSON.stringify({ user_id: request.user_id, header: request.headers['mattermost-user-id'] ?? '', authorization: request.headers.authorization ?? '', cookie: request.headers.cookie ?? '', query: request.query, body: request.body, method: request.method }),
      };
    }
    if (request.path === '/forbidden') {
      try {
        await api.channels.get(SOME_CHANNEL_ID);
      } catch (err) {
        return { body: JSON.stringify({ id: err.id, message: err.message }) };
      }
    }
    if (request.path === '/count') return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: (await api.kv.get('count')) ?? 0 }) };
    return { status: 404, body: 'no such page' };
  },
  messageWillBePosted(ctx, post) {
    if (post.message.includes('forbidden')) return { reject: 'the word forbidden is not allowed' };
    return { post: { ...post, message: post.message.replace('shout', 'SHOUT') } };
  },
  async messageHasBeenPosted(ctx, post) {
    if (post.message === 'echo me') await api.posts.create({ channel_id: post.channel_id, message: 'echo' });
    if (post.message === 'echo urgently') await api.posts.create({ channel_id: post.channel_id, message: 'urgent echo', metadata: { priority: { priority: 'urgent', requested_ack: true } } });
  },
});
`;

describe('plugin runtime end to end', () => {
  let ts: TestServer;
  let admin: Client4;
  let user: Client4;
  let userId: string;
  let username: string;
  let team: Team;
  let channel: Channel;
  let token: string;
  let events: LiveEvent[];

  const spec: PluginSpec = { id: PLUGIN_ID, server: SERVER, manifest: { permissions: { api: ['posts', 'commands', 'kv', 'users', 'bots'] } } };
  const pluginUrl = (path: string) => `${ts.url}/plugins/${PLUGIN_ID}${path}`;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    const member = await createUser(ts, admin);
    user = member.client;
    userId = member.user.id;
    username = member.user.username;
    token = user.getToken();
    team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' } as Team);
    await admin.addToTeam(team.id, userId);
    channel = await admin.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Chan', type: 'O' } as Channel);
    await admin.addToChannel(userId, channel.id);
    events = [];
    ts.server.events.subscribe((event) => events.push(event));
    const bundle = pluginBundle(spec, [{ path: 'public/', type: 'Directory' }, { path: 'public/hello.txt', body: 'hi there' }]);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'plugin.tar.gz') as never, false);
    await admin.enablePlugin(PLUGIN_ID);
  });
  after(async () => {
    await ts.close();
  });

  describe('plugin HTTP', () => {
    it('calls serveHttp without a user id for anonymous requests, and ignores a forged Mattermost-User-Id', async () => {
      const res = await fetch(pluginUrl('/whoami?x=1&access_token=secret'), { headers: { 'Mattermost-User-Id': userId } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('application/json');
      expect(res.headers.get('x-plugin')).to.equal('yes');
      expect(res.headers.get('set-cookie')).to.equal(null);
      expect(await res.json()).to.deep.include({ user_id: '', header: '', query: { x: '1' } });
    });

    it('tells the plugin the user of a valid session and never forwards the credentials', async () => {
      const res = await fetch(pluginUrl('/whoami'), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: 'payload' });
      expect(await res.json()).to.deep.include({ user_id: userId, header: userId, authorization: '', body: 'payload', method: 'POST' });
    });

    it('treats a session cookie without its CSRF token on a POST as anonymous, and with it as the user', async () => {
      const login = await fetch(`${ts.url}/api/v4/users/login`, { method: 'POST', body: JSON.stringify({ login_id: username, password: PASSWORD }) });
      const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
      const csrf = cookies.find((c) => c.startsWith('MMCSRF='))!.slice('MMCSRF='.length);
      const cookie = cookies.join('; ');
      const anonymous = await fetch(pluginUrl('/whoami'), { method: 'POST', headers: { Cookie: cookie } });
      expect(anonymous.status).to.equal(200);
      expect(await anonymous.json()).to.deep.include({ user_id: '', cookie: '' });
      const withCsrf = await fetch(pluginUrl('/whoami'), { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
      expect(await withCsrf.json()).to.deep.include({ user_id: userId });
      const get = await fetch(pluginUrl('/whoami'), { headers: { Cookie: cookie } });
      expect(await get.json()).to.deep.include({ user_id: userId });
    });

    it('passes the status and body the plugin answers with', async () => {
      const res = await fetch(pluginUrl('/missing'));
      expect(res.status).to.equal(404);
      expect(await res.text()).to.equal('no such page');
    });

    it("serves public/ files from the plugin's folder and refuses paths out of it", async () => {
      const file = await fetch(pluginUrl('/public/hello.txt'));
      expect(file.status).to.equal(200);
      expect(file.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
      expect(await file.text()).to.equal('hi there');
      for (const path of ['/public/..%2Fplugin.json', '/public/%2e%2e/plugin.json', '/public/nothing.txt', '/public/']) {
        expect((await fetch(pluginUrl(path))).status, path).to.equal(404);
      }
    });

    it('refuses a body larger than the server accepts', async () => {
      const limit = ts.config.get().ServiceSettings.MaximumPayloadSizeBytes;
      const res = await fetch(pluginUrl('/whoami'), { method: 'POST', body: 'x'.repeat(limit + 1) });
      expect(res.status).to.equal(413);
    });

    it("rejects the plugin's call of an API group its manifest did not ask for, inside the plugin", async () => {
      const res = await fetch(pluginUrl('/forbidden'));
      expect(await res.json()).to.deep.equal({ id: 'plugin.api.permission_denied', message: `${PLUGIN_ID} may not call channels.get: its manifest does not ask for "channels"` });
    });

    it('answers 404 for a plugin that is not installed', async () => {
      const res = await fetch(`${ts.url}/plugins/com.example.none/whoami`);
      expect(res.status).to.equal(404);
      expect(((await res.json()) as { id: string }).id).to.equal('api.plugin.not_found.app_error');
    });
  });

  describe('slash commands', () => {
    it('runs a plugin command and sends its ephemeral answer only to the caller', async () => {
      events.length = 0;
      const response = await user.executeCommand('/greet', { channel_id: channel.id, team_id: team.id } as never);
      expect(response).to.include({ response_type: 'ephemeral', text: `Hello, ${username} #1` });
      await tick();
      const ephemeral = events.find((e) => e.event === 'ephemeral_message');
      expect(ephemeral?.broadcast).to.deep.equal({ user_id: userId, channel_id: channel.id });
      expect(JSON.parse(ephemeral?.data.post as string)).to.include({ message: `Hello, ${username} #1`, channel_id: channel.id });
      const counted = await fetch(pluginUrl('/count'));
      expect(await counted.json()).to.deep.equal({ count: 1 });
    });

    it('posts an in_channel answer as the caller', async () => {
      await user.executeCommand('/announce now', { channel_id: channel.id, team_id: team.id } as never);
      const posts = await user.getPosts(channel.id);
      const latest = posts.posts[posts.order[0]];
      expect(latest).to.include({ message: `announced by ${username}`, user_id: userId });
    });

    it("posts an in_channel answer's type, props, attachments and extra responses, and returns its goto_location", async () => {
      const response = await user.executeCommand('/announce styled', { channel_id: channel.id, team_id: team.id } as never);
      expect(response).to.include({ goto_location: 'https://example.com/elsewhere' });
      const posts = await user.getPosts(channel.id);
      const [second, first] = posts.order.slice(0, 2).map((id) => posts.posts[id]);
      expect(second).to.include({ message: 'and a second post', user_id: userId });
      expect(first).to.include({ message: 'styled', type: 'custom_styled', user_id: userId });
      // Overrides are off by default (ServiceSettings.EnablePostUsernameOverride / EnablePostIconOverride).
      expect(first.props).to.deep.equal({ note: 'kept', attachments: [{ text: 'attached' }] });
    });

    it('applies username and icon overrides only where the server allows them, marking the post from_webhook', async () => {
      ts.config.patch({ ServiceSettings: { EnablePostUsernameOverride: true, EnablePostIconOverride: true } });
      try {
        await user.executeCommand('/announce styled', { channel_id: channel.id, team_id: team.id } as never);
        const posts = await user.getPosts(channel.id);
        const styled = posts.order.map((id) => posts.posts[id]).find((p) => p.message === 'styled');
        expect(styled?.props).to.include({ override_username: 'Herald', override_icon_url: 'https://example.com/herald.png', from_webhook: 'true' });
      } finally {
        ts.config.patch({ ServiceSettings: { EnablePostUsernameOverride: false, EnablePostIconOverride: false } });
      }
    });

    it("tells the plugin the server's site URL: SiteURL, else the address the command came in on", async () => {
      expect((await user.executeCommand('/announce site', { channel_id: channel.id, team_id: team.id } as never)).text).to.equal(ts.url);
      ts.config.patch({ ServiceSettings: { SiteURL: 'https://chat.example.com/' } });
      try {
        expect((await user.executeCommand('/announce site', { channel_id: channel.id, team_id: team.id } as never)).text).to.equal('https://chat.example.com');
      } finally {
        ts.config.patch({ ServiceSettings: { SiteURL: '' } });
      }
    });

    it("posts an in_channel answer to the answer's channel_id only when the caller may post there", async () => {
      const other = await admin.createChannel({ team_id: team.id, name: uniqueName('other'), display_name: 'Other', type: 'O' } as Channel);
      await user.executeCommand(`/announce in ${other.id}`, { channel_id: channel.id, team_id: team.id } as never);
      let latest = await user.getPosts(channel.id);
      expect(latest.posts[latest.order[0]].message, 'not a member of the other channel').to.equal('moved here');
      await admin.addToChannel(userId, other.id);
      await user.executeCommand(`/announce in ${other.id}`, { channel_id: channel.id, team_id: team.id } as never);
      latest = await user.getPosts(other.id);
      expect(latest.posts[latest.order[0]]).to.include({ message: 'moved here', user_id: userId });
    });

    it('suggests the commands whose trigger starts with what was typed', async () => {
      const suggestions = await user.getCommandAutocompleteSuggestionsList('/gr', team.id, {} as never);
      expect(suggestions).to.deep.equal([{ Complete: 'greet', Suggestion: 'greet', Hint: '', Description: 'Says hello', IconData: '' }]);
      expect(await user.getCommandAutocompleteSuggestionsList('/zz', team.id, {} as never)).to.deep.equal([]);
      expect(await user.getCommandAutocompleteSuggestionsList('/greet x', team.id, {} as never)).to.deep.equal([]);
    });

    it("answers with the id, status and message of an error the plugin's executeCommand threw on purpose", async () => {
      const err = await expectClientError(user.executeCommand('/announce refuse', { channel_id: channel.id, team_id: team.id } as never), 403, 'com.example.e2e.not_friday');
      expect(err.message).to.equal('Only on Fridays.');
    });

    it('answers 404 naming the trigger of an unknown command', async () => {
      const err = await expectClientError(user.executeCommand('/nosuch', { channel_id: channel.id, team_id: team.id } as never), 404, 'api.command.execute_command.not_found.app_error');
      expect(err.message).to.include('/nosuch');
    });

    it("lists the plugin's commands for autocomplete", async () => {
      const list = (await user.getAutocompleteCommandsList(team.id)) as Array<{ trigger: string; auto_complete_desc: string }>;
      expect(list.map((c) => c.trigger)).to.deep.equal(['announce', 'greet']);
      expect(list.find((c) => c.trigger === 'greet')?.auto_complete_desc).to.equal('Says hello');
    });
  });

  describe('post hooks', () => {
    /** The channel's posts with exactly `message`, once there are any (a plugin posts from a "has been" hook, after the answer). */
    async function postsSaying(message: string): Promise<Post[]> {
      let found: Post[] = [];
      for (let i = 0; i < 40 && found.length === 0; i++) {
        await tick();
        const list = await user.getPosts(channel.id);
        found = Object.values(list.posts).filter((p) => p.message === message);
      }
      return found;
    }

    it("rejects a post with the plugin's reason", async () => {
      const err = await expectClientError(user.createPost({ channel_id: channel.id, message: 'this is forbidden' } as Post), 400, 'plugin.message_will_be_posted.rejected');
      expect(err.message).to.include('the word forbidden is not allowed');
    });

    it('stores the post as the plugin changed it', async () => {
      const post = await user.createPost({ channel_id: channel.id, message: 'please shout' } as Post);
      expect(post.message).to.equal('please SHOUT');
    });

    it('lets a plugin post from messageHasBeenPosted without answering its own post again', async () => {
      await user.createPost({ channel_id: channel.id, message: 'echo me' } as Post);
      const echoes = await postsSaying('echo');
      expect(echoes).to.have.length(1);
      expect(echoes[0].props).to.deep.include({ from_plugin: 'true' });
      expect((await admin.getUser(echoes[0].user_id)).username).to.equal('e2ebot');
    });

    it('keeps the priority of a post a plugin creates', async () => {
      await user.createPost({ channel_id: channel.id, message: 'echo urgently' } as Post);
      const echoes = await postsSaying('urgent echo');
      expect(echoes).to.have.length(1);
      expect(echoes[0].metadata.priority).to.deep.equal({ priority: 'urgent', requested_ack: true, persistent_notifications: false });
    });
  });

  describe('when the plugin stops', () => {
    it('no longer serves its HTTP paths or commands', async () => {
      await admin.disablePlugin(PLUGIN_ID);
      expect((await fetch(pluginUrl('/whoami'))).status).to.equal(404);
      expect((await fetch(pluginUrl('/public/hello.txt'))).status).to.equal(404);
      await expectClientError(user.executeCommand('/greet', { channel_id: channel.id, team_id: team.id } as never), 404, 'api.command.execute_command.not_found.app_error');
      expect(await user.getAutocompleteCommandsList(team.id)).to.deep.equal([]);
    });
  });
});

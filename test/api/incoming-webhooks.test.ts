// Incoming webhooks, served by the prepackaged plugin parley.webhooks on Mattermost's paths:
// management through Client4, messages posted to POST /hooks/{id} as integrations send them.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { IncomingWebhook, IncomingWebhooksWithCount } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket, eventually } from '../helpers/ws-client.ts';

const PLUGIN_ID = 'parley.webhooks';

interface HookAnswer {
  status: number;
  contentType: string;
  requestId: string;
  text: string;
  json(): { id: string; message: string; detailed_error: string; request_id: string; status_code: number };
}

describe('incoming webhooks', () => {
  let ts: TestServer;
  let admin: Client4;
  let adminUser: UserProfile;
  let member: Client4;
  let memberUser: UserProfile;
  let team: Team;
  let townSquare: Channel;
  let other: Channel;
  let secret: Channel;

  before(async () => {
    ts = await startTestServer({ prepackaged: true, config: { ServiceSettings: { EnablePostUsernameOverride: true, EnablePostIconOverride: true } } });
    ({ client: admin, user: adminUser } = await createAdmin(ts));
    ({ client: member, user: memberUser } = await createUser(ts, admin));
    team = await createTeamWith(admin, [memberUser.id]);
    townSquare = await admin.getChannelByName(team.id, 'town-square');
    other = await createChannelWith(admin, team, [memberUser.id]);
    secret = await createChannelWith(admin, team, [], 'P');
  });
  after(async () => {
    await ts.close();
  });

  const createHook = (hook: Partial<IncomingWebhook> = {}) => admin.createIncomingWebhook({ channel_id: townSquare.id, display_name: 'CI', ...hook });

  async function send(hookId: string, body: string | FormData, contentType?: string): Promise<HookAnswer> {
    const response = await fetch(`${ts.url}/hooks/${hookId}`, { method: 'POST', headers: contentType ? { 'Content-Type': contentType } : {}, body });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', requestId: response.headers.get('x-request-id') ?? '', text, json: () => JSON.parse(text) };
  }
  const sendJson = (hookId: string, payload: unknown) => send(hookId, JSON.stringify(payload), 'application/json');

  /** The newest posts of a channel, newest first. */
  async function latestPosts(channelId: string, count = 1): Promise<Post[]> {
    const list = await admin.getPosts(channelId, 0, count);
    return list.order.map((id) => list.posts[id]);
  }

  async function expectOk(answer: HookAnswer): Promise<void> {
    expect({ status: answer.status, text: answer.text }).to.deep.equal({ status: 200, text: 'ok' });
    expect(answer.contentType).to.match(/^text\/plain/);
  }

  describe('management', () => {
    it('creates a hook with the wire shape of Mattermost, owned by the caller, in the channel’s team', async () => {
      const hook = await createHook({ description: 'builds', channel_locked: true });
      expect(Object.keys(hook).sort()).to.deep.equal(
        ['channel_id', 'channel_locked', 'create_at', 'delete_at', 'description', 'display_name', 'icon_url', 'id', 'team_id', 'update_at', 'user_id', 'username'].sort(),
      );
      expect(hook).to.include({ user_id: adminUser.id, channel_id: townSquare.id, team_id: team.id, display_name: 'CI', description: 'builds', channel_locked: true, delete_at: 0 });
      expect(hook.id).to.match(/^[a-z0-9]{26}$/);
      expect(hook.create_at).to.equal(hook.update_at);
      expect(await admin.getIncomingWebhook(hook.id)).to.deep.equal(hook);
    });

    it('lists hooks by team with paging and a total count', async () => {
      const listTeam = await createTeamWith(admin, []);
      const channel = await admin.getChannelByName(listTeam.id, 'town-square');
      const created = [];
      for (let i = 0; i < 3; i++) created.push(await createHook({ channel_id: channel.id, display_name: `hook ${i}` }));
      const firstPage = (await admin.getIncomingWebhooks(listTeam.id, 0, 2)) as IncomingWebhook[];
      const secondPage = (await admin.getIncomingWebhooks(listTeam.id, 1, 2)) as IncomingWebhook[];
      expect([...firstPage, ...secondPage].map((h) => h.id)).to.deep.equal(created.map((h) => h.id));
      const counted = (await admin.getIncomingWebhooks(listTeam.id, 0, 1, true)) as IncomingWebhooksWithCount;
      expect(counted.total_count).to.equal(3);
      expect(counted.incoming_webhooks.map((h) => h.id)).to.deep.equal([created[0].id]);
      const everywhere = (await admin.getIncomingWebhooks('', 0, 200)) as IncomingWebhook[];
      expect(everywhere.map((h) => h.id)).to.include.members(created.map((h) => h.id));
    });

    it('updates the channel, names and lock, keeping the owner, team and creation time', async () => {
      const hook = await createHook();
      const updated = await admin.updateIncomingWebhook({ ...hook, channel_id: other.id, display_name: 'Renamed', description: 'new', channel_locked: true });
      expect(updated).to.include({ id: hook.id, channel_id: other.id, display_name: 'Renamed', description: 'new', channel_locked: true, user_id: adminUser.id, team_id: team.id, create_at: hook.create_at });
      expect(updated.update_at).to.be.at.least(hook.update_at);
      expect(await admin.getIncomingWebhook(hook.id)).to.deep.equal(updated);
    });

    it('refuses an update naming another hook id or moving the hook to another team', async () => {
      const hook = await createHook();
      const elsewhere = await createTeamWith(admin, []);
      // Client4 puts the body's id in the URL, so only a raw request can make them differ.
      const response = await fetch(`${ts.url}/api/v4/hooks/incoming/${hook.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${admin.getToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...hook, id: 'x'.repeat(26) }),
      });
      expect({ status: response.status, id: ((await response.json()) as { id: string }).id }).to.deep.equal({ status: 400, id: 'api.context.invalid_url_param.app_error' });
      await expectClientError(admin.updateIncomingWebhook({ ...hook, team_id: elsewhere.id }), 400, 'api.webhook.team_mismatch.app_error');
    });

    it('deletes a hook: it is gone from the API and its URL no longer posts', async () => {
      const hook = await createHook();
      expect(await admin.removeIncomingWebhook(hook.id)).to.deep.equal({ status: 'OK' });
      await expectClientError(admin.getIncomingWebhook(hook.id), 404, 'app.webhooks.get_incoming.app_error');
      const answer = await sendJson(hook.id, { text: 'after delete' });
      expect(answer.status).to.equal(400);
      expect(answer.json().id).to.equal('web.incoming_webhook.invalid.app_error');
    });

    it('refuses a user without manage_incoming_webhooks, and a caller without a session', async () => {
      await expectClientError(member.createIncomingWebhook({ channel_id: townSquare.id }), 403, 'api.context.permissions.app_error');
      await expectClientError(member.getIncomingWebhooks(team.id), 403, 'api.context.permissions.app_error');
      const hook = await createHook();
      await expectClientError(member.getIncomingWebhook(hook.id), 403, 'api.context.permissions.app_error');
      await expectClientError(member.removeIncomingWebhook(hook.id), 403, 'api.context.permissions.app_error');
      await expectClientError(ts.client().getIncomingWebhooks(team.id), 401, 'api.context.session_expired.app_error');
    });

    it('lets a team admin create hooks and see those of others (manage_others_incoming_webhooks)', async () => {
      const { client: teamAdmin, user: teamAdminUser } = await createUser(ts, admin);
      await admin.addToTeam(team.id, teamAdminUser.id);
      await admin.updateTeamMemberRoles(team.id, teamAdminUser.id, ['team_user', 'team_admin']);
      const own = await teamAdmin.createIncomingWebhook({ channel_id: townSquare.id, display_name: 'mine' });
      expect(own.user_id).to.equal(teamAdminUser.id);
      const adminsHook = await createHook();
      // team_admin holds manage_others_incoming_webhooks in Mattermost's default scheme.
      expect((await teamAdmin.getIncomingWebhook(adminsHook.id)).id).to.equal(adminsHook.id);
    });

    it('creates a hook for another user when the caller may manage others, and refuses an unknown user', async () => {
      const hook = await createHook({ user_id: memberUser.id });
      expect(hook.user_id).to.equal(memberUser.id);
      await expectClientError(createHook({ user_id: 'q'.repeat(26) }), 404, 'app.user.missing_account.const');
    });

    it('refuses a missing channel, a bad username and oversized fields with 4xx', async () => {
      await expectClientError(createHook({ channel_id: 'z'.repeat(26) }), 404, 'app.channel.get.existing.app_error');
      await expectClientError(createHook({ username: 'Not Valid' }), 400, 'api.incoming_webhook.invalid_username.app_error');
      await expectClientError(createHook({ display_name: 'x'.repeat(65) }), 400, 'model.incoming_hook.display_name.app_error');
      await expectClientError(createHook({ description: 'x'.repeat(501) }), 400, 'model.incoming_hook.description.app_error');
    });
  });

  describe('POST /hooks/{id}', () => {
    let hook: IncomingWebhook;
    before(async () => {
      hook = await createHook({ display_name: 'Builder', username: 'builder', icon_url: 'https://icons.example/b.png' });
    });

    it('posts a JSON message as the hook’s owner, answers ok as text/plain, and the post arrives over the WebSocket', async () => {
      const socket = await RawSocket.authenticated(ts, member.getToken());
      try {
        await expectOk(await sendJson(hook.id, { text: 'deploy finished' }));
        const event = await socket.waitFor((f) => f.event === 'posted' && JSON.parse(f.data?.post ?? '{}').message === 'deploy finished');
        const posted = JSON.parse(event.data!.post) as Post;
        expect(posted).to.include({ user_id: adminUser.id, channel_id: townSquare.id, root_id: '' });
        expect(posted.props).to.deep.equal({
          from_webhook: 'true',
          override_username: 'builder',
          override_icon_url: 'https://icons.example/b.png',
          webhook_display_name: 'Builder',
        });
      } finally {
        await socket.close();
      }
    });

    it('posts a Slack-style form payload=', async () => {
      const body = `payload=${encodeURIComponent(JSON.stringify({ text: 'from a form & friends', username: 'formbot' }))}`;
      await expectOk(await send(hook.id, body, 'application/x-www-form-urlencoded'));
      const [post] = await latestPosts(townSquare.id);
      expect(post.message).to.equal('from a form & friends');
      expect(post.props).to.include({ override_username: 'formbot', from_webhook: 'true' });
    });

    it('posts a multipart payload, as a payload field or as separate fields', async () => {
      const asPayload = new FormData();
      asPayload.append('payload', JSON.stringify({ text: 'multipart payload' }));
      await expectOk(await send(hook.id, asPayload));
      expect((await latestPosts(townSquare.id))[0].message).to.equal('multipart payload');
      const asFields = new FormData();
      asFields.append('text', 'multipart fields');
      asFields.append('username', 'fieldbot');
      await expectOk(await send(hook.id, asFields));
      const [post] = await latestPosts(townSquare.id);
      expect(post.message).to.equal('multipart fields');
      expect(post.props.override_username).to.equal('fieldbot');
    });

    it('turns a Slack payload with attachments into Mattermost props, links and mentions', async () => {
      await expectOk(
        await sendJson(hook.id, {
          text: '<!channel> build <https://ci.example/1|#1> by <@' + memberUser.id + '>',
          icon_emoji: ':rocket:',
          props: { card: 'details' },
          attachments: [
            {
              fallback: 'Build #1 passed',
              color: '#36a64f',
              pretext: '<!here> see <https://ci.example/1/log|the log>',
              title: 'Build #1',
              title_link: 'https://ci.example/1',
              text: 'All <https://ci.example/1/tests|tests> passed',
              fields: [
                { title: 'Duration', value: 42, short: true },
                { title: 'Branch', value: '<https://git.example/main|main>', short: false },
              ],
            },
          ],
        }),
      );
      const [post] = await latestPosts(townSquare.id);
      expect(post.message).to.equal(`@channel build [#1](https://ci.example/1) by @${memberUser.username}`);
      expect(post.type).to.equal('slack_attachment');
      expect(post.props).to.include({ from_webhook: 'true', card: 'details', override_icon_emoji: ':rocket:' });
      const [attachment] = post.props.attachments as Array<Record<string, unknown>>;
      expect(attachment).to.include({
        fallback: 'Build #1 passed',
        color: '#36a64f',
        pretext: '@here see [the log](https://ci.example/1/log)',
        title: 'Build #1',
        title_link: 'https://ci.example/1',
        text: 'All [tests](https://ci.example/1/tests) passed',
      });
      expect(attachment.fields).to.deep.equal([
        { title: 'Duration', value: '42', short: true },
        { title: 'Branch', value: '[main](https://git.example/main)', short: false },
      ]);
    });

    it('posts attachments without text', async () => {
      await expectOk(await sendJson(hook.id, { attachments: [{ fallback: 'only an attachment', text: 'body' }] }));
      const [post] = await latestPosts(townSquare.id);
      expect(post).to.include({ message: '', type: 'slack_attachment' });
      expect((post.props.attachments as Array<{ fallback: string }>)[0].fallback).to.equal('only an attachment');
    });

    it('posts to the channel the payload names, by name, #name, or @username for a direct message', async () => {
      await expectOk(await sendJson(hook.id, { text: 'by name', channel: other.name }));
      expect((await latestPosts(other.id))[0].message).to.equal('by name');
      await expectOk(await sendJson(hook.id, { text: 'by hash', channel: `#${other.name}` }));
      expect((await latestPosts(other.id))[0].message).to.equal('by hash');
      await expectOk(await sendJson(hook.id, { text: 'direct', channel: `@${memberUser.username}` }));
      // Creating a direct channel that exists returns it.
      const dm = await admin.createDirectChannel([adminUser.id, memberUser.id]);
      expect((await latestPosts(dm.id))[0].message).to.equal('direct');
    });

    it('refuses an unknown channel or user override', async () => {
      const noChannel = await sendJson(hook.id, { text: 'x', channel: 'no-such-channel' });
      expect(noChannel.status).to.equal(404);
      expect(noChannel.json().id).to.equal('web.incoming_webhook.channel.app_error');
      const noUser = await sendJson(hook.id, { text: 'x', channel: '@nobody-here' });
      expect(noUser.status).to.equal(400);
      expect(noUser.json().id).to.equal('web.incoming_webhook.user.app_error');
    });

    it('refuses to leave the channel of a locked hook, but posts there', async () => {
      const locked = await createHook({ channel_locked: true });
      const refused = await sendJson(locked.id, { text: 'escape', channel: other.name });
      expect(refused.status).to.equal(403);
      expect(refused.json().id).to.equal('web.incoming_webhook.channel_locked.app_error');
      await expectOk(await sendJson(locked.id, { text: 'stay home', channel: 'town-square' }));
      expect((await latestPosts(townSquare.id))[0].message).to.equal('stay home');
    });

    it("refuses a private channel the hook's owner cannot read", async () => {
      const memberHook = await createHook({ user_id: memberUser.id });
      const refused = await sendJson(memberHook.id, { text: 'peek', channel: secret.name });
      expect(refused.status).to.equal(403);
      expect(refused.json().id).to.equal('web.incoming_webhook.permissions.app_error');
      await expectOk(await sendJson(hook.id, { text: 'admin may', channel: secret.name }));
      expect((await latestPosts(secret.id))[0].message).to.equal('admin may');
    });

    it('splits a message longer than one post into several posts', async () => {
      const text = `${'a'.repeat(16383)}${'b'.repeat(10)}`;
      await expectOk(await sendJson(hook.id, { text, channel: other.name }));
      const [second, first] = await latestPosts(other.id, 2);
      expect(first.message).to.equal('a'.repeat(16383));
      expect(second.message).to.equal('b'.repeat(10));
      expect(second.props.from_webhook).to.equal('true');
    });

    it('answers 400 with Mattermost’s ids for empty, malformed and unusable payloads, and for unknown hooks', async () => {
      const cases: Array<[Promise<HookAnswer>, string]> = [
        [sendJson(hook.id, {}), 'web.incoming_webhook.text.app_error'],
        [sendJson(hook.id, { text: '', attachments: [] }), 'web.incoming_webhook.text.app_error'],
        [send(hook.id, '{"text": ', 'application/json'), 'model.incoming_hook.parse_data.app_error'],
        [send(hook.id, '', 'application/json'), 'model.incoming_hook.parse_data.app_error'],
        [send(hook.id, 'text=hello', 'application/x-www-form-urlencoded'), 'model.incoming_hook.parse_data.app_error'],
        [sendJson(hook.id, { text: 'x', attachments: 'nope' }), 'model.incoming_hook.parse_data.app_error'],
        [sendJson(hook.id, { text: 'x', type: 'system_join_channel' }), 'api.context.invalid_param.app_error'],
        [sendJson('doesnotexist0000000000000a', { text: 'x' }), 'web.incoming_webhook.invalid.app_error'],
        [sendJson('short', { text: 'x' }), 'web.incoming_webhook.invalid.app_error'],
      ];
      for (const [pending, id] of cases) {
        const answer = await pending;
        const error = answer.json();
        expect({ status: answer.status, id: error.id, status_code: error.status_code }).to.deep.equal({ status: 400, id, status_code: 400 });
        expect(error.message).to.be.a('string').and.not.equal('');
        expect(error.request_id).to.equal(answer.requestId).and.not.equal('');
        expect(answer.contentType).to.match(/^application\/json/);
      }
    });

    it('uses no overrides when the server does not allow them', async () => {
      await admin.patchConfig({ ServiceSettings: { EnablePostUsernameOverride: false, EnablePostIconOverride: false } } as never);
      try {
        await expectOk(await sendJson(hook.id, { text: 'plain', username: 'ignored', icon_url: 'https://icons.example/x.png', icon_emoji: ':x:' }));
        const [post] = await latestPosts(townSquare.id);
        expect(post.props).to.deep.equal({ from_webhook: 'true', webhook_display_name: 'Builder' });
        const created = await createHook({ username: 'dropped', icon_url: 'https://icons.example/d.png' });
        expect(created).to.include({ username: '', icon_url: '' });
      } finally {
        await admin.patchConfig({ ServiceSettings: { EnablePostUsernameOverride: true, EnablePostIconOverride: true } } as never);
      }
    });

    it('answers 501 while ServiceSettings.EnableIncomingWebhooks is off, for posting and management', async () => {
      await admin.patchConfig({ ServiceSettings: { EnableIncomingWebhooks: false } } as never);
      try {
        const answer = await sendJson(hook.id, { text: 'disabled' });
        expect({ status: answer.status, id: answer.json().id }).to.deep.equal({ status: 501, id: 'web.incoming_webhook.disabled.app_error' });
        await expectClientError(createHook(), 501, 'api.incoming_webhook.disabled.app_error');
        await expectClientError(admin.getIncomingWebhook(hook.id), 501, 'api.incoming_webhook.disabled.app_error');
      } finally {
        await admin.patchConfig({ ServiceSettings: { EnableIncomingWebhooks: true } } as never);
      }
      await expectOk(await sendJson(hook.id, { text: 'enabled again' }));
    });
  });

  describe('on two nodes sharing a database', () => {
    it('serves on one node the hooks created, changed and deleted on the other, at once', async () => {
      const second = await startTestServer({ prepackaged: true, databaseUrl: ts.databaseUrl });
      try {
        const hook = await createHook({ channel_locked: true });
        const post = (payload: unknown) =>
          fetch(`${second.url}/hooks/${hook.id}`, { method: 'POST', body: JSON.stringify(payload) }).then(async (r) => ({ status: r.status, body: await r.text() }));
        expect(await post({ text: 'via the second node' })).to.deep.equal({ status: 200, body: 'ok' });
        expect((await latestPosts(townSquare.id))[0].message).to.equal('via the second node');
        await admin.updateIncomingWebhook({ ...hook, channel_locked: false });
        expect(await post({ text: 'unlocked', channel: other.name })).to.deep.equal({ status: 200, body: 'ok' });
        await admin.removeIncomingWebhook(hook.id);
        expect((await post({ text: 'deleted' })).status).to.equal(400);
      } finally {
        await second.close();
      }
    });
  });

  describe('while the plugin is disabled', () => {
    it("answers the core's 503 naming the plugin, and works again once it is enabled", async () => {
      const hook = await createHook();
      await admin.disablePlugin(PLUGIN_ID);
      try {
        const answer = await sendJson(hook.id, { text: 'nobody home' });
        expect(answer.status).to.equal(503);
        expect(answer.json().id).to.equal('api.plugin.route_owner_not_running.app_error');
        expect(answer.json().message).to.include(PLUGIN_ID);
        await expectClientError(admin.getIncomingWebhook(hook.id), 503, 'api.plugin.route_owner_not_running.app_error');
      } finally {
        await admin.enablePlugin(PLUGIN_ID);
      }
      await eventually(async () => expectOk(await sendJson(hook.id, { text: 'back again' })), 10_000);
      expect((await latestPosts(townSquare.id))[0].message).to.equal('back again');
      expect((await admin.getIncomingWebhook(hook.id)).id).to.equal(hook.id);
    });
  });
});

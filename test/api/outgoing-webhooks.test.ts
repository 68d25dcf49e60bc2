// Outgoing webhooks, served by the prepackaged plugin parley.webhooks: management through Client4,
// and real HTTP receivers on loopback that get called when people post and answer with posts.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { OutgoingWebhook } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { eventually } from '../helpers/ws-client.ts';
import { HttpReceiver } from '../helpers/http-receiver.ts';

describe('outgoing webhooks', () => {
  let ts: TestServer;
  let receiver: HttpReceiver;
  let admin: Client4;
  let adminUser: UserProfile;
  let member: Client4;
  let memberUser: UserProfile;
  let team: Team;
  let townSquare: Channel;
  let logLines: string[];
  let pathSeq = 0;

  before(async () => {
    logLines = [];
    receiver = await HttpReceiver.start();
    ts = await startTestServer({
      prepackaged: true,
      logSink: { write: (line) => void logLines.push(line) },
      config: { ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1', EnablePostUsernameOverride: true, EnablePostIconOverride: true } },
    });
    ({ client: admin, user: adminUser } = await createAdmin(ts));
    ({ client: member, user: memberUser } = await createUser(ts, admin));
    team = await createTeamWith(admin, [memberUser.id]);
    townSquare = await admin.getChannelByName(team.id, 'town-square');
  });
  after(async () => {
    await ts.close();
    await receiver.close();
  });

  /** A receiver path of its own for each hook, so tests never see each other's calls. */
  const freshPath = () => `/hook-${++pathSeq}`;
  const createHook = (hook: Partial<OutgoingWebhook>) =>
    admin.createOutgoingWebhook({ team_id: team.id, display_name: 'Bot', callback_urls: [receiver.urlOf(freshPath())], ...hook } as OutgoingWebhook);
  const pathOf = (hook: OutgoingWebhook, index = 0) => new URL(hook.callback_urls[index]).pathname;
  const say = (message: string, channel = townSquare, client = member) => client.createPost({ channel_id: channel.id, message } as Post);

  /** Posts of the channel written by a webhook, newest first. */
  async function webhookPosts(channelId: string): Promise<Post[]> {
    const list = await admin.getPosts(channelId, 0, 50);
    return list.order.map((id) => list.posts[id]).filter((post) => post.props.from_webhook === 'true');
  }

  describe('management', () => {
    it('creates a hook with the wire shape of Mattermost, a token, and the caller as creator', async () => {
      const hook = await createHook({ trigger_words: ['build'], description: 'CI', content_type: 'application/json' });
      expect(Object.keys(hook).sort()).to.deep.equal(
        [
          'callback_urls',
          'channel_id',
          'content_type',
          'create_at',
          'creator_id',
          'delete_at',
          'description',
          'display_name',
          'icon_url',
          'id',
          'team_id',
          'token',
          'trigger_when',
          'trigger_words',
          'update_at',
          'username',
        ].sort(),
      );
      expect(hook).to.include({ creator_id: adminUser.id, team_id: team.id, channel_id: '', trigger_when: 0, content_type: 'application/json', description: 'CI' });
      expect(hook.token).to.match(/^[a-z0-9]{26}$/);
      expect(await admin.getOutgoingWebhook(hook.id)).to.deep.equal(hook);
    });

    it('lists hooks by team and by channel, with paging', async () => {
      const listTeam = await createTeamWith(admin, []);
      const channel = await admin.getChannelByName(listTeam.id, 'town-square');
      const byWord = await createHook({ team_id: listTeam.id, trigger_words: ['one'] });
      const byChannel = await createHook({ team_id: listTeam.id, channel_id: channel.id });
      expect((await admin.getOutgoingWebhooks('', listTeam.id)).map((h) => h.id)).to.deep.equal([byWord.id, byChannel.id]);
      expect((await admin.getOutgoingWebhooks('', listTeam.id, 1, 1)).map((h) => h.id)).to.deep.equal([byChannel.id]);
      expect((await admin.getOutgoingWebhooks(channel.id)).map((h) => h.id)).to.deep.equal([byChannel.id]);
    });

    it('updates a hook, keeping its token and creation time, and regenerates its token', async () => {
      const hook = await createHook({ trigger_words: ['old'] });
      const updated = await admin.updateOutgoingWebhook({ ...hook, trigger_words: ['new'], trigger_when: 1, display_name: 'Renamed' });
      expect(updated).to.include({ id: hook.id, token: hook.token, create_at: hook.create_at, trigger_when: 1, display_name: 'Renamed' });
      expect(updated.trigger_words).to.deep.equal(['new']);
      const regenerated = await admin.regenOutgoingHookToken(hook.id);
      expect(regenerated.token).to.match(/^[a-z0-9]{26}$/).and.not.equal(hook.token);
      expect((await admin.getOutgoingWebhook(hook.id)).token).to.equal(regenerated.token);
    });

    it("creates a hook for another user, and makes whoever updates a hook its creator, as Mattermost does", async () => {
      const hook = await createHook({ trigger_words: ['theirs'], creator_id: memberUser.id });
      expect(hook.creator_id).to.equal(memberUser.id);
      expect((await admin.updateOutgoingWebhook({ ...hook, description: 'taken over' })).creator_id).to.equal(adminUser.id);
      await expectClientError(createHook({ trigger_words: ['nobody'], creator_id: 'q'.repeat(26) }), 404, 'app.user.missing_account.const');
    });

    it('deletes a hook', async () => {
      const hook = await createHook({ trigger_words: ['gone'] });
      expect(await admin.removeOutgoingWebhook(hook.id)).to.deep.equal({ status: 'OK' });
      await expectClientError(admin.getOutgoingWebhook(hook.id), 404, 'app.webhooks.get_outgoing.app_error');
    });

    it('requires a channel or trigger words, a public channel of the team, and valid callback URLs', async () => {
      const secret = await createChannelWith(admin, team, [], 'P');
      const elsewhere = await createTeamWith(admin, []);
      const foreign = await admin.getChannelByName(elsewhere.id, 'town-square');
      await expectClientError(createHook({}), 400, 'api.webhook.create_outgoing.triggers.app_error');
      await expectClientError(createHook({ channel_id: secret.id }), 403, 'api.webhook.create_outgoing.not_open.app_error');
      await expectClientError(createHook({ channel_id: foreign.id }), 403, 'api.webhook.create_outgoing.permissions.app_error');
      await expectClientError(createHook({ trigger_words: ['x'], callback_urls: [] }), 400, 'model.outgoing_hook.callback.app_error');
      await expectClientError(createHook({ trigger_words: ['x'], callback_urls: ['ftp://example.com/x'] }), 400, 'model.outgoing_hook.url.app_error');
      await expectClientError(createHook({ trigger_words: ['x'], trigger_when: 3 }), 400, 'model.outgoing_hook.trigger_when.app_error');
    });

    it('refuses a twin of an existing hook (same channel, a shared trigger word and callback URL)', async () => {
      const hook = await createHook({ trigger_words: ['twin', 'other'] });
      await expectClientError(createHook({ trigger_words: ['twin'], callback_urls: hook.callback_urls }), 400, 'api.webhook.create_outgoing.intersect.app_error');
    });

    it('refuses a user without manage_outgoing_webhooks, and a caller without a session', async () => {
      await expectClientError(member.createOutgoingWebhook({ team_id: team.id, trigger_words: ['x'], callback_urls: [receiver.urlOf('/x')] } as OutgoingWebhook), 403, 'api.context.permissions.app_error');
      const hook = await createHook({ trigger_words: ['mine'] });
      await expectClientError(member.getOutgoingWebhook(hook.id), 403, 'api.context.permissions.app_error');
      await expectClientError(member.regenOutgoingHookToken(hook.id), 403, 'api.context.permissions.app_error');
      await expectClientError(member.getOutgoingWebhooks('', team.id), 403, 'api.context.permissions.app_error');
      await expectClientError(ts.client().getOutgoingWebhooks('', team.id), 401, 'api.context.session_expired.app_error');
    });
  });

  describe('calls', () => {
    it("sends Mattermost's form fields for a trigger word, and posts the answer as the hook's creator", async () => {
      const hook = await createHook({ trigger_words: ['#deploy'], username: 'deployer', icon_url: 'https://icons.example/d.png' });
      receiver.answerJson({ text: 'deploying <https://ci.example/9|#9> for <!channel>' });
      const post = await say('#deploy production now');
      await eventually(() => expect(receiver.to(pathOf(hook))).to.have.length(1));
      const [call] = receiver.to(pathOf(hook));
      expect(call.headers['content-type']).to.equal('application/x-www-form-urlencoded');
      expect(call.headers.accept).to.equal('application/json');
      expect(Object.fromEntries(new URLSearchParams(call.body))).to.deep.equal({
        token: hook.token,
        team_id: team.id,
        team_domain: team.name,
        channel_id: townSquare.id,
        channel_name: 'town-square',
        timestamp: String(Math.floor(post.create_at / 1000)),
        user_id: memberUser.id,
        user_name: memberUser.username,
        post_id: post.id,
        text: '#deploy production now',
        trigger_word: '#deploy',
        file_ids: '',
      });
      await eventually(async () => expect((await webhookPosts(townSquare.id))[0]?.message).to.equal('deploying [#9](https://ci.example/9) for @channel'));
      const [answer] = await webhookPosts(townSquare.id);
      expect(answer).to.include({ user_id: adminUser.id, channel_id: townSquare.id, root_id: '' });
      expect(answer.props).to.deep.equal({ from_webhook: 'true', override_username: 'deployer', override_icon_url: 'https://icons.example/d.png', webhook_display_name: 'Bot' });
    });

    it('sends JSON with the timestamp in milliseconds, and a "comment" answer replies in the thread', async () => {
      const hook = await createHook({ trigger_words: ['ask'], content_type: 'application/json' });
      receiver.answerJson({ text: 'an answer', response_type: 'comment', username: 'oracle', props: { source: 'kb' }, attachments: [{ text: 'see <https://kb.example|kb>' }] });
      const post = await say('ask what time is it');
      await eventually(() => expect(receiver.to(pathOf(hook))).to.have.length(1));
      const [call] = receiver.to(pathOf(hook));
      expect(call.headers['content-type']).to.equal('application/json');
      expect(JSON.parse(call.body)).to.include({ token: hook.token, timestamp: post.create_at, trigger_word: 'ask', text: 'ask what time is it', post_id: post.id });
      let reply: Post | undefined;
      await eventually(async () => {
        const thread = await admin.getPostThread(post.id);
        reply = Object.values(thread.posts).find((p) => p.id !== post.id);
        expect(reply).to.exist;
      });
      expect(reply).to.include({ root_id: post.id, message: 'an answer', user_id: adminUser.id });
      expect(reply!.props).to.include({ from_webhook: 'true', override_username: 'oracle', source: 'kb' });
      expect((reply!.props.attachments as Array<{ text: string }>)[0].text).to.equal('see [kb](https://kb.example)');
    });

    it('fires a starts-with hook, and a channel hook on every post of its channel, calling every callback URL', async () => {
      const channel = await createChannelWith(admin, team, [memberUser.id]);
      const prefix = await createHook({ trigger_words: ['re'], trigger_when: 1 });
      const everything = await createHook({ channel_id: channel.id, callback_urls: [receiver.urlOf(freshPath()), receiver.urlOf(freshPath())] });
      receiver.answerWith(() => ({ body: '' }));
      await say('report ready', channel);
      await eventually(() => {
        expect(receiver.to(pathOf(prefix)).map((r) => new URLSearchParams(r.body).get('trigger_word'))).to.deep.equal(['re']);
        expect(receiver.to(pathOf(everything, 0))).to.have.length(1);
        expect(receiver.to(pathOf(everything, 1))).to.have.length(1);
      });
      expect(new URLSearchParams(receiver.to(pathOf(everything, 1))[0].body).get('trigger_word')).to.equal('');
    });

    it('ignores posts that match no trigger, posts in other teams, private channels and webhook posts', async () => {
      const hook = await createHook({ trigger_words: ['ping'] });
      receiver.answerJson({ text: 'pong' });
      const secret = await createChannelWith(admin, team, [], 'P');
      const elsewhere = await createTeamWith(admin, [memberUser.id]);
      await say('not ping');
      await say('ping in secret', secret, admin);
      await say('ping elsewhere', await admin.getChannelByName(elsewhere.id, 'town-square'));
      const incoming = await admin.createIncomingWebhook({ channel_id: townSquare.id });
      await fetch(`${ts.url}/hooks/${incoming.id}`, { method: 'POST', body: JSON.stringify({ text: 'ping from a webhook' }) });
      await say('ping for real');
      await eventually(() => expect(receiver.to(pathOf(hook))).to.have.length.at.least(1));
      await eventually(async () => expect((await webhookPosts(townSquare.id))[0]?.message).to.equal('pong'));
      // The answer "pong" came from a webhook too: it must not have called the hook again.
      expect(receiver.to(pathOf(hook)).map((r) => new URLSearchParams(r.body).get('text'))).to.deep.equal(['ping for real']);
    });

    it('gives up on a callback after ServiceSettings.OutgoingIntegrationRequestsTimeout and keeps working', async () => {
      await admin.patchConfig({ ServiceSettings: { OutgoingIntegrationRequestsTimeout: 1 } } as never);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      try {
        const slow = await createHook({ trigger_words: ['slow'] });
        receiver.answerWith(async (r) => {
          if (r.url === pathOf(slow)) await held;
          return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: r.url === pathOf(slow) ? 'too late' : 'in time' }) };
        });
        await say('slow please');
        const timeouts = () => logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'outgoing webhook call failed' && entry.outgoing_webhook_id === slow.id);
        await eventually(() => expect(timeouts().map((entry) => [entry.plugin_id, entry.error_id])).to.deep.equal([['parley.webhooks', 'plugin.http.timeout']]), 10_000);
        release();
        const fast = await createHook({ trigger_words: ['fast'] });
        await say('fast please');
        await eventually(async () => expect((await webhookPosts(townSquare.id))[0]?.message).to.equal('in time'));
        expect(receiver.to(pathOf(fast))).to.have.length(1);
        expect((await webhookPosts(townSquare.id)).map((p) => p.message)).not.to.include('too late');
      } finally {
        release();
        await admin.patchConfig({ ServiceSettings: { OutgoingIntegrationRequestsTimeout: 30 } } as never);
      }
    });

    it('makes no calls and answers 501 to management while ServiceSettings.EnableOutgoingWebhooks is off', async () => {
      const hook = await createHook({ trigger_words: ['off'] });
      await admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: false } } as never);
      try {
        await expectClientError(admin.getOutgoingWebhook(hook.id), 501, 'api.outgoing_webhook.disabled.app_error');
        await expectClientError(createHook({ trigger_words: ['x'] }), 501, 'api.outgoing_webhook.disabled.app_error');
        const ignored = await say('off while disabled');
        // The plugin notes each post it lets pass while the setting is off: only then may the setting change back.
        await eventually(() => expect(logLines.some((line) => line.includes('outgoing webhooks are off') && line.includes(ignored.id))).to.equal(true));
      } finally {
        await admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: true } } as never);
      }
      await say('off again');
      await eventually(() => expect(receiver.to(pathOf(hook))).to.have.length.at.least(1));
      expect(receiver.to(pathOf(hook)).map((r) => new URLSearchParams(r.body).get('text'))).to.deep.equal(['off again']);
    });
  });
});

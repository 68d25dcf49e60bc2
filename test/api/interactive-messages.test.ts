// Interactive messages and dialogs, driven through @mattermost/client as Mattermost's web app does:
// buttons and selects in message attachments (doPostAction, doPostActionWithCookie), dialogs opened
// with a trigger id (POST /actions/dialogs/open, a plugin's dialogs.open) and submitted
// (submitInteractiveDialog) — with a plugin and with an external integration on loopback, and the
// forgeries a client or integration could try.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { HttpReceiver } from '../helpers/http-receiver.ts';
import { RawSocket, type WireEvent } from '../helpers/ws-client.ts';

const ID = 'com.example.actions';
const OTHER = 'com.example.bystander';
const DIALOG = { callback_id: 'cb-1', title: 'File a ticket', elements: [{ display_name: 'Name', name: 'name', type: 'text' }, { display_name: 'Size', name: 'size', type: 'select', options: [{ text: 'S', value: 's' }, { text: 'L', value: 'l' }] }], submit_label: 'File', notify_on_cancel: true, state: 'st-9' };

// Answers clicks by the mode in the action's context, records what it receives, opens dialogs and
// sends ephemeral cards with actions of its own.
const SERVER = `
const dialog = ${JSON.stringify(DIALOG)};
export default (api) => ({
  async onActivate() {
    await api.commands.register({ trigger: 'ticket', auto_complete: true });
    await api.commands.register({ trigger: 'card' });
  },
  async executeCommand(ctx, args) {
    if (args.command.startsWith('/ticket')) {
      await api.dialogs.open(args.trigger_id, '/plugins/${ID}/submit', dialog);
      return {};
    }
    const card = { attachments: [{ text: 'Card', actions: [
      { id: 'approve', name: 'Approve', integration: { url: '/plugins/${ID}/click', context: { mode: 'update', card: true } } },
      { id: 'reject', name: 'Reject', integration: { url: '/plugins/${ID}/click', context: { mode: 'reject' } } },
    ] }] };
    await api.posts.sendEphemeral(args.user_id, { channel_id: args.channel_id, message: 'Your card', props: card });
    return {};
  },
  async serveHttp(ctx, request) {
    if (request.method === 'GET') return { body: JSON.stringify(await api.kv.get(request.path.slice(1))) };
    const body = JSON.parse(request.body);
    await api.kv.set(request.path.slice(1), { body, user: request.headers['mattermost-user-id'] ?? '' });
    if (request.path === '/submit') {
      if (body.cancelled) return { body: '' };
      if (!body.submission.name) return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ errors: { name: 'A ticket needs a name.' } }) };
      return { body: JSON.stringify({}) };
    }
    const mode = body.context?.mode;
    if (mode === 'dialog') await api.dialogs.open(body.trigger_id, '/plugins/${ID}/submit', dialog);
    if (mode === 'update') return { body: JSON.stringify({ update: { message: 'Approved by @' + body.user_name, props: { attachments: [] } }, ephemeral_text: 'Done, see <https://example.com/t/1|the ticket>' }) };
    if (mode === 'goto') return { body: JSON.stringify({ goto_location: 'https://example.com/next' }) };
    if (mode === 'fail') return { status: 500, body: 'broken' };
    if (mode === 'garbage') return { body: 'this is not json' };
    return { body: '' };
  },
});`;

describe('interactive messages and dialogs', () => {
  let ts: TestServer;
  let admin: Client4;
  let member: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  let channel: Channel;
  let secret: Channel;
  let external: HttpReceiver;
  let memberSocket: RawSocket;

  const pluginSaw = async (path: string) => (await (await fetch(`${ts.url}/plugins/${ID}/${path}`)).json()) as { body: Record<string, unknown>; user: string } | null;
  const actionPost = async (client: Client4, channelId: string, actions: unknown[], extra: Record<string, unknown> = {}) =>
    client.createPost({ channel_id: channelId, message: 'Deploy to production?', props: { attachments: [{ text: 'Release 1.2', actions }], ...extra } } as unknown as Post);
  const pluginAction = (mode: string, extra: Record<string, unknown> = {}) => ({ name: mode, integration: { url: `/plugins/${ID}/click`, context: { mode } }, ...extra });
  const actionsOf = (post: { props: Record<string, unknown> }) => (post.props.attachments as Array<{ actions: Array<Record<string, unknown>> }>)[0].actions;
  const openDialog = (body: unknown) => fetch(`${ts.url}/api/v4/actions/dialogs/open`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const eventFor = (socket: RawSocket, event: string, match: (data: Record<string, unknown>) => boolean) => socket.waitFor((f) => (f as WireEvent).event === event && match((f as WireEvent).data)) as Promise<WireEvent>;

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    member = await createUser(ts, admin);
    outsider = await createUser(ts, admin);
    team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' } as Team);
    for (const user of [member, outsider]) await admin.addToTeam(team.id, user.user.id);
    channel = await admin.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Releases', type: 'O' } as Channel);
    secret = await admin.createChannel({ team_id: team.id, name: uniqueName('secret'), display_name: 'Secret', type: 'P' } as Channel);
    for (const id of [channel.id, secret.id]) await admin.addToChannel(member.user.id, id);
    await admin.addToChannel(outsider.user.id, channel.id);
    const bundle = pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['kv', 'commands', 'dialogs', 'posts'] } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'actions.tar.gz') as never, false);
    await admin.enablePlugin(ID);
    external = await HttpReceiver.start();
    memberSocket = await RawSocket.authenticated(ts, member.client.getToken());
  });
  after(async () => {
    await memberSocket.close();
    await external.close();
    await ts.close();
  });

  describe('actions of stored posts', () => {
    it('gives every action an id a URL can carry, keeps good ones, and never shows clients the integration', async () => {
      const post = await actionPost(member.client, channel.id, [pluginAction('none', { id: 'keepMe1' }), pluginAction('none', { id: 'keepMe1' }), pluginAction('none', { id: 'has spaces' }), pluginAction('none')]);
      const ids = actionsOf(post).map((a) => a.id as string);
      expect(ids[0]).to.equal('keepMe1');
      expect(new Set(ids).size).to.equal(4);
      for (const id of ids) expect(id).to.match(/^[A-Za-z0-9]+$/);
      for (const seen of [post, await member.client.getPost(post.id), (await member.client.getPosts(channel.id)).posts[post.id]]) {
        for (const action of actionsOf(seen)) expect(action).to.not.have.property('integration');
      }
    });

    it('runs a plugin\'s action when a member clicks it: Mattermost\'s request, the post updated, an ephemeral reply with Slack links made Markdown', async () => {
      const post = await actionPost(member.client, channel.id, [pluginAction('update', { integration: { url: `/plugins/${ID}/click`, context: { mode: 'update', ticket: 42 } } })], { override_username: 'Release bot' });
      const [action] = actionsOf(post);
      const reply = eventFor(memberSocket, 'ephemeral_message', (d) => (JSON.parse(d.post as string) as Post).root_id === post.id);
      const edited = eventFor(memberSocket, 'post_edited', (d) => (JSON.parse(d.post as string) as Post).id === post.id);

      const answer = (await member.client.doPostAction(post.id, action.id as string)) as unknown as { status: string; trigger_id: string };
      expect(answer.status).to.equal('OK');
      expect(answer.trigger_id).to.match(/^[a-z0-9]{26}$/);

      const saw = (await pluginSaw('click'))!;
      expect(saw.user).to.equal(member.user.id);
      expect(saw.body).to.deep.include({
        user_id: member.user.id,
        user_name: member.user.username,
        channel_id: channel.id,
        channel_name: channel.name,
        team_id: team.id,
        team_domain: team.name,
        post_id: post.id,
        type: '',
        data_source: '',
        context: { mode: 'update', ticket: 42 },
      });
      expect(saw.body.trigger_id).to.be.a('string').with.length.above(60);

      const updated = await member.client.getPost(post.id);
      expect(updated.message).to.equal(`Approved by @${member.user.username}`);
      expect(updated.props).to.deep.equal({ attachments: [], override_username: 'Release bot' });
      expect((JSON.parse((await edited).data.post as string) as Post).message).to.equal(updated.message);
      const ephemeral = JSON.parse((await reply).data.post as string) as Post;
      expect(ephemeral).to.deep.include({ message: 'Done, see [the ticket](https://example.com/t/1)', channel_id: channel.id, type: 'system_ephemeral', user_id: member.user.id });
    });

    it('sends a select\'s choice as context.selected_option, and refuses an option the select does not offer', async () => {
      const select = pluginAction('none', { type: 'select', options: [{ text: 'Blue', value: 'blue' }, { text: 'Green', value: 'green' }] });
      const post = await actionPost(member.client, channel.id, [select]);
      const [action] = actionsOf(post);
      await member.client.doPostAction(post.id, action.id as string, 'green');
      expect((await pluginSaw('click'))!.body).to.deep.include({ type: 'select', context: { mode: 'none', selected_option: 'green' } });
      await expectClientError(member.client.doPostAction(post.id, action.id as string, 'red'), 400, 'api.post.do_action.selected_option.app_error');
    });

    it('passes on goto_location, and reports an integration that fails or answers with something other than JSON', async () => {
      const post = await actionPost(member.client, channel.id, [pluginAction('goto'), pluginAction('fail'), pluginAction('garbage')]);
      const [goto, fail, garbage] = actionsOf(post).map((a) => a.id as string);
      expect(await member.client.doPostAction(post.id, goto)).to.deep.include({ status: 'OK', goto_location: 'https://example.com/next' });
      await expectClientError(member.client.doPostAction(post.id, fail), 400, 'api.post.do_action.action_integration.app_error');
      await expectClientError(member.client.doPostAction(post.id, garbage), 400, 'api.post.do_action.action_integration.app_error');
      expect((await member.client.getPost(post.id)).message).to.equal('Deploy to production?');
    });

    it('refuses an action the post does not have, and a post the user cannot read', async () => {
      const post = await actionPost(member.client, channel.id, [pluginAction('none', { id: 'only' })]);
      await expectClientError(member.client.doPostAction(post.id, 'other'), 404, 'api.post.do_action.action_id.app_error');
      await expectClientError(member.client.doPostAction(post.id, 'bad-id!'), 400, 'api.context.invalid_param.app_error');
      const hidden = await actionPost(member.client, secret.id, [pluginAction('update', { id: 'only' })]);
      await expectClientError(outsider.client.doPostAction(hidden.id, 'only'), 403, 'api.context.permissions.app_error');
      expect((await member.client.getPost(hidden.id)).message).to.equal('Deploy to production?');
    });

    it('updates a post for any member who clicks, whoever wrote it, through the integration\'s authority', async () => {
      const post = await actionPost(member.client, channel.id, [pluginAction('update')]);
      await outsider.client.doPostAction(post.id, actionsOf(post)[0].id as string);
      expect((await member.client.getPost(post.id)).message).to.equal(`Approved by @${outsider.user.username}`);
    });

    it('calls an external integration only where the egress rule allows it, with Mattermost\'s JSON request', async () => {
      const post = await actionPost(member.client, channel.id, [{ name: 'Ship', integration: { url: external.urlOf('/hooks/ship'), context: { token: 'xyz' } } }]);
      const [action] = actionsOf(post);
      const refused = await expectClientError(member.client.doPostAction(post.id, action.id as string), 403, 'api.post.do_action.action_integration.app_error');
      expect(refused.message).to.match(/address|internal|private/i);
      expect(external.to('/hooks/ship')).to.have.length(0);

      await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } } as never);
      try {
        external.answerJson({ update: { message: 'Shipped' }, ephemeral_text: 'On its way' });
        await member.client.doPostAction(post.id, action.id as string);
        const request = external.to('/hooks/ship')[0];
        expect(request.method).to.equal('POST');
        expect(request.headers['content-type']).to.equal('application/json');
        expect(JSON.parse(request.body)).to.deep.include({ user_id: member.user.id, post_id: post.id, context: { token: 'xyz' } });
        const updated = await member.client.getPost(post.id);
        expect(updated.message).to.equal('Shipped');
        // No props in the answer: the post keeps its own, actions included.
        expect(actionsOf(updated)[0].id).to.equal(action.id);
      } finally {
        await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '' } } as never);
      }
    });
  });

  describe('actions of ephemeral posts (cookies)', () => {
    async function card(user: LoggedIn, socket: RawSocket, where = channel): Promise<Post> {
      const shown = eventFor(socket, 'ephemeral_message', (d) => (JSON.parse(d.post as string) as Post).message === 'Your card' && !seenCards.has((JSON.parse(d.post as string) as Post).id));
      await user.client.executeCommand('/card', { channel_id: where.id, team_id: team.id } as never);
      const post = JSON.parse((await shown).data.post as string) as Post;
      seenCards.add(post.id);
      return post;
    }
    const seenCards = new Set<string>();

    it('seals each action\'s integration in a cookie, runs it, and updates the ephemeral post for its user', async () => {
      const post = await card(member, memberSocket);
      const [approve] = actionsOf(post);
      expect(approve).to.not.have.property('integration');
      expect(approve.cookie).to.be.a('string').and.not.include('plugins');
      const edited = eventFor(memberSocket, 'post_edited', (d) => (JSON.parse(d.post as string) as Post).id === post.id);
      await member.client.doPostActionWithCookie(post.id, 'approve', approve.cookie as string);
      expect((await pluginSaw('click'))!.body).to.deep.include({ post_id: post.id, context: { mode: 'update', card: true }, channel_id: channel.id });
      const updated = JSON.parse((await edited).data.post as string) as Post;
      expect(updated).to.deep.include({ message: `Approved by @${member.user.username}`, type: 'system_ephemeral' });
    });

    it('refuses cookies that were altered, forged, or made for another post or action', async () => {
      const post = await card(member, memberSocket);
      const [approve, reject] = actionsOf(post);
      const cookie = approve.cookie as string;
      const bytes = Buffer.from(cookie, 'base64');
      bytes[20] ^= 1;
      const forged = Buffer.from(JSON.stringify({ post_id: post.id, action_id: 'approve', channel_id: channel.id, integration: { url: external.urlOf('/x') } })).toString('base64');
      const other = await card(member, memberSocket);
      for (const [postId, actionId, bad] of [
        [post.id, 'approve', bytes.toString('base64')],
        [post.id, 'approve', forged],
        [post.id, 'approve', 'AAAA'],
        [other.id, 'approve', cookie],
        [post.id, 'reject', cookie],
      ]) {
        await expectClientError(member.client.doPostActionWithCookie(postId, actionId, bad), 400, 'api.post.do_action.action_integration.app_error');
      }
      // Without a cookie an ephemeral post's action is not found.
      await expectClientError(member.client.doPostAction(post.id, 'approve'), 404);
      await member.client.doPostActionWithCookie(post.id, 'reject', reject.cookie as string);
    });

    it('refuses a cookie to a user who cannot read its channel', async () => {
      const post = await card(member, memberSocket, secret);
      await expectClientError(outsider.client.doPostActionWithCookie(post.id, 'approve', actionsOf(post)[0].cookie as string), 403, 'api.context.permissions.app_error');
      expect((await pluginSaw('click'))?.body.post_id).to.not.equal(post.id);
    });
  });

  describe('dialogs', () => {
    it('opens the dialog a plugin asks for on the clicking user\'s screens, and hands the submission\'s field errors back', async () => {
      const post = await actionPost(member.client, channel.id, [pluginAction('dialog')]);
      const opened = eventFor(memberSocket, 'open_dialog', (d) => (JSON.parse(d.dialog as string) as { dialog: { state: string } }).dialog.state === 'st-9' && !openedDialogs.has(d.dialog as string));
      const { trigger_id: clientTriggerId } = (await member.client.doPostAction(post.id, actionsOf(post)[0].id as string)) as unknown as { trigger_id: string };
      const event = await opened;
      openedDialogs.add(event.data.dialog as string);
      expect(event.broadcast.user_id).to.equal(member.user.id);
      const request = JSON.parse(event.data.dialog as string) as { trigger_id: string; url: string; dialog: typeof DIALOG };
      expect(request).to.deep.equal({ trigger_id: clientTriggerId, url: `/plugins/${ID}/submit`, dialog: DIALOG });

      const submit = { url: request.url, callback_id: 'cb-1', state: 'st-9', channel_id: channel.id, team_id: team.id, user_id: outsider.user.id, cancelled: false };
      const invalid = await member.client.submitInteractiveDialog({ ...submit, submission: { name: '', size: 's' } } as never);
      expect(invalid).to.deep.equal({ errors: { name: 'A ticket needs a name.' } });
      expect(await member.client.submitInteractiveDialog({ ...submit, submission: { name: 'Printer', size: 'l' } } as never)).to.deep.equal({});
      const saw = (await pluginSaw('submit'))!;
      expect(saw.user).to.equal(member.user.id);
      // The user is the session's, whatever the body says.
      expect(saw.body).to.deep.equal({ type: 'dialog_submission', callback_id: 'cb-1', state: 'st-9', user_id: member.user.id, channel_id: channel.id, team_id: team.id, submission: { name: 'Printer', size: 'l' }, cancelled: false });
      await member.client.submitInteractiveDialog({ ...submit, cancelled: true, submission: {} } as never);
      expect((await pluginSaw('submit'))!.body).to.deep.include({ cancelled: true });
    });
    const openedDialogs = new Set<string>();

    it('opens a dialog from a slash command with the trigger id of the command', async () => {
      const opened = eventFor(memberSocket, 'open_dialog', (d) => !openedDialogs.has(d.dialog as string));
      const answer = (await member.client.executeCommand('/ticket', { channel_id: channel.id, team_id: team.id } as never)) as unknown as { trigger_id: string };
      const event = await opened;
      openedDialogs.add(event.data.dialog as string);
      expect((JSON.parse(event.data.dialog as string) as { trigger_id: string }).trigger_id).to.equal(answer.trigger_id);
    });

    it('lets an external integration open a dialog with the trigger id of a click, without a session, and submits to it', async () => {
      await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } } as never);
      try {
        let opening: Promise<Response> | undefined;
        external.answerWith((request) => {
          if (request.url === '/click') opening = openDialog({ trigger_id: (JSON.parse(request.body) as { trigger_id: string }).trigger_id, url: external.urlOf('/dialog'), dialog: { ...DIALOG, state: 'external' } });
          return { status: 200, body: request.url === '/dialog' ? JSON.stringify({ error: 'Try again later.' }) : '' };
        });
        const opened = eventFor(memberSocket, 'open_dialog', (d) => (JSON.parse(d.dialog as string) as { dialog: { state: string } }).dialog.state === 'external');
        const post = await actionPost(member.client, channel.id, [{ name: 'Ask', integration: { url: external.urlOf('/click') } }]);
        await member.client.doPostAction(post.id, actionsOf(post)[0].id as string);
        expect((await opening!).status).to.equal(200);
        const request = JSON.parse((await opened).data.dialog as string) as { url: string };
        expect(await member.client.submitInteractiveDialog({ url: request.url, callback_id: 'cb-1', state: 'external', channel_id: channel.id, team_id: team.id, submission: { name: 'x' } } as never)).to.deep.equal({ error: 'Try again later.' });
        expect(JSON.parse(external.to('/dialog')[0].body)).to.deep.include({ type: 'dialog_submission', user_id: member.user.id, state: 'external' });
      } finally {
        external.answerWith(() => ({ status: 200, body: '' }));
        await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '' } } as never);
      }
    });

    it('refuses trigger ids that are forged, altered or too old, and dialogs that could not be shown', async () => {
      const forged = Buffer.from(`abc:${member.user.id}:${Date.now()}:${Buffer.from('x'.repeat(32)).toString('base64')}`).toString('base64');
      const refusal = async (body: unknown, status: number, id: string) => {
        const res = await openDialog(body);
        expect(res.status, JSON.stringify(body)).to.equal(status);
        expect(((await res.json()) as { id: string }).id).to.equal(id);
      };
      await refusal({ trigger_id: forged, url: '/plugins/x/y', dialog: DIALOG }, 400, 'interactive_message.decode_trigger_id.verify_signature_failed');
      await refusal({ trigger_id: 'bm90IGEgdHJpZ2dlcg==', url: '/plugins/x/y', dialog: DIALOG }, 400, 'interactive_message.decode_trigger_id.missing_data');
      await refusal({ url: '/plugins/x/y', dialog: DIALOG }, 400, 'api.context.invalid_param.app_error');

      // A real trigger id, taken from a click, then altered to name another user.
      let trigger = '';
      external.answerWith((request) => {
        trigger = (JSON.parse(request.body) as { trigger_id: string }).trigger_id;
        return { status: 200, body: '' };
      });
      await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1', OutgoingIntegrationRequestsTimeout: 1 } } as never);
      try {
        const post = await actionPost(member.client, channel.id, [{ name: 'Ask', integration: { url: external.urlOf('/t') } }]);
        await member.client.doPostAction(post.id, actionsOf(post)[0].id as string);
        const parts = Buffer.from(trigger, 'base64').toString().split(':');
        const retargeted = Buffer.from([parts[0], outsider.user.id, parts[2], parts[3]].join(':')).toString('base64');
        await refusal({ trigger_id: retargeted, url: '/plugins/x/y', dialog: DIALOG }, 400, 'interactive_message.decode_trigger_id.verify_signature_failed');
        await refusal({ trigger_id: trigger, url: '/plugins/x/y', dialog: { title: 'T', elements: [{ name: 'a', type: 'spreadsheet' }] } }, 400, 'api.context.invalid_param.app_error');
        await refusal({ trigger_id: trigger, url: '/plugins/x/y', dialog: { title: 'T', elements: [{ name: 'a', type: 'text' }, { name: 'a', type: 'bool' }] } }, 400, 'api.context.invalid_param.app_error');
        // OutgoingIntegrationRequestsTimeout (1 s here) after the click, the trigger id no longer opens anything.
        await new Promise((resolve) => setTimeout(resolve, 1100));
        await refusal({ trigger_id: trigger, url: '/plugins/x/y', dialog: DIALOG }, 400, 'interactive_message.decode_trigger_id.expired');
      } finally {
        external.answerWith(() => ({ status: 200, body: '' }));
        await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '', OutgoingIntegrationRequestsTimeout: 30 } } as never);
      }
    });

    it('refuses a submission for a channel the user cannot read, without a session, or to an address the egress rule refuses', async () => {
      const submit = { url: `/plugins/${ID}/submit`, callback_id: 'cb', state: '', team_id: team.id, submission: { name: 'x' } };
      await expectClientError(outsider.client.submitInteractiveDialog({ ...submit, channel_id: secret.id } as never), 403);
      await expectClientError(member.client.submitInteractiveDialog({ ...submit, channel_id: channel.id, url: 'http://127.0.0.1:9/' } as never), 403, 'api.post.do_action.action_integration.app_error');
      await expectClientError(member.client.submitInteractiveDialog({ ...submit, channel_id: channel.id, url: 'file:///etc/passwd' } as never), 400, 'api.post.do_action.action_integration.app_error');
      await expectClientError(member.client.submitInteractiveDialog({ ...submit, channel_id: channel.id, url: '' } as never), 400, 'api.context.invalid_param.app_error');
      const anonymous = await fetch(`${ts.url}/api/v4/actions/dialogs/submit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...submit, channel_id: channel.id }) });
      expect(anonymous.status).to.equal(401);
    });
  });

  describe('a plugin\'s declarative UI surfaces', () => {
    const SURFACES = 'com.example.surfaces';
    const run = (client: Client4, surface: string, place: Record<string, string>, plugin = SURFACES) =>
      fetch(`${ts.url}/api/v4/plugins/${plugin}/ui/${surface}`, { method: 'POST', headers: { Authorization: `Bearer ${client.getToken()}`, 'Content-Type': 'application/json' }, body: JSON.stringify(place) });

    before(async () => {
      const ui = {
        version: 1,
        channel_header_buttons: [{ id: 'start-run', label: 'Start a run', action: { type: 'route', path: '/ui/start' } }],
        post_menu_actions: [{ id: 'inspect', label: 'Inspect', action: { type: 'view', view: 'inspector' } }],
        views: [{ id: 'inspector', path: 'public/inspector.html', placement: 'rhs', title: 'Inspector' }],
      };
      const bundle = pluginBundle({
        id: SURFACES,
        manifest: { ui, permissions: { api: ['kv', 'dialogs'] } },
        server: `export default (api) => ({
          async serveHttp(ctx, request) {
            if (request.method === 'GET') return { body: JSON.stringify(await api.kv.get('used')) };
            const used = JSON.parse(request.body);
            await api.kv.set('used', { path: request.path, used, user: request.headers['mattermost-user-id'] });
            await api.dialogs.open(used.trigger_id, '/plugins/${SURFACES}/submit', { title: 'Start a run', elements: [{ display_name: 'Name', name: 'name', type: 'text' }] });
            return { body: JSON.stringify({ ephemeral_text: 'Starting a run in <https://example.com|here>' }) };
          },
        });`,
      }, [{ path: 'public/inspector.html', body: '<!doctype html><p>inspector</p>' }]);
      await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'surfaces.tar.gz') as never, false);
      await admin.enablePlugin(SURFACES);
    });

    it('runs a route surface with the place it was used in and a trigger id the plugin can open a dialog with', async () => {
      const opened = eventFor(memberSocket, 'open_dialog', (d) => (JSON.parse(d.dialog as string) as { url: string }).url === `/plugins/${SURFACES}/submit`);
      const reply = eventFor(memberSocket, 'ephemeral_message', (d) => (JSON.parse(d.post as string) as Post).message.startsWith('Starting a run'));
      const response = await run(member.client, 'start-run', { channel_id: channel.id });
      expect(response.status).to.equal(200);
      const answer = (await response.json()) as { status: string; trigger_id: string };
      expect(answer.status).to.equal('OK');
      const saw = (await (await fetch(`${ts.url}/plugins/${SURFACES}/used`)).json()) as { path: string; used: Record<string, unknown>; user: string };
      expect(saw.path).to.equal('/ui/start');
      expect(saw.user).to.equal(member.user.id);
      expect(saw.used).to.deep.include({ user_id: member.user.id, user_name: member.user.username, channel_id: channel.id, team_id: team.id, post_id: '', root_id: '', surface_id: 'start-run' });
      expect((JSON.parse((await opened).data.dialog as string) as { trigger_id: string }).trigger_id).to.equal(answer.trigger_id);
      expect((JSON.parse((await reply).data.post as string) as Post).message).to.equal('Starting a run in [here](https://example.com)');
    });

    it('refuses surfaces that call no route, plugins that are not running, and places the user cannot read', async () => {
      const idOf = async (response: Response) => ({ status: response.status, id: ((await response.json()) as { id: string }).id });
      expect(await idOf(await run(member.client, 'inspect', { channel_id: channel.id }))).to.deep.equal({ status: 404, id: 'api.plugin.ui.surface_not_found' });
      expect(await idOf(await run(member.client, 'start-run', { channel_id: channel.id }, 'com.example.nothere'))).to.deep.equal({ status: 404, id: 'api.plugin.ui.surface_not_found' });
      expect((await run(outsider.client, 'start-run', { channel_id: secret.id })).status).to.equal(403);
      expect((await run(member.client, 'start-run', { channel_id: 'not-an-id' })).status).to.equal(400);
    });
  });

  describe('a plugin opening dialogs', () => {
    it('may send submissions only to its own routes or its declared hosts', async () => {
      const bystander = pluginBundle({
        id: OTHER,
        manifest: { permissions: { api: ['commands', 'dialogs', 'kv'] } },
        server: `export default (api) => ({
          async onActivate() { await api.commands.register({ trigger: 'steal' }); },
          async executeCommand(ctx, args) {
            const outcome = {};
            for (const url of ['/plugins/${ID}/submit', '/plugins/${OTHER}/../${ID}/submit', 'https://elsewhere.example/x', '/plugins/${OTHER}/mine']) {
              try { await api.dialogs.open(args.trigger_id, url, { title: 'T' }); outcome[url] = 'opened'; } catch (err) { outcome[url] = err.id; }
            }
            await api.kv.set('outcome', outcome);
            return {};
          },
          async serveHttp() { return { body: JSON.stringify(await api.kv.get('outcome')) }; },
        });`,
      });
      await admin.uploadPlugin(new File([new Uint8Array(bystander)], 'bystander.tar.gz') as never, false);
      await admin.enablePlugin(OTHER);
      await member.client.executeCommand('/steal', { channel_id: channel.id, team_id: team.id } as never);
      const outcome = await (await fetch(`${ts.url}/plugins/${OTHER}/outcome`)).json();
      expect(outcome).to.deep.equal({
        [`/plugins/${ID}/submit`]: 'plugin.dialogs.url_not_allowed',
        [`/plugins/${OTHER}/../${ID}/submit`]: 'plugin.dialogs.url_not_allowed',
        'https://elsewhere.example/x': 'plugin.dialogs.url_not_allowed',
        [`/plugins/${OTHER}/mine`]: 'opened',
      });
    });
  });
});

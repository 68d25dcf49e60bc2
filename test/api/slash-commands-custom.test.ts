// Custom slash commands of the prepackaged plugin parley.slash-commands: managed at /api/v4/commands
// through @mattermost/client, run against real HTTP receivers on loopback, answered at once (JSON or
// plain text) or later through their response_url.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Command, CommandResponse } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { eventually, RawSocket } from '../helpers/ws-client.ts';
import { HttpReceiver } from '../helpers/http-receiver.ts';

const PLUGIN_ID = 'parley.slash-commands';
let triggers = 0;

describe('custom slash commands (parley.slash-commands)', () => {
  let ts: TestServer;
  let receiver: HttpReceiver;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let team: Team;
  let channel: Channel;

  before(async () => {
    ts = await startTestServer({
      prepackaged: true,
      config: { ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1', EnablePostUsernameOverride: true, EnablePostIconOverride: true } },
    });
    // Mattermost builds response URLs from the SiteURL, which it requires for custom commands.
    ts.config.patch({ ServiceSettings: { SiteURL: ts.url } });
    receiver = await HttpReceiver.start();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id]);
  });
  after(async () => {
    await receiver.close();
    await ts.close();
  });

  function newCommand(fields: Partial<Command> = {}): Promise<Command> {
    const trigger = `cmd${++triggers}`;
    return admin.client.addCommand({ team_id: team.id, trigger, method: 'P', url: `${receiver.url}/${trigger}`, display_name: trigger, ...fields } as Command);
  }

  function run(command: string, where: Channel = channel): Promise<CommandResponse> {
    return alice.client.executeCommand(command, { channel_id: where.id, team_id: team.id } as never);
  }

  async function lastPost(channelId: string): Promise<Post> {
    const list = await alice.client.getPosts(channelId);
    return list.posts[list.order[0]];
  }

  /** A request through fetch, for the routes Client4 has no method for. */
  function call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${ts.url}${path}`, { method, headers: { Authorization: `Bearer ${admin.client.getToken()}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  describe('management', () => {
    it("creates a command with Mattermost's fields and lists it with its token to its managers", async () => {
      const created = await newCommand({ trigger: 'Weather', auto_complete: true, auto_complete_desc: 'The forecast', description: 'Weather' });
      expect(created).to.include({ team_id: team.id, trigger: 'weather', method: 'P', creator_id: admin.user.id, delete_at: 0 });
      expect(created.id).to.match(/^[a-z0-9]{26}$/);
      expect(created.token).to.match(/^[a-z0-9]{26}$/).and.not.equal(created.id);
      const custom = await admin.client.getCustomTeamCommands(team.id);
      expect(custom.find((c) => c.id === created.id)).to.deep.equal(created);
    });

    it('refuses to create or list commands for a user without manage_slash_commands, and hides existing ones from them', async () => {
      const attempt = alice.client.addCommand({ team_id: team.id, trigger: 'mine', method: 'P', url: receiver.url } as Command);
      await expectClientError(attempt, 403, 'api.context.permissions.app_error');
      await expectClientError(alice.client.getCustomTeamCommands(team.id), 403, 'api.context.permissions.app_error');
      const command = await newCommand();
      const peek = await fetch(`${ts.url}/api/v4/commands/${command.id}`, { headers: { Authorization: `Bearer ${alice.client.getToken()}` } });
      expect(peek.status).to.equal(404);
      await expectClientError(alice.client.deleteCommand(command.id), 404, 'store.sql_command.save.get.app_error');
      expect((await admin.client.getCustomTeamCommands(team.id)).map((c) => c.id)).to.include(command.id);
    });

    it("refuses a built-in's trigger, a trigger the team already uses and malformed ones", async () => {
      const existing = await newCommand();
      await expectClientError(newCommand({ trigger: 'join' }), 400, 'api.command.duplicate_trigger.app_error');
      await expectClientError(newCommand({ trigger: existing.trigger }), 400, 'api.command.duplicate_trigger.app_error');
      await expectClientError(newCommand({ trigger: '/slashed' }), 400, 'model.command.is_valid.trigger.app_error');
      await expectClientError(newCommand({ trigger: 'two words' }), 400, 'model.command.is_valid.trigger.app_error');
      await expectClientError(newCommand({ url: 'ftp://example.com' }), 400, 'model.command.is_valid.url_http.app_error');
      await expectClientError(newCommand({ method: 'X' as 'P' }), 400, 'model.command.is_valid.method.app_error');
    });

    it('edits a command and regenerates its token', async () => {
      const command = await newCommand();
      const edited = await admin.client.editCommand({ ...command, trigger: `${command.trigger}x`, description: 'changed' });
      expect(edited).to.include({ id: command.id, token: command.token, trigger: `${command.trigger}x`, description: 'changed' });
      const { token } = (await admin.client.regenCommandToken(command.id)) as unknown as { token: string };
      expect(token).to.match(/^[a-z0-9]{26}$/).and.not.equal(command.token);
      const fetched = (await (await call('GET', `/api/v4/commands/${command.id}`)).json()) as Command;
      expect(fetched).to.include({ token, trigger: `${command.trigger}x` });
    });

    it('refuses to edit a command into another team', async () => {
      const command = await newCommand();
      const other = await createTeamWith(admin.client, []);
      await expectClientError(admin.client.editCommand({ ...command, team_id: other.id }), 400, 'api.command.team_mismatch.app_error');
    });

    it('moves a command to another team, where it then runs', async () => {
      const command = await newCommand();
      const other = await createTeamWith(admin.client, [alice.user.id]);
      const response = await call('PUT', `/api/v4/commands/${command.id}/move`, { team_id: other.id });
      expect(await response.json()).to.deep.equal({ status: 'OK' });
      const otherChannel = await createChannelWith(admin.client, other, [alice.user.id]);
      receiver.answerWith(() => ({ body: 'moved here' }));
      const answer = await alice.client.executeCommand(`/${command.trigger}`, { channel_id: otherChannel.id, team_id: other.id } as never);
      expect(answer.text).to.equal('moved here');
      await expectClientError(run(`/${command.trigger}`), 404, 'api.command.execute_command.not_found.app_error');
    });

    it('deletes a command: gone from the lists and no longer run', async () => {
      const command = await newCommand();
      expect(await admin.client.deleteCommand(command.id)).to.deep.equal({ status: 'OK' });
      expect((await admin.client.getCustomTeamCommands(team.id)).map((c) => c.id)).not.to.include(command.id);
      expect((await call('GET', `/api/v4/commands/${command.id}`)).status).to.equal(404);
      await expectClientError(run(`/${command.trigger}`), 404, 'api.command.execute_command.not_found.app_error');
    });

    it('lists the built-in commands to everyone and custom ones, without secrets, to their managers', async () => {
      const command = await newCommand({ auto_complete: true });
      const forAlice = await alice.client.getCommandsList(team.id);
      expect(forAlice.map((c) => c.trigger)).to.include.members(['join', 'echo', command.trigger]);
      const forAdmin = await admin.client.getCommandsList(team.id);
      expect(forAdmin.find((c) => c.trigger === command.trigger)).to.include({ id: command.id, token: '', url: '', method: '' });
    });

    it('asks for a login, and a team to list', async () => {
      expect((await fetch(`${ts.url}/api/v4/commands?team_id=${team.id}`)).status).to.equal(401);
      await expectClientError(admin.client.getCommandsList(''), 400, 'api.context.invalid_param.app_error');
    });

    it('answers 501 while ServiceSettings.EnableCommands is off, to management and to running a custom command', async () => {
      const existing = await newCommand();
      await admin.client.patchConfig({ ServiceSettings: { EnableCommands: false } } as never);
      try {
        await expectClientError(newCommand(), 501, 'api.command.disabled.app_error');
        await expectClientError(admin.client.getCustomTeamCommands(team.id), 501, 'api.command.disabled.app_error');
        await expectClientError(run(`/${existing.trigger}`), 501, 'api.command.disabled.app_error');
      } finally {
        await admin.client.patchConfig({ ServiceSettings: { EnableCommands: true } } as never);
      }
    });
  });

  describe('execution', () => {
    it("POSTs Mattermost's form fields (mentions included) with the command's token and posts a JSON in_channel answer as the caller", async () => {
      const command = await newCommand();
      receiver.answerJson({ response_type: 'in_channel', text: 'Sunny, see <https://example.com/f|the forecast>' });
      const answer = await run(`/${command.trigger} in Paris with @${alice.user.username} on ~${channel.name}`);
      const request = receiver.last;
      expect(request).to.include({ method: 'POST', url: `/${command.trigger}` });
      expect(request.headers).to.include({ authorization: `Token ${command.token}`, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' });
      const fields = Object.fromEntries(new URLSearchParams(request.body));
      expect(fields).to.include({
        token: command.token,
        team_id: team.id,
        team_domain: team.name,
        channel_id: channel.id,
        channel_name: channel.name,
        user_id: alice.user.id,
        user_name: alice.user.username,
        command: `/${command.trigger}`,
        text: `in Paris with @${alice.user.username} on ~${channel.name}`,
        user_mentions: alice.user.username,
        user_mentions_ids: alice.user.id,
        channel_mentions: channel.name,
        channel_mentions_ids: channel.id,
      });
      // The integration gets the signed trigger id (to open a dialog for alice); the client its short id.
      const [clientTriggerId, triggeredBy] = Buffer.from(fields.trigger_id, 'base64').toString('utf8').split(':');
      expect({ clientTriggerId, triggeredBy }).to.deep.equal({ clientTriggerId: answer.trigger_id, triggeredBy: alice.user.id });
      expect(fields.response_url).to.match(new RegExp(`^${ts.url}/hooks/commands/[a-z0-9]{26}$`));
      const post = await lastPost(channel.id);
      expect(post).to.include({ user_id: alice.user.id, message: 'Sunny, see [the forecast](https://example.com/f)' });
      expect(post.props).to.include({ from_webhook: 'true' });
    });

    it('sends the fields in the query with GET and shows a plain-text answer only to the caller', async () => {
      const command = await newCommand({ method: 'G' });
      receiver.answerWith(() => ({ headers: { 'Content-Type': 'text/plain' }, body: 'just for you' }));
      const socket = await RawSocket.authenticated(ts, alice.client.getToken());
      try {
        const answer = await run(`/${command.trigger} a b`);
        expect(answer).to.include({ response_type: 'ephemeral', text: 'just for you' });
        const request = receiver.last;
        expect(request.method).to.equal('GET');
        const query = Object.fromEntries(new URLSearchParams(request.url.split('?')[1]));
        expect(query).to.include({ token: command.token, text: 'a b', command: `/${command.trigger}`, user_name: alice.user.username });
        const event = await socket.waitForEvent('ephemeral_message');
        expect(JSON.parse(event.data.post)).to.include({ channel_id: channel.id, message: 'just for you' });
      } finally {
        await socket.close();
      }
      expect((await lastPost(channel.id)).message).not.to.equal('just for you');
    });

    it("uses the command's username over the answer's, delivers extra responses and returns goto_location", async () => {
      const command = await newCommand({ username: 'weatherbot' });
      receiver.answerJson({
        response_type: 'in_channel',
        text: 'first',
        username: 'ignored',
        icon_url: 'https://example.com/icon.png',
        goto_location: 'https://example.com/next',
        extra_responses: [{ response_type: 'in_channel', text: 'second' }],
      });
      const answer = await run(`/${command.trigger}`);
      expect(answer.goto_location).to.equal('https://example.com/next');
      const list = await alice.client.getPosts(channel.id);
      const [second, first] = list.order.slice(0, 2).map((id) => list.posts[id]);
      expect(first.message).to.equal('first');
      expect(first.props).to.include({ override_username: 'weatherbot', override_icon_url: 'https://example.com/icon.png', from_webhook: 'true' });
      expect(second.message).to.equal('second');
    });

    it('fails the command when the integration does not answer within OutgoingIntegrationRequestsTimeout', async () => {
      const command = await newCommand();
      await admin.client.patchConfig({ ServiceSettings: { OutgoingIntegrationRequestsTimeout: 1 } } as never);
      receiver.answerWith(() => new Promise((resolve) => setTimeout(() => resolve({ body: 'too late' }), 3000)));
      try {
        await expectClientError(run(`/${command.trigger}`), 500, 'api.command.execute_command.failed.app_error');
      } finally {
        await admin.client.patchConfig({ ServiceSettings: { OutgoingIntegrationRequestsTimeout: 30 } } as never);
      }
      expect((await lastPost(channel.id)).message).not.to.equal('too late');
    });

    it('fails the command when the integration answers with an error status', async () => {
      const command = await newCommand();
      receiver.answerWith(() => ({ status: 500, body: 'broken' }));
      const err = await expectClientError(run(`/${command.trigger}`), 500, 'api.command.execute_command.failed_resp.app_error');
      expect(err.message).to.equal(`Command with a trigger of '${command.trigger}' returned response 500.`);
    });
  });

  describe('delayed responses', () => {
    async function responseUrl(): Promise<string> {
      const command = await newCommand();
      receiver.answerWith(() => ({ body: '' }));
      await run(`/${command.trigger}`);
      return new URLSearchParams(receiver.last.body).get('response_url')!;
    }

    function respond(url: string, body: unknown): Promise<Response> {
      return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    }

    it('posts an in_channel answer as the caller, five times and not a sixth', async () => {
      const url = await responseUrl();
      for (let use = 1; use <= 5; use++) {
        const response = await respond(url, { response_type: 'in_channel', text: `later ${use}` });
        expect({ status: response.status, type: response.headers.get('content-type'), body: await response.text() }).to.deep.equal({ status: 200, type: 'text/plain', body: 'ok' });
        const post = await lastPost(channel.id);
        expect(post).to.include({ user_id: alice.user.id, message: `later ${use}` });
        expect(post.props).to.include({ from_webhook: 'true' });
      }
      const sixth = await respond(url, { response_type: 'in_channel', text: 'too many' });
      expect(sixth.status).to.equal(400);
      expect(((await sixth.json()) as { id: string }).id).to.equal('app.command_webhook.try_use.invalid');
      expect((await lastPost(channel.id)).message).to.equal('later 5');
    });

    it('sends an ephemeral answer only to the caller', async () => {
      const url = await responseUrl();
      const socket = await RawSocket.authenticated(ts, alice.client.getToken());
      try {
        expect((await respond(url, { text: 'psst' })).status).to.equal(200);
        const event = await socket.waitForEvent('ephemeral_message');
        expect(JSON.parse(event.data.post)).to.include({ channel_id: channel.id, message: 'psst' });
      } finally {
        await socket.close();
      }
      expect((await lastPost(channel.id)).message).not.to.equal('psst');
    });

    it('refuses an unknown response URL and a malformed answer', async () => {
      const unknown = await respond(`${ts.url}/hooks/commands/${'a'.repeat(26)}`, { text: 'hi' });
      expect(unknown.status).to.equal(404);
      const url = await responseUrl();
      const malformed = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
      expect(malformed.status).to.equal(400);
      expect(((await malformed.json()) as { id: string }).id).to.equal('web.command_webhook.parse.app_error');
    });
  });

  describe('when the plugin is disabled', () => {
    it("answers the core's 503 on /api/v4/commands and forgets the commands until it is enabled again", async () => {
      const command = await newCommand();
      await admin.client.disablePlugin(PLUGIN_ID);
      try {
        await expectClientError(admin.client.getCustomTeamCommands(team.id), 503, 'api.plugin.route_owner_not_running.app_error');
        await expectClientError(run(`/${command.trigger}`), 404, 'api.command.execute_command.not_found.app_error');
      } finally {
        await admin.client.enablePlugin(PLUGIN_ID);
      }
      await eventually(async () => expect((await admin.client.getCustomTeamCommands(team.id)).map((c) => c.id)).to.include(command.id), 10_000);
      receiver.answerWith(() => ({ body: 'back again' }));
      await eventually(async () => expect((await run(`/${command.trigger}`)).text).to.equal('back again'), 10_000);
    });
  });
});

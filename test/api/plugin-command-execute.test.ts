// api.commands.execute (Mattermost's ExecuteSlashCommand) through real plugins in the sandbox, on a
// real server and PostgreSQL: the command runs as the user it names, with that user's permissions,
// and only for a plugin granted "commands.execute"; a command that runs itself is stopped.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';

const RUNNER = 'com.example.command-runner';
const UNGRANTED = 'com.example.command-runner-ungranted';

// /execute runs api.commands.execute with the body's arguments and answers its result or error id.
// /echo-<plugin> answers in the channel; /recurse-<plugin> runs itself one level deeper until refused.
const server = (trigger: string) => `
export default (api) => ({
  async onActivate() {
    await api.commands.register({ trigger: 'echo-${trigger}', team_id: '' });
    await api.commands.register({ trigger: 'recurse-${trigger}', team_id: '' });
  },
  async executeCommand(ctx, args) {
    const space = (args.command + ' ').indexOf(' ');
    const name = args.command.slice(1, space);
    const rest = args.command.slice(space + 1);
    if (name === 'echo-${trigger}') return { response_type: 'in_channel', text: 'echo ' + rest };
    const depth = Number(rest) || 1;
    try {
      const answer = await api.commands.execute({ user_id: args.user_id, channel_id: args.channel_id, command: '/recurse-${trigger} ' + (depth + 1) });
      return { text: answer.text };
    } catch (err) {
      return { text: 'stopped at ' + depth + ': ' + err.id };
    }
  },
  async serveHttp(ctx, request) {
    try {
      return { body: JSON.stringify({ result: await api.commands.execute(JSON.parse(request.body)) }) };
    } catch (err) {
      return { body: JSON.stringify({ error: err.id }) };
    }
  },
});`;

interface Answer {
  result?: Record<string, unknown>;
  error?: string;
}

describe('plugin commands.execute', () => {
  let ts: TestServer;
  let admin: Client4;
  let team: Team;
  let memberId: string;
  let outsiderId: string;
  let open: Channel;
  let secret: Channel;

  const execute = async (pluginId: string, args: unknown): Promise<Answer> => {
    const response = await fetch(`${ts.url}/plugins/${pluginId}/execute`, { method: 'POST', body: JSON.stringify(args) });
    return (await response.json()) as Answer;
  };
  const install = async (id: string, api: string[]) => {
    const bundle = pluginBundle({ id, server: server(id.split('.').pop()!), manifest: { permissions: { api } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, true);
    await admin.enablePlugin(id);
  };

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    memberId = (await createUser(ts, admin)).user.id;
    outsiderId = (await createUser(ts, admin)).user.id;
    team = await createTeamWith(admin, [memberId, outsiderId]);
    open = await createChannelWith(admin, team, [memberId, outsiderId]);
    secret = await createChannelWith(admin, team, [memberId], 'P');
    await install(RUNNER, ['commands', 'commands.execute']);
    await install(UNGRANTED, ['commands']);
  });
  after(async () => {
    await ts.close();
  });

  it('runs a command as the user and posts its in_channel answer as them when the plugin has the grant', async () => {
    const answer = await execute(RUNNER, { user_id: memberId, channel_id: open.id, command: '/echo-command-runner hello' });
    expect(answer.error).to.equal(undefined);
    expect(answer.result).to.include({ response_type: 'in_channel', text: 'echo hello' });
    expect(answer.result?.trigger_id).to.be.a('string').that.is.not.empty;
    const posts = await admin.getPosts(open.id);
    const posted = Object.values(posts.posts).find((p) => p.message === 'echo hello');
    expect(posted?.user_id).to.equal(memberId);
  });

  it('refuses a plugin whose manifest asks for "commands" but not "commands.execute"', async () => {
    const answer = await execute(UNGRANTED, { user_id: memberId, channel_id: open.id, command: '/echo-command-runner-ungranted hi' });
    expect(answer.error).to.equal('plugin.api.permission_denied');
  });

  it('refuses a user who may not post in the channel, and posts nothing', async () => {
    const answer = await execute(RUNNER, { user_id: outsiderId, channel_id: secret.id, command: '/echo-command-runner leak' });
    expect(answer.error).to.be.oneOf(['api.context.permissions.app_error', 'app.channel.get.not_found.app_error']);
    const posts = await admin.getPosts(secret.id);
    expect(Object.values(posts.posts).map((p) => p.message)).to.not.include('echo leak');
  });

  it('refuses a deactivated user', async () => {
    const leaverId = (await createUser(ts, admin)).user.id;
    await admin.addToTeam(team.id, leaverId);
    await admin.addToChannel(leaverId, open.id);
    await admin.updateUserActive(leaverId, false);
    const answer = await execute(RUNNER, { user_id: leaverId, channel_id: open.id, command: '/echo-command-runner gone' });
    expect(answer.error).to.equal('api.context.permissions.app_error');
  });

  it('refuses malformed arguments and unknown commands with their own ids', async () => {
    expect((await execute(RUNNER, { user_id: 'nope', channel_id: open.id, command: '/echo-command-runner x' })).error).to.equal('plugin.api.invalid_arguments');
    expect((await execute(RUNNER, { user_id: memberId, channel_id: '', command: '/echo-command-runner x' })).error).to.equal('plugin.api.invalid_arguments');
    expect((await execute(RUNNER, { user_id: memberId, channel_id: open.id, command: '/echo-command-runner x', root_id: 'x' })).error).to.equal('plugin.api.invalid_arguments');
    expect((await execute(RUNNER, { user_id: memberId, channel_id: open.id, command: 'no slash' })).error).to.equal('api.command.execute_command.start.app_error');
    expect((await execute(RUNNER, { user_id: memberId, channel_id: open.id, command: '/nosuchcommand' })).error).to.equal('api.command.execute_command.not_found.app_error');
    expect((await execute(RUNNER, 'not an object')).error).to.equal('plugin.api.invalid_arguments');
  });

  it('stops a command that runs itself after four nested executions, and the plugin keeps working', async () => {
    const answer = await execute(RUNNER, { user_id: memberId, channel_id: open.id, command: '/recurse-command-runner 1' });
    expect(answer.result?.text).to.equal('stopped at 4: plugin.api.commands.too_deep');
    const again = await execute(RUNNER, { user_id: memberId, channel_id: open.id, command: '/echo-command-runner still here' });
    expect(again.result?.text).to.equal('echo still here');
  });
});

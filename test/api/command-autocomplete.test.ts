// Slash command suggestions from a plugin's autocomplete tree, through @mattermost/client as
// Mattermost's web app asks for them: sub-commands, text, static and named arguments, a dynamic
// list served by the plugin's own route, admin-only commands — and the trees a plugin may not register.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const ID = 'com.example.tracker';
const ICON = 'data:image/svg+xml;base64,PHN2Zy8+';
const TREE = {
  Trigger: 'track',
  HelpText: 'Work with the tracker',
  SubCommands: [
    { Trigger: 'create', Hint: '[summary]', HelpText: 'Create an issue', Arguments: [{ Type: 'TextInput', HelpText: 'What is wrong', Data: { Hint: '[summary]' } }] },
    {
      Trigger: 'assign',
      HelpText: 'Assign an issue',
      Arguments: [
        { Type: 'DynamicList', Required: true, HelpText: 'The issue', Data: { FetchURL: 'issues' } },
        { Name: 'user', Type: 'StaticList', HelpText: 'To whom', Data: { PossibleArguments: [{ Item: 'me', HelpText: 'Myself' }, { Item: 'nobody', Hint: '(unassign)' }] } },
      ],
    },
    { Trigger: 'purge', RoleID: 'system_admin', HelpText: 'Delete everything' },
  ],
};
const REFUSED_TREES = {
  otherPlugin: { Trigger: 'x', Arguments: [{ Type: 'DynamicList', Data: { FetchURL: '/plugins/com.example.other/list' } }] },
  otherHost: { Trigger: 'x', Arguments: [{ Type: 'DynamicList', Data: { FetchURL: 'https://tracker.example/list' } }] },
  climbsOut: { Trigger: 'x', Arguments: [{ Type: 'DynamicList', Data: { FetchURL: 'a/../../other/list' } }] },
  unknownType: { Trigger: 'x', Arguments: [{ Type: 'Spreadsheet', Data: {} }] },
  twoWords: { Trigger: 'x y' },
  tooDeep: [...Array(12)].reduce((sub) => ({ Trigger: 'x', SubCommands: [sub] }), { Trigger: 'leaf' }),
};

const SERVER = `
export default (api) => ({
  async onActivate() {
    await api.commands.register({ trigger: 'track', auto_complete: true, auto_complete_desc: 'Tracker', autocomplete_data: ${JSON.stringify(TREE)}, autocomplete_icon_data: '${ICON}' });
    const refused = {};
    for (const [name, tree] of Object.entries(${JSON.stringify(REFUSED_TREES)})) {
      try { await api.commands.register({ trigger: 'bad' + name.toLowerCase(), auto_complete: true, autocomplete_data: tree }); refused[name] = 'registered'; }
      catch (err) { refused[name] = err.id; }
    }
    await api.kv.set('refused', refused);
  },
  async executeCommand() { return {}; },
  async serveHttp(ctx, request) {
    if (request.path === '/issues') {
      await api.kv.set('asked', { query: request.query, user: request.headers['mattermost-user-id'] });
      const typed = request.query.user_input.slice(request.query.parsed.length).split(' ')[0].toUpperCase();
      const issues = [{ Item: 'KEY-1', HelpText: 'Printer on fire' }, { Item: 'KEY-2', Hint: 'blocked' }, { Item: 'OPS-7' }];
      return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(issues.filter((i) => i.Item.startsWith(typed))) };
    }
    return { body: JSON.stringify(await api.kv.get(request.path.slice(1))) };
  },
});`;

describe('slash command autocomplete from a plugin\'s tree', () => {
  let ts: TestServer;
  let admin: Client4;
  let member: LoggedIn;
  let team: Team;
  let channel: Channel;
  let hidden: Channel;

  const suggest = (client: Client4, input: string, args: Record<string, string> = {}) => client.getCommandAutocompleteSuggestionsList(input, team.id, { team_id: team.id, channel_id: channel.id, root_id: '', ...args } as never);
  const completes = async (client: Client4, input: string) => (await suggest(client, input)).map((s) => s.Complete);
  const pluginKv = async (key: string) => (await fetch(`${ts.url}/plugins/${ID}/${key}`)).json();

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    member = await createUser(ts, admin);
    team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' } as Team);
    await admin.addToTeam(team.id, member.user.id);
    channel = await admin.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Chan', type: 'O' } as Channel);
    hidden = await admin.createChannel({ team_id: team.id, name: uniqueName('hidden'), display_name: 'Hidden', type: 'P' } as Channel);
    await admin.addToChannel(member.user.id, channel.id);
    const bundle = pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['commands', 'kv'] } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'tracker.tar.gz') as never, false);
    await admin.enablePlugin(ID);
  });
  after(async () => {
    await ts.close();
  });

  it('suggests the command, then its sub-commands, with their hints, descriptions and icon', async () => {
    expect(await suggest(member.client, '/tra')).to.deep.equal([{ Complete: 'track', Suggestion: 'track', Hint: '', Description: 'Work with the tracker', IconData: ICON }]);
    expect(await completes(member.client, '/track ')).to.deep.equal(['track create', 'track assign']);
    expect(await suggest(member.client, '/track cr')).to.deep.equal([{ Complete: 'track create', Suggestion: 'create', Hint: '[summary]', Description: 'Create an issue', IconData: ICON }]);
    expect(await suggest(member.client, '/track create ')).to.deep.equal([{ Complete: 'track create ', Suggestion: '', Hint: '[summary]', Description: 'What is wrong', IconData: ICON }]);
    expect(await suggest(member.client, '/track create "two words" ')).to.deep.equal([]);
  });

  it('offers admin-only sub-commands to system admins only', async () => {
    expect(await completes(member.client, '/track p')).to.deep.equal([]);
    expect(await completes(admin, '/track p')).to.deep.equal(['track purge']);
  });

  it('asks the plugin\'s own route for a dynamic list, as the user, with Mattermost\'s query', async () => {
    expect(await suggest(member.client, '/track assign k')).to.deep.equal([
      { Complete: 'track assign KEY-1', Suggestion: 'KEY-1', Hint: '', Description: 'Printer on fire', IconData: ICON },
      { Complete: 'track assign KEY-2', Suggestion: 'KEY-2', Hint: 'blocked', Description: '', IconData: ICON },
    ]);
    const asked = (await pluginKv('asked')) as { query: Record<string, string>; user: string };
    expect(asked.user).to.equal(member.user.id);
    expect(asked.query).to.include({ user_input: 'track assign k', parsed: 'track assign ', channel_id: channel.id, team_id: team.id, user_id: member.user.id, root_id: '' });
    expect(asked.query.site_url).to.be.a('string').and.not.equal('');
  });

  it('moves on to a named argument once the list item is typed, and suggests its values', async () => {
    expect(await suggest(member.client, '/track assign KEY-1 ')).to.deep.equal([{ Complete: 'track assign KEY-1 --user ', Suggestion: '--user', Hint: '', Description: 'To whom', IconData: ICON }]);
    expect(await suggest(member.client, '/track assign KEY-1 --user n')).to.deep.equal([{ Complete: 'track assign KEY-1 --user nobody', Suggestion: 'nobody', Hint: '(unassign)', Description: '', IconData: ICON }]);
  });

  it('tells the plugin no channel the user cannot read', async () => {
    await suggest(member.client, '/track assign ', { channel_id: hidden.id });
    expect(((await pluginKv('asked')) as { query: Record<string, string> }).query.channel_id).to.equal('');
  });

  it('lists the tree with the dynamic lists\' absolute URLs in the team\'s autocomplete commands', async () => {
    const listed = (await member.client.getAutocompleteCommandsList(team.id)).find((c) => c.trigger === 'track') as unknown as Record<string, unknown>;
    expect(listed).to.include({ autocomplete_icon_data: ICON, plugin_id: ID });
    const assign = (listed.autocomplete_data as { SubCommands: Array<{ Trigger: string; Arguments: Array<{ Data: unknown }> }> }).SubCommands.find((s) => s.Trigger === 'assign')!;
    expect(assign.Arguments[0].Data).to.deep.equal({ FetchURL: `/plugins/${ID}/issues` });
  });

  it('refuses trees that reach another plugin or host, or that could not be read', async () => {
    expect(await pluginKv('refused')).to.deep.equal(Object.fromEntries(Object.keys(REFUSED_TREES).map((name) => [name, 'plugin.api.invalid_arguments'])));
  });

  it('refuses a request without user_input', async () => {
    await expectClientError(suggest(member.client, ''), 400, 'api.context.invalid_param.app_error');
  });
});

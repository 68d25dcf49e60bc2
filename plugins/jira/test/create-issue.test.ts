// /jira create and its two dialogs against a fake Jira over HTTP: the first dialog (project, type,
// summary, description), the required fields Jira's createmeta names (both endpoint forms) asked in
// a second dialog opened from an ephemeral button, Jira's refusals shown in the dialog, and the
// announcement of the created issue.
import { expect } from 'chai';
import { commandTree, createRouter, type CommandArgs, type Dialog, type PostAction } from '@parley/plugin-api';
import { addCreateIssueRoutes, commandText, createSubcommand } from '../src/issues/create-command.ts';
import { FakeJira, type FakeJiraUser } from './helpers/fake-jira.ts';
import { installIssueRoutes, PRIORITIES, type FakeJiraIssues } from './helpers/fake-jira-issues.ts';
import { apiDouble, callRoute, jsonOf, serverInstance, TestIssuesContext } from './helpers/issues-doubles.ts';

const ALICE = 'aliceparleyuseraliceparley';
const BOB = 'bobparleyuserbobparleyuser';
const CHANNEL = 'channelchannelchannelchann';

describe('jira /jira create', () => {
  let fake: FakeJira;
  let jira: FakeJiraIssues;
  let alice: FakeJiraUser;
  let bob: FakeJiraUser;

  before(async () => {
    fake = await FakeJira.start();
    jira = installIssueRoutes(fake);
    alice = fake.addUser('alice');
    bob = fake.addUser('bob');
    jira.addProject('WEB', { name: 'Website', issueTypes: [{ name: 'Task' }, { name: 'Bug' }] });
    jira.addProject('OPS', {
      name: 'Operations',
      issueTypes: [
        { name: 'Incident', fields: [
          { fieldId: 'priority', name: 'Priority', required: true, schema: { type: 'priority', system: 'priority' }, allowedValues: PRIORITIES },
          { fieldId: 'labels', name: 'Labels', required: true, schema: { type: 'array', items: 'string', system: 'labels' } },
          { fieldId: 'customfield_10010', name: 'Severity', required: true, schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' }, allowedValues: [{ id: '201', value: 'Sev 1' }, { id: '202', value: 'Sev 2' }] },
          { fieldId: 'customfield_10011', name: 'Customers affected', required: true, schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' } },
          { fieldId: 'duedate', name: 'Due date', required: true, schema: { type: 'date', system: 'duedate' } },
          { fieldId: 'customfield_10012', name: 'Incident lead', required: true, schema: { type: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker' } },
          { fieldId: 'customfield_10013', name: 'Notes', required: false, schema: { type: 'string' } },
        ] },
        { name: 'Change', fields: [{ fieldId: 'customfield_10020', name: 'Approvers', required: true, schema: { type: 'array', items: 'user' } }] },
      ],
    });
    jira.addProject('HIDDEN', { browsers: [bob] });
  });
  after(() => fake?.close());

  function setUp(settings: Record<string, unknown> = {}) {
    const { api, record, kv } = apiDouble({ settings });
    const instance = serverInstance(fake);
    const ctx = new TestIssuesContext(api, fake, [instance]);
    ctx.connect(ALICE, alice);
    ctx.connect(BOB, bob);
    const { handler } = commandTree(api, { trigger: 'jira', display_name: 'Jira', description: '', helpTitle: 'Jira commands' }, [createSubcommand(ctx)]);
    const router = createRouter();
    addCreateIssueRoutes(router, ctx);
    const run = async (userId: string, line: string) => {
      const args: CommandArgs = { user_id: userId, channel_id: CHANNEL, team_id: 'team', root_id: '', trigger_id: 'trigger', command: line };
      return handler({ session_id: '', request_id: '', ip_address: '', user_agent: '' }, args);
    };
    const submit = (userId: string, path: string, dialog: Dialog, submission: Record<string, unknown>) =>
      callRoute(router, path, userId, { type: 'dialog_submission', callback_id: dialog.callback_id, state: dialog.state, user_id: userId, channel_id: CHANNEL, team_id: 'team', submission, cancelled: false });
    return { api, record, kv, ctx, instance, run, router, submit };
  }

  const optionValues = (dialog: Dialog, name: string) => dialog.elements!.find((element) => element.name === name)!.options!.map((option) => option.value);
  const element = (dialog: Dialog, name: string) => dialog.elements!.find((candidate) => candidate.name === name)!;

  it('keeps the text after the subcommand and its flags, line breaks included', () => {
    expect(commandText('/jira create  Crash on save\nsteps: 1 --project WEB')).to.equal('Crash on save\nsteps: 1');
    expect(commandText('/jira issue create --instance x hello')).to.equal('hello');
  });

  it('opens the first dialog with the user’s projects, their issue types and the text as description', async () => {
    const { run, record } = setUp();
    expect(await run(ALICE, '/jira create The build is red\nsince Monday')).to.deep.equal({});
    const { dialog, url, triggerId } = record.dialogs.at(-1)!;
    expect(triggerId).to.equal('trigger');
    expect(url).to.equal('/plugins/jira/api/v2/create-issue/submit');
    expect(optionValues(dialog, 'project')).to.deep.equal(['WEB', 'OPS']);
    expect(optionValues(dialog, 'issue_type')).to.deep.equal(['Task', 'Bug', 'Incident', 'Change']);
    expect(element(dialog, 'description').default).to.equal('The build is red\nsince Monday');
    expect(element(dialog, 'project').default).to.equal('WEB');
  });

  it('offers only the project named with --project, and lists the user’s projects for an unknown one', async () => {
    const { run, record } = setUp();
    await run(ALICE, '/jira create --project ops');
    expect(optionValues(record.dialogs.at(-1)!.dialog, 'project')).to.deep.equal(['OPS']);
    expect(optionValues(record.dialogs.at(-1)!.dialog, 'issue_type')).to.deep.equal(['Incident', 'Change']);
    expect((await run(ALICE, '/jira create --project HIDDEN')).text).to.equal('You have no Jira project `HIDDEN`. Yours: `WEB`, `OPS`.');
  });

  it('creates the issue when Jira needs nothing more, announces it as the user and remembers the project', async () => {
    const { run, record, submit, ctx, instance } = setUp();
    await run(ALICE, '/jira create details here');
    const { dialog } = record.dialogs.at(-1)!;
    expect(jsonOf(await submit(ALICE, '/api/v2/create-issue/submit', dialog, { project: 'WEB', issue_type: 'Bug', summary: 'Red build', description: 'details here' }))).to.deep.equal({});
    const created = [...jira.issues.values()].find((issue) => issue.fields.summary === 'Red build')!;
    expect(created.project.key).to.equal('WEB');
    expect(created.fields.issuetype.name).to.equal('Bug');
    expect(created.fields.description).to.equal('details here');
    expect(created.fields.reporter).to.equal(alice.accountId);
    const announcement = record.created.at(-1)!;
    expect(announcement.user_id).to.equal(ALICE);
    expect(announcement.channel_id).to.equal(CHANNEL);
    expect(announcement.message).to.equal(`Created a Jira issue: [${created.key}: Red build](${fake.url}/browse/${created.key})`);
    expect((await ctx.connectionOf(instance, ALICE))!.last_project_key).to.equal('WEB');
    await run(ALICE, '/jira create');
    expect(element(record.dialogs.at(-1)!.dialog, 'issue_type').default).to.equal('Bug');
  });

  it('keeps the dialog open for a missing summary or an issue type the project lacks', async () => {
    const { run, record, submit } = setUp();
    await run(ALICE, '/jira create');
    const { dialog } = record.dialogs.at(-1)!;
    expect(jsonOf(await submit(ALICE, '/api/v2/create-issue/submit', dialog, { project: 'WEB', issue_type: 'Task', summary: ' ' }))).to.deep.equal({ errors: { summary: 'Give the issue a summary.' } });
    expect(jsonOf(await submit(ALICE, '/api/v2/create-issue/submit', dialog, { project: 'WEB', issue_type: 'Incident', summary: 'x' }))).to.deep.equal({ errors: { issue_type: 'WEB has no issue type `Incident`. It has: `Task`, `Bug`.' } });
    expect(jsonOf(await submit(ALICE, '/api/v2/create-issue/submit', dialog, { project: 'HIDDEN', issue_type: 'Task', summary: 'x' }))).to.deep.equal({ errors: { project: 'Choose one of your projects.' } });
  });

  for (const legacy of [false, true]) {
    it(`asks the required fields in a second dialog and creates the issue with them (${legacy ? 'legacy createmeta' : 'createmeta per issue type'})`, async () => {
      jira.newCreateMeta = !legacy;
      const firstRequest = fake.requests.length;
      try {
        const { run, record, submit, router, kv } = setUp();
        await run(ALICE, '/jira create');
        const first = record.dialogs.at(-1)!.dialog;
        expect(jsonOf(await submit(ALICE, '/api/v2/create-issue/submit', first, { project: 'OPS', issue_type: 'Incident', summary: 'Site down', description: 'All pages 500' }))).to.deep.equal({});
        const prompt = record.ephemerals.at(-1)!;
        expect(prompt.post.message).to.equal('For a new Incident in OPS, Jira also needs: Priority, Labels, Severity, Customers affected, Due date, Incident lead.');
        const button = (prompt.post.props!.attachments as Array<{ actions: PostAction[] }>)[0]!.actions[0]!;
        expect([...kv.keys()].some((key) => key.startsWith('create_draft_'))).to.equal(true);

        expect((await callRoute(router, '/api/v2/create-issue/fields', ALICE, { user_id: ALICE, post_id: prompt.post.id, trigger_id: 'trigger-2', context: button.integration.context })).status).to.equal(200);
        const second = record.dialogs.at(-1)!;
        expect(second.url).to.equal('/plugins/jira/api/v2/create-issue/fields/submit');
        expect(second.dialog.elements!.map((item) => [item.name, item.type, item.subtype ?? ''])).to.deep.equal([
          ['priority', 'select', ''],
          ['labels', 'text', ''],
          ['customfield_10010', 'select', ''],
          ['customfield_10011', 'text', 'number'],
          ['duedate', 'date', ''],
          ['customfield_10012', 'text', ''],
        ]);
        expect(optionValues(second.dialog, 'customfield_10010')).to.deep.equal(['201', '202']);

        const values = { priority: '1', labels: 'outage, web', customfield_10010: '202', customfield_10011: 'many', duedate: '2026-12-24', customfield_10012: 'bob' };
        expect(jsonOf(await submit(ALICE, '/api/v2/create-issue/fields/submit', second.dialog, values))).to.deep.equal({ errors: { customfield_10011: 'Customers affected must be a number.' } });
        expect(jsonOf(await submit(ALICE, '/api/v2/create-issue/fields/submit', second.dialog, { ...values, customfield_10011: '120' }))).to.deep.equal({});
        const created = [...jira.issues.values()].filter((issue) => issue.fields.summary === 'Site down').at(-1)!;
        expect(created.fields.priority).to.deep.equal({ id: '1' });
        expect(created.fields.labels).to.deep.equal(['outage', 'web']);
        expect(created.fields.customfield_10010).to.deep.equal({ id: '202' });
        expect(created.fields.customfield_10011).to.equal(120);
        expect(created.fields.duedate).to.equal('2026-12-24');
        expect(created.fields.customfield_10012).to.deep.equal({ name: 'bob' });
        expect(record.ephemeralDeletes.at(-1)).to.deep.equal({ userId: ALICE, postId: prompt.post.id });
        expect([...kv.keys()].some((key) => key.startsWith('create_draft_'))).to.equal(false);
        expect(record.created.at(-1)!.message).to.match(/^Created a Jira issue: \[OPS-\d+: Site down\]/);
        expect(fake.requests.slice(firstRequest).some((call) => call.path === '/rest/api/2/issue/createmeta')).to.equal(legacy);
      } finally {
        jira.newCreateMeta = true;
      }
    });
  }

  it('does not let another user fill in someone’s draft', async () => {
    const { run, record, submit, router } = setUp();
    await run(ALICE, '/jira create');
    await submit(ALICE, '/api/v2/create-issue/submit', record.dialogs.at(-1)!.dialog, { project: 'OPS', issue_type: 'Incident', summary: 'Mine' });
    const button = (record.ephemerals.at(-1)!.post.props!.attachments as Array<{ actions: PostAction[] }>)[0]!.actions[0]!;
    const answer = jsonOf(await callRoute(router, '/api/v2/create-issue/fields', BOB, { user_id: BOB, post_id: 'x', trigger_id: 'trigger-3', context: button.integration.context }));
    expect(answer.ephemeral_text).to.equal('This issue draft has expired: start again with `/jira create`.');
  });

  it('sends the user to Jira when a required field cannot be asked in a dialog', async () => {
    const { run, record, submit } = setUp();
    await run(ALICE, '/jira create');
    const answer = jsonOf<{ error: string }>(await submit(ALICE, '/api/v2/create-issue/submit', record.dialogs.at(-1)!.dialog, { project: 'OPS', issue_type: 'Change', summary: 'Upgrade' }));
    expect(answer.error).to.equal(`Jira needs Approvers for a Change in OPS, which cannot be filled in from chat: create this issue in Jira (${fake.url}/secure/CreateIssue!default.jspa).`);
  });

  it('is refused when EnableJiraUI is off', async () => {
    const { run, record } = setUp({ EnableJiraUI: false });
    expect((await run(ALICE, '/jira create x')).text).to.equal('Creating Jira issues and attaching messages to them from chat is turned off on this server.');
    expect(record.dialogs).to.have.length(0);
  });

  it('tells a user who has not connected to connect first', async () => {
    const { run } = setUp();
    expect((await run('strangerstrangerstrangerst', '/jira create')).text).to.match(/connect first with `\/jira connect`/);
  });
});

// /jira view|transition|assign|unassign and the card's controls, run through the plugin's command
// tree and router against a fake Jira over HTTP (Server with personal access tokens, and Cloud
// through Atlassian's gateway), with the Parley side recorded by doubles.
import { expect } from 'chai';
import { commandTree, createRouter, type CommandArgs, type CommandResponse, type PostAction } from '@parley/plugin-api';
import { addCardActionRoutes } from '../src/issues/card-actions.ts';
import { issueSubcommands } from '../src/issues/issue-commands.ts';
import { matchTransition } from '../src/issues/issue-operations.ts';
import type { SlackAttachment } from '../src/render/issue-card.ts';
import { FakeJira, type FakeJiraUser } from './helpers/fake-jira.ts';
import { installIssueRoutes, type FakeJiraIssues } from './helpers/fake-jira-issues.ts';
import { apiDouble, BOT_ID, callRoute, cloudInstance, jsonOf, serverInstance, TestIssuesContext, type ApiRecord } from './helpers/issues-doubles.ts';

const ALICE = 'aliceparleyuseraliceparley';
const BOB = 'bobparleyuserbobparleyuser';
const CAROL = 'carolparleyusercarolparley';
const CHANNEL = 'channelchannelchannelchann';

describe('jira issue commands and card controls', () => {
  let fake: FakeJira;
  let jira: FakeJiraIssues;
  let alice: FakeJiraUser;
  let bob: FakeJiraUser;
  let outsider: FakeJiraUser;

  before(async () => {
    fake = await FakeJira.start();
    jira = installIssueRoutes(fake);
    alice = fake.addUser('alice');
    bob = fake.addUser('bob');
    fake.addUser('bobby', { displayName: 'Bobby Tables' });
    outsider = fake.addUser('olga');
    jira.addProject('PROJ', { browsers: [alice, bob, fake.userByName('bobby')!] });
  });
  after(() => fake?.close());

  function setUp(options: { cloud?: boolean } = {}) {
    const { api, record } = apiDouble({ usernames: { bob: BOB } });
    const instance = options.cloud ? cloudInstance(fake) : serverInstance(fake);
    const ctx = new TestIssuesContext(api, fake, [instance]);
    ctx.connect(ALICE, alice, instance);
    ctx.connect(BOB, bob, instance);
    ctx.connect(CAROL, outsider, instance);
    const { handler } = commandTree(api, { trigger: 'jira', display_name: 'Jira', description: '', helpTitle: 'Jira commands' }, issueSubcommands(ctx));
    const router = createRouter();
    addCardActionRoutes(router, ctx);
    const run = async (userId: string, line: string): Promise<CommandResponse> => {
      const args: CommandArgs = { user_id: userId, channel_id: CHANNEL, team_id: 'team', root_id: '', trigger_id: 'trigger', command: line };
      return handler({ session_id: '', request_id: '', ip_address: '', user_agent: '' }, args);
    };
    return { api, record, ctx, instance, run, router, text: async (userId: string, line: string) => (await run(userId, line)).text ?? '' };
  }

  const cardOf = (record: ApiRecord): SlackAttachment => (record.ephemerals.at(-1)!.post.props!.attachments as SlackAttachment[])[0]!;

  describe('/jira view', () => {
    it('sends the bot’s ephemeral card with status, assignee, priority, description and the controls', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Login fails', description: 'Steps: open the page. '.repeat(40), assignee: bob, priority: 'Highest', status: 'In Progress' });
      const { record, run } = setUp();
      expect(await run(ALICE, `/jira view ${issue.key.toLowerCase()}`)).to.deep.equal({});
      const { userId, post } = record.ephemerals.at(-1)!;
      expect(userId).to.equal(ALICE);
      expect(post.user_id).to.equal(BOT_ID);
      expect(post.channel_id).to.equal(CHANNEL);
      const card = cardOf(record);
      expect(card.title).to.equal(`${issue.key}: Login fails`);
      expect(card.title_link).to.equal(`${fake.url}/browse/${issue.key}`);
      expect(card.fields).to.deep.include({ title: 'Status', value: 'In Progress', short: true });
      expect(card.fields).to.deep.include({ title: 'Assignee', value: 'Bob Example', short: true });
      expect(card.fields).to.deep.include({ title: 'Priority', value: 'Highest', short: true });
      expect(card.text!.length).to.be.at.most(301);
      expect(card.text).to.match(/…$/);
      const [select, assign, share] = card.actions as PostAction[];
      expect(select!.type).to.equal('select');
      expect(select!.options!.map((option) => option.value)).to.deep.equal(['To Do', 'In Review', 'Done']);
      expect(select!.integration).to.deep.equal({ url: '/plugins/jira/api/v2/transition', context: { issue_key: issue.key, instance_id: fake.url } });
      expect(assign!.name).to.equal('Assign');
      expect(share!.integration.url).to.equal('/plugins/jira/api/v2/share-issue-publicly');
    });

    it('answers the same to `/jira issue view` and reads through Atlassian’s gateway on Cloud', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Cloud card' });
      const { record, run } = setUp({ cloud: true });
      await run(ALICE, `/jira issue view ${issue.key}`);
      expect(cardOf(record).title_link).to.equal(`https://example.atlassian.net/browse/${issue.key}`);
      expect(fake.calls(`/rest/api/2/issue/${issue.key}`).at(-1)!.viaGateway).to.equal(true);
    });

    it('says the issue is unknown or hidden to a user who may not browse its project', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Secret' });
      const { record, text } = setUp();
      expect(await text(CAROL, `/jira view ${issue.key}`)).to.equal(`Jira has no issue ${issue.key}, or you may not see it.`);
      expect(record.ephemerals).to.have.length(0);
    });

    it('asks for an issue key when none or a malformed one is given', async () => {
      const { text } = setUp();
      expect(await text(ALICE, '/jira view')).to.equal('Name the issue: `/jira view <issue-key>`.');
      expect(await text(ALICE, '/jira view 12')).to.match(/^`12` is not an issue key/);
    });

    it('tells a user who has not connected to connect first', async () => {
      const { text } = setUp();
      expect(await text('strangerstrangerstrangerst', '/jira view PROJ-1')).to.equal('Your Parley account is not connected to Jira: connect first with `/jira connect`.');
    });

    it('names an unknown --instance', async () => {
      const { text } = setUp();
      expect(await text(ALICE, '/jira view PROJ-1 --instance nowhere')).to.equal('No Jira instance nowhere is installed.');
    });
  });

  describe('/jira transition', () => {
    it('moves the issue to the status named, in any letter case', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Move me' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira transition ${issue.key} in progress`)).to.equal(`Moved [${issue.key}](${fake.url}/browse/${issue.key}) to \`In Progress\`.`);
      expect(issue.fields.status).to.equal('In Progress');
    });

    it('accepts a unique prefix and the `issue transition` form', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Prefix' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira issue transition ${issue.key} do`)).to.match(/to `Done`\.$/);
      expect(issue.fields.status).to.equal('Done');
    });

    it('lists the matching statuses when the prefix is ambiguous, and moves nothing', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Ambiguous' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira transition ${issue.key} in`)).to.equal('`in` could mean `In Progress`, `In Review`: type more of the status\'s name.');
      expect(issue.fields.status).to.equal('To Do');
    });

    it('lists the reachable statuses for an unknown one', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Unknown state' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira transition ${issue.key} shipped`)).to.equal(`${issue.key} cannot move to \`shipped\`. It can move to: \`In Progress\`, \`In Review\`, \`Done\`.`);
    });

    it('asks for the status when only the key is given', async () => {
      const { text } = setUp();
      expect(await text(ALICE, '/jira transition PROJ-1')).to.equal('Name the status to move PROJ-1 to: `/jira transition <issue-key> <status>`.');
    });

    it('prefers an exact name over a longer one it starts', () => {
      const transitions = [
        { id: '1', name: 'a', to: { id: '1', name: 'Done' } },
        { id: '2', name: 'b', to: { id: '2', name: 'Done and dusted' } },
      ];
      expect(matchTransition(transitions, 'done', 'X-1').id).to.equal('1');
    });
  });

  describe('/jira assign and unassign', () => {
    it('assigns to `me` by username on Server', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Mine' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira assign ${issue.key} me`)).to.equal(`Assigned [${issue.key}](${fake.url}/browse/${issue.key}) to Alice Example.`);
      expect(issue.fields.assignee).to.equal(alice.accountId);
      expect(JSON.parse(fake.calls(`/rest/api/2/issue/${issue.key}/assignee`).at(-1)!.body)).to.deep.equal({ name: 'alice' });
    });

    it('assigns by accountId on Cloud', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Cloud assign' });
      const { text } = setUp({ cloud: true });
      await text(ALICE, `/jira assign ${issue.key} me`);
      expect(JSON.parse(fake.calls(`/rest/api/2/issue/${issue.key}/assignee`).at(-1)!.body)).to.deep.equal({ accountId: alice.accountId });
    });

    it('searches the assignable users and lists them when several match', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Who' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira assign ${issue.key} bo`)).to.equal('`bo` matches several Jira users; name one of them:\n* Bob Example (bob, bob@example.com)\n* Bobby Tables (bobby, bobby@example.com)');
      expect(issue.fields.assignee).to.equal(null);
      expect(await text(ALICE, `/jira assign ${issue.key} bob`)).to.match(/to Bob Example\.$/);
      expect(issue.fields.assignee).to.equal(bob.accountId);
    });

    it('assigns to a connected Parley user named with @', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'At' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira assign ${issue.key} @bob`)).to.match(/to Bob Example\.$/);
      expect(await text(ALICE, `/jira assign ${issue.key} @nobody`)).to.match(/^@nobody has not connected a Jira account/);
    });

    it('finds nobody outside the project’s assignable users', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Nobody' });
      const { text } = setUp();
      expect(await text(ALICE, `/jira assign ${issue.key} olga`)).to.equal(`No Jira user matching \`olga\` can be assigned ${issue.key}.`);
    });

    it('unassigns (both forms), and refuses an issue the user cannot see', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Free me', assignee: bob });
      const { text } = setUp();
      expect(await text(CAROL, `/jira unassign ${issue.key}`)).to.equal(`Jira has no issue ${issue.key}, or you may not see it.`);
      expect(issue.fields.assignee).to.equal(bob.accountId);
      expect(await text(ALICE, `/jira issue unassign ${issue.key}`)).to.equal(`[${issue.key}](${fake.url}/browse/${issue.key}) is now unassigned.`);
      expect(issue.fields.assignee).to.equal(null);
    });
  });

  describe('the card’s controls', () => {
    const click = (issueKey: string, extra: Record<string, unknown> = {}, context: Record<string, unknown> = {}) => ({
      user_id: ALICE,
      channel_id: CHANNEL,
      post_id: 'ephemeralpostephemeralpost',
      trigger_id: 'trigger-1',
      context: { issue_key: issueKey, instance_id: fake.url, ...context },
      ...extra,
    });

    it('moves the issue from the select and answers the refreshed card', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Select' });
      const { router } = setUp();
      const answer = jsonOf<{ update: { props: { attachments: SlackAttachment[] } }; ephemeral_text: string }>(await callRoute(router, '/api/v2/transition', ALICE, click(issue.key, {}, { selected_option: 'In Review' })));
      expect(issue.fields.status).to.equal('In Review');
      expect(answer.ephemeral_text).to.match(/to `In Review`\.$/);
      expect(answer.update.props.attachments[0]!.fields).to.deep.include({ title: 'Status', value: 'In Review', short: true });
    });

    it('answers a user who is not connected without touching the issue', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Not connected' });
      const { router } = setUp();
      const answer = jsonOf(await callRoute(router, '/api/v2/transition', 'strangerstrangerstrangerst', click(issue.key, {}, { selected_option: 'Done' })));
      expect(answer.ephemeral_text).to.match(/connect first/);
      expect(issue.fields.status).to.equal('To Do');
    });

    it('refuses a request without a session or with a malformed body', async () => {
      const { router } = setUp();
      expect((await callRoute(router, '/api/v2/transition', '', click('PROJ-1'))).status).to.equal(401);
      expect((await callRoute(router, '/api/v2/transition', ALICE, '[1]')).status).to.equal(400);
      expect((await callRoute(router, '/api/v2/transition', ALICE, click('not a key', {}, { selected_option: 'Done' }))).status).to.equal(400);
    });

    it('opens the Assign dialog and assigns on its submission, refreshing the card', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Assign button' });
      const { router, record } = setUp();
      expect((await callRoute(router, '/api/v2/assign-issue', ALICE, click(issue.key))).status).to.equal(200);
      const { url, dialog, triggerId } = record.dialogs.at(-1)!;
      expect(triggerId).to.equal('trigger-1');
      expect(url).to.equal('/plugins/jira/api/v2/assign-issue/submit');
      const submit = (assignee: string) => callRoute(router, '/api/v2/assign-issue/submit', ALICE, { type: 'dialog_submission', state: dialog.state, submission: { assignee }, channel_id: CHANNEL, cancelled: false });
      expect(jsonOf(await submit('bo'))).to.have.nested.property('errors.assignee').that.matches(/matches several Jira users/);
      expect(jsonOf(await submit('bobby'))).to.deep.equal({});
      expect(issue.fields.assignee).to.equal(fake.userByName('bobby')!.accountId);
      expect(record.ephemeralUpdates.at(-1)!.post.id).to.equal('ephemeralpostephemeralpost');
      expect(record.ephemerals.at(-1)!.post.message).to.match(/to Bobby Tables\.$/);
    });

    it('shares the card without controls in the channel as the user and removes the ephemeral one', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'Share me' });
      const { router, record } = setUp();
      expect(jsonOf(await callRoute(router, '/api/v2/share-issue-publicly', ALICE, click(issue.key)))).to.deep.equal({});
      const shared = record.created.at(-1)!;
      expect(shared.user_id).to.equal(ALICE);
      expect(shared.channel_id).to.equal(CHANNEL);
      const card = (shared.props!.attachments as SlackAttachment[])[0]!;
      expect(card.title).to.equal(`${issue.key}: Share me`);
      expect(card.actions).to.equal(undefined);
      expect(record.ephemeralDeletes).to.deep.equal([{ userId: ALICE, postId: 'ephemeralpostephemeralpost' }]);
    });

    it('does not share in a channel the user may not post in', async () => {
      const issue = jira.addIssue('PROJ', { summary: 'No posting' });
      const { api, record } = apiDouble({ hasPermission: () => false });
      const ctx = new TestIssuesContext(api, fake, [serverInstance(fake)]);
      ctx.connect(ALICE, alice);
      const router = createRouter();
      addCardActionRoutes(router, ctx);
      expect(jsonOf(await callRoute(router, '/api/v2/share-issue-publicly', ALICE, click(issue.key))).ephemeral_text).to.match(/cannot post in this channel/);
      expect(record.created).to.have.length(0);
    });
  });
});

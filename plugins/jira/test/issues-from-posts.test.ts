// The post menu's "Create Jira issue" and "Attach to Jira issue" against a fake Jira over HTTP:
// the dialogs they open from a message, the comment and the thread reply, who may use them, and
// EnableJiraUI turning them off.
import { expect } from 'chai';
import { createRouter, type Dialog, type Post } from '@parley/plugin-api';
import { addCreateIssueRoutes } from '../src/issues/create-command.ts';
import { addPostActionRoutes } from '../src/issues-from-posts/post-actions.ts';
import { FakeJira, type FakeJiraUser } from './helpers/fake-jira.ts';
import { installIssueRoutes, type FakeJiraIssues } from './helpers/fake-jira-issues.ts';
import { apiDouble, callRoute, jsonOf, serverInstance, TestIssuesContext } from './helpers/issues-doubles.ts';

const ALICE = 'aliceparleyuseraliceparley';
const CAROL = 'carolparleyusercarolparley';
const CHANNEL = 'channelchannelchannelchann';
const SECRET_CHANNEL = 'secretchannelsecretchannel';
const ROOT = 'rootpostrootpostrootpostro';

function post(id: string, message: string, options: Partial<Post> = {}): Post {
  return { id, message, channel_id: CHANNEL, user_id: ALICE, root_id: '', type: '', props: {}, create_at: 1, update_at: 1, edit_at: 0, delete_at: 0, is_pinned: false, original_id: '', hashtags: '', file_ids: [], pending_post_id: '', ...options };
}

describe('jira issues from posts', () => {
  let fake: FakeJira;
  let jira: FakeJiraIssues;
  let alice: FakeJiraUser;
  const posts = new Map<string, Post>();
  const MESSAGE = 'messagemessagemessagemessa';
  const REPLY = 'replyreplyreplyreplyreplyr';
  const HIDDEN = 'hiddenhiddenhiddenhiddenhi';

  before(async () => {
    fake = await FakeJira.start();
    jira = installIssueRoutes(fake);
    alice = fake.addUser('alice');
    fake.addUser('carol');
    jira.addProject('WEB', { browsers: [alice] });
    posts.set(MESSAGE, post(MESSAGE, 'The checkout page\nthrows on submit'));
    posts.set(REPLY, post(REPLY, 'Also on mobile', { root_id: ROOT }));
    posts.set(HIDDEN, post(HIDDEN, 'private', { channel_id: SECRET_CHANNEL }));
  });
  after(() => fake?.close());

  function setUp(settings: Record<string, unknown> = {}) {
    const { api, record } = apiDouble({ posts, settings, usernames: { alice: ALICE }, hasPermission: (_user, _permission, scope) => scope?.channel_id !== SECRET_CHANNEL });
    const ctx = new TestIssuesContext(api, fake, [serverInstance(fake)]);
    ctx.connect(ALICE, alice);
    ctx.connect(CAROL, fake.userByName('carol')!);
    const router = createRouter();
    addCreateIssueRoutes(router, ctx);
    addPostActionRoutes(router, ctx);
    const use = (path: string, userId: string, postId: string) => callRoute(router, path, userId, { user_id: userId, channel_id: CHANNEL, team_id: 'team', post_id: postId, trigger_id: 'trigger', surface_id: 'x' });
    const submit = (userId: string, url: string, dialog: Dialog, submission: Record<string, unknown>) =>
      callRoute(router, url.replace('/plugins/jira', ''), userId, { type: 'dialog_submission', state: dialog.state, user_id: userId, channel_id: CHANNEL, submission, cancelled: false });
    return { record, use, submit };
  }

  const permalink = (id: string) => `_From a [message by @alice in Parley|https://parley.example.com/the-team/pl/${id}]._`;

  it('opens the create dialog with the message and a link back as the description, and replies in its thread', async () => {
    const { record, use, submit } = setUp();
    expect(jsonOf(await use('/ui/create-issue', ALICE, MESSAGE))).to.deep.equal({});
    const { dialog, url } = record.dialogs.at(-1)!;
    expect(dialog.elements!.find((element) => element.name === 'description')!.default).to.equal(`The checkout page\nthrows on submit\n\n${permalink(MESSAGE)}`);
    expect(jsonOf(await submit(ALICE, url, dialog, { project: 'WEB', issue_type: 'Task', summary: 'Checkout throws', description: 'x' }))).to.deep.equal({});
    const reply = record.created.at(-1)!;
    expect(reply.root_id).to.equal(MESSAGE);
    expect(reply.user_id).to.equal(ALICE);
    expect(reply.message).to.match(/^Created a Jira issue: \[WEB-\d+: Checkout throws\]/);
  });

  it('attaches the message as a comment with its link and says so in the thread of a reply', async () => {
    const issue = jira.addIssue('WEB', { summary: 'Mobile bugs' });
    const { record, use, submit } = setUp();
    expect(jsonOf(await use('/ui/attach-comment', ALICE, REPLY))).to.deep.equal({});
    const { dialog, url } = record.dialogs.at(-1)!;
    expect(url).to.equal('/plugins/jira/ui/attach-comment/submit');
    expect(dialog.elements!.find((element) => element.name === 'recent')!.options!.map((option) => option.value)).to.include(issue.key);
    const comment = dialog.elements!.find((element) => element.name === 'comment')!.default!;
    expect(comment).to.equal(`Also on mobile\n\n${permalink(REPLY)}`);
    expect(jsonOf(await submit(ALICE, url, dialog, { recent: issue.key, comment }))).to.deep.equal({});
    expect(issue.comments.map((added) => [added.body, added.author])).to.deep.equal([[comment, alice.accountId]]);
    const reply = record.created.at(-1)!;
    expect(reply.root_id).to.equal(ROOT);
    expect(reply.message).to.equal(`Attached this message to [${issue.key}](${fake.url}/browse/${issue.key}).`);
  });

  it('keeps the attach dialog open for a missing, malformed or hidden issue', async () => {
    const issue = jira.addIssue('WEB', { summary: 'Hidden from carol' });
    const { record, use, submit } = setUp();
    await use('/ui/attach-comment', CAROL, MESSAGE);
    const { dialog, url } = record.dialogs.at(-1)!;
    expect(dialog.elements!.some((element) => element.name === 'recent')).to.equal(false);
    expect(jsonOf(await submit(CAROL, url, dialog, { comment: 'x' }))).to.deep.equal({ errors: { issue: 'Type the issue key, or pick a recent issue.' } });
    expect(jsonOf(await submit(CAROL, url, dialog, { issue: 'nope', comment: 'x' }))).to.have.nested.property('errors.issue').that.matches(/is not an issue key/);
    expect(jsonOf(await submit(CAROL, url, dialog, { issue: issue.key, comment: 'x' }))).to.deep.equal({ errors: { issue: `Jira has no issue ${issue.key}, or you may not see it.` } });
    expect(issue.comments).to.have.length(0);
  });

  it('answers 404 for a message in a channel the user cannot read, and 400 for a malformed post id', async () => {
    const { use } = setUp();
    expect((await use('/ui/create-issue', ALICE, HIDDEN)).status).to.equal(404);
    expect((await use('/ui/attach-comment', ALICE, 'unknownunknownunknownunkno')).status).to.equal(404);
    expect((await use('/ui/attach-comment', ALICE, '../x')).status).to.equal(400);
  });

  it('refuses an attach submission naming a message the user cannot read', async () => {
    const { record, use, submit } = setUp();
    await use('/ui/attach-comment', ALICE, MESSAGE);
    const { dialog, url } = record.dialogs.at(-1)!;
    const forged = { ...dialog, state: JSON.stringify({ ...JSON.parse(dialog.state!), post_id: HIDDEN }) };
    expect((await submit(ALICE, url, forged, { issue: 'WEB-1', comment: 'x' })).status).to.equal(404);
  });

  it('tells a user who has not connected to connect first', async () => {
    const { use } = setUp();
    expect(jsonOf(await use('/ui/create-issue', 'strangerstrangerstrangerst', MESSAGE)).ephemeral_text).to.match(/connect first/);
  });

  it('refuses both while EnableJiraUI is off', async () => {
    const { record, use } = setUp({ EnableJiraUI: false });
    expect(jsonOf(await use('/ui/create-issue', ALICE, MESSAGE)).ephemeral_text).to.equal('Creating Jira issues and attaching messages to them from chat is turned off on this server.');
    expect(jsonOf(await use('/ui/attach-comment', ALICE, MESSAGE)).ephemeral_text).to.match(/turned off/);
    expect(record.dialogs).to.have.length(0);
  });
});

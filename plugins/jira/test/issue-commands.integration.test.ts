// The issue features through a real server and the real jira bundle, as Mattermost's clients use
// them: users connected to a fake Jira Server with personal access tokens (`/jira instance install
// server <url> --auth pat`, then `/jira connect <url>` and its token dialog), `/jira view` and the
// card's controls (ephemeral actions clicked with their cookie), `/jira transition|assign|create`,
// the post menu's create and attach, and the preview of a posted issue key.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually, RawSocket, type WireEvent } from '../../../test/helpers/ws-client.ts';
import { FakeJira, type FakeJiraUser } from './helpers/fake-jira.ts';
import { installIssueRoutes, type FakeJiraIssues } from './helpers/fake-jira-issues.ts';
import { startServerWithJira } from './helpers/jira-server.ts';

interface OpenedDialog {
  url: string;
  dialog: { callback_id: string; state: string; elements: Array<{ name: string; default?: string; options?: Array<{ value: string }> }> };
}

interface CardAction {
  id: string;
  name: string;
  type?: string;
  cookie?: string;
}

// Skipped on this branch alone: it needs the jira-connect branch (`/jira instance install server
// --auth pat`, `/jira connect` with its token dialog, and JiraClient without URLSearchParams, which
// the sandbox lacks). Passes on the two merged; remove `.skip` when merging.
describe('jira issue commands through the server', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let fake: FakeJira;
  let jira: FakeJiraIssues;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let aliceJira: FakeJiraUser;
  let team: Team;
  let channel: Channel;
  let socket: RawSocket;

  const run = async (who: LoggedIn, line: string) => (await who.client.executeCommand(line, { channel_id: channel.id, team_id: team.id } as never)).text ?? '';
  /** The next `event` frame received after this call (frames received before are skipped). */
  const nextEvent = (ws: RawSocket, event: string) => {
    const from = ws.frames.length;
    return ws.waitFor((frame) => ws.frames.indexOf(frame) >= from && (frame as WireEvent).event === event) as Promise<WireEvent>;
  };
  const nextDialog = (ws: RawSocket) => nextEvent(ws, 'open_dialog');
  const dialogOf = async (event: Promise<WireEvent>) => JSON.parse((await event).data.dialog as string) as OpenedDialog;
  const nextEphemeral = (ws: RawSocket) => nextEvent(ws, 'ephemeral_message');
  const submit = (who: LoggedIn, opened: OpenedDialog, submission: Record<string, unknown>) =>
    who.client.submitInteractiveDialog({ url: opened.url, callback_id: opened.dialog.callback_id, state: opened.dialog.state, submission, channel_id: channel.id, team_id: team.id, user_id: who.user.id, cancelled: false } as never);

  /** Connects the Parley user with a personal access token of the Jira user, through the connect dialog. */
  async function connectWithToken(who: LoggedIn, jiraUser: FakeJiraUser): Promise<void> {
    const ws = await RawSocket.authenticated(ts, who.client.getToken());
    try {
      const opened = nextDialog(ws);
      await run(who, `/jira connect ${fake.url}`);
      const dialog = await dialogOf(opened);
      expect(await submit(who, dialog, { token: fake.issueBearerToken(jiraUser) })).to.deep.equal({});
    } finally {
      ws.close();
    }
  }

  before(async () => {
    fake = await FakeJira.start();
    jira = installIssueRoutes(fake);
    aliceJira = fake.addUser('alice');
    const bobJira = fake.addUser('bob');
    jira.addProject('WEB', { name: 'Website' });
    jira.addProject('OPS', { name: 'Operations', issueTypes: [{ name: 'Incident', fields: [{ fieldId: 'labels', name: 'Labels', required: true, schema: { type: 'array', items: 'string', system: 'labels' } }] }] });
    ({ ts, admin } = await startServerWithJira());
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    expect(await run(admin, `/jira instance install server ${fake.url} --auth pat`)).to.not.match(/unknown command/i);
    await connectWithToken(alice, aliceJira);
    await connectWithToken(bob, bobJira);
    socket = await RawSocket.authenticated(ts, alice.client.getToken());
  });
  after(async () => {
    socket?.close();
    await ts?.close();
    await fake?.close();
  });

  it('shows /jira view as an ephemeral card whose select moves the issue and whose share posts it', async () => {
    const issue = jira.addIssue('WEB', { summary: 'Card from the server' });
    const shown = nextEphemeral(socket);
    expect(await run(alice, `/jira view ${issue.key}`)).to.equal('');
    const card = JSON.parse((await shown).data.post as string) as Post;
    const attachment = (card.props.attachments as Array<{ title: string; actions: CardAction[] }>)[0]!;
    expect(attachment.title).to.equal(`${issue.key}: Card from the server`);
    const select = attachment.actions.find((action) => action.type === 'select')!;
    const answer = await alice.client.doPostActionWithCookie(card.id, select.id, select.cookie ?? '', 'Done');
    expect(answer.status).to.equal('OK');
    expect(issue.fields.status).to.equal('Done');

    const again = nextEphemeral(socket);
    await run(alice, `/jira view ${issue.key}`);
    const second = JSON.parse((await again).data.post as string) as Post;
    const share = (second.props.attachments as Array<{ actions: CardAction[] }>)[0]!.actions.find((action) => action.name === 'Share publicly')!;
    await alice.client.doPostActionWithCookie(second.id, share.id, share.cookie ?? '');
    await eventually(async () => {
      const list = await bob.client.getPosts(channel.id, 0, 1);
      const shared = list.posts[list.order[0]!]!;
      expect(shared.user_id).to.equal(alice.user.id);
      expect((shared.props.attachments as Array<{ title: string }>)[0]!.title).to.equal(`${issue.key}: Card from the server`);
    });
  });

  it('transitions, assigns and unassigns from commands', async () => {
    const issue = jira.addIssue('WEB', { summary: 'Commands' });
    expect(await run(alice, `/jira transition ${issue.key} in`)).to.match(/could mean `In Progress`, `In Review`/);
    expect(await run(alice, `/jira issue transition ${issue.key} in progress`)).to.match(/to `In Progress`\.$/);
    expect(await run(alice, `/jira assign ${issue.key} @${bob.user.username}`)).to.match(/to Bob Example\.$/);
    expect(issue.fields.assignee).to.equal(fake.userByName('bob')!.accountId);
    expect(await run(alice, `/jira unassign ${issue.key}`)).to.match(/is now unassigned\.$/);
  });

  it('creates an issue from /jira create and announces it in the channel', async () => {
    const opened = nextDialog(socket);
    await run(alice, '/jira create The search is slow');
    const dialog = await dialogOf(opened);
    expect(dialog.dialog.elements.find((element) => element.name === 'description')!.default).to.equal('The search is slow');
    expect(await submit(alice, dialog, { project: 'WEB', issue_type: 'Task', summary: 'Slow search', description: 'The search is slow' })).to.deep.equal({});
    const created = [...jira.issues.values()].find((issue) => issue.fields.summary === 'Slow search')!;
    await eventually(async () => {
      const list = await bob.client.getPosts(channel.id, 0, 1);
      expect(list.posts[list.order[0]!]!.message).to.equal(`Created a Jira issue: [${created.key}: Slow search](${fake.url}/browse/${created.key})`);
    });
  });

  it('asks a project’s required fields in a second dialog opened from an ephemeral button', async () => {
    const opened = nextDialog(socket);
    await run(alice, '/jira create --project OPS');
    const first = await dialogOf(opened);
    const prompt = nextEphemeral(socket);
    expect(await submit(alice, first, { project: 'OPS', issue_type: 'Incident', summary: 'Pager storm' })).to.deep.equal({});
    const shown = JSON.parse((await prompt).data.post as string) as Post;
    expect(shown.message).to.equal('For a new Incident in OPS, Jira also needs: Labels.');
    const button = (shown.props.attachments as Array<{ actions: CardAction[] }>)[0]!.actions[0]!;
    const secondOpened = nextDialog(socket);
    await alice.client.doPostActionWithCookie(shown.id, button.id, button.cookie ?? '');
    const second = await dialogOf(secondOpened);
    expect(second.dialog.elements.map((element) => element.name)).to.deep.equal(['labels']);
    expect(await submit(alice, second, { labels: 'pager night' })).to.deep.equal({});
    const created = [...jira.issues.values()].find((issue) => issue.fields.summary === 'Pager storm')!;
    expect(created.fields.labels).to.deep.equal(['pager', 'night']);
  });

  it('assigns from the card’s Assign button and its dialog', async () => {
    const issue = jira.addIssue('WEB', { summary: 'Assign from card' });
    const shown = nextEphemeral(socket);
    await run(alice, `/jira view ${issue.key}`);
    const card = JSON.parse((await shown).data.post as string) as Post;
    const assign = (card.props.attachments as Array<{ actions: CardAction[] }>)[0]!.actions.find((action) => action.name === 'Assign')!;
    const opened = nextDialog(socket);
    await alice.client.doPostActionWithCookie(card.id, assign.id, assign.cookie ?? '');
    const dialog = await dialogOf(opened);
    expect(await submit(alice, dialog, { assignee: 'me' })).to.deep.equal({});
    expect(issue.fields.assignee).to.equal(aliceJira.accountId);
  });

  it('attaches a message to an issue from the post menu', async () => {
    const issue = jira.addIssue('WEB', { summary: 'Attach here' });
    const post = await bob.client.createPost({ channel_id: channel.id, message: 'Seen again today' } as Post);
    const opened = nextDialog(socket);
    const used = await fetch(`${ts.url}/api/v4/plugins/jira/ui/attach-comment`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ post_id: post.id, channel_id: channel.id }),
    });
    expect(used.status).to.equal(200);
    const dialog = await dialogOf(opened);
    const comment = dialog.dialog.elements.find((element) => element.name === 'comment')!.default!;
    expect(comment).to.include(`/pl/${post.id}`);
    expect(await submit(alice, dialog, { issue: issue.key, comment })).to.deep.equal({});
    expect(issue.comments.map((added) => added.author)).to.deep.equal([aliceJira.accountId]);
  });

  it('previews an issue key in a posted message', async () => {
    const issue = jira.addIssue('WEB', { summary: 'Preview me' });
    const post = await alice.client.createPost({ channel_id: channel.id, message: `Looking at ${issue.key} now` } as Post);
    await eventually(async () => {
      const stored = await bob.client.getPost(post.id);
      expect((stored.props.attachments as Array<{ title: string }> | undefined)?.[0]?.title).to.equal(`${issue.key}: Preview me`);
      expect(stored.message).to.equal(`Looking at ${issue.key} now`);
    }, 10_000);
  });
});

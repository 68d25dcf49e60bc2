// The post menu's "Create GitHub issue" and "Attach to GitHub issue", with a real server, the real
// bundle and the fake GitHub: the surface opens a dialog filled in from the message, the submission
// creates the issue or comment with the user's own token; messages the user cannot read are refused.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { RawSocket, type WireEvent } from '../../../test/helpers/ws-client.ts';
import { connectThroughBrowser, FakeGitHub, startServerWithGitHub } from './helpers/fake-github.ts';

const ID = 'github';

interface OpenedDialog {
  url: string;
  dialog: { callback_id: string; state: string; elements: Array<{ name: string; default?: string }> };
}

describe('github plugin: issues and comments from messages', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let github: FakeGitHub;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let secret: Channel;
  let post: Post;
  let socket: RawSocket;
  const seenDialogs = new Set<string>();

  const use = (who: LoggedIn, surface: string, body: Record<string, unknown>, direct = false) =>
    fetch(direct ? `${ts.url}/plugins/${ID}/ui/${surface}` : `${ts.url}/api/v4/plugins/${ID}/ui/${surface}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${who.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const openDialog = async (surface: string): Promise<OpenedDialog> => {
    const opened = socket.waitFor((f) => (f as WireEvent).event === 'open_dialog' && !seenDialogs.has((f as WireEvent).data.dialog as string)) as Promise<WireEvent>;
    expect((await use(alice, surface, { post_id: post.id, channel_id: channel.id })).status).to.equal(200);
    const dialog = (await opened).data.dialog as string;
    seenDialogs.add(dialog);
    return JSON.parse(dialog) as OpenedDialog;
  };
  const submit = (who: LoggedIn, opened: OpenedDialog, submission: Record<string, unknown>, state = opened.dialog.state) =>
    who.client.submitInteractiveDialog({ url: opened.url, callback_id: opened.dialog.callback_id, state, submission, channel_id: channel.id, team_id: team.id, user_id: who.user.id, cancelled: false } as never);
  const ephemeral = () => socket.waitFor((f) => (f as WireEvent).event === 'ephemeral_message') as Promise<WireEvent>;

  before(async () => {
    github = await FakeGitHub.start();
    github.addUser('octocat');
    github.addRepo('octo/app');
    github.addIssue({ repo: 'octo/app', title: 'Existing', author: 'octocat' });
    ({ ts, admin } = await startServerWithGitHub(github));
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
    post = await alice.client.createPost({ channel_id: channel.id, message: 'The build crashes on start\nSee the log in the thread.' } as Post);
    expect((await connectThroughBrowser(github, ts.url, alice.client.getToken(), 'octocat')).status).to.equal(200);
    socket = await RawSocket.authenticated(ts, alice.client.getToken());
  });
  after(async () => {
    socket?.close();
    await ts?.close();
    await github?.close();
  });

  it('creates an issue from a message, titled by its first line, with a link back, and says so in the thread', async () => {
    const opened = await openDialog('create-issue');
    expect(opened.url).to.equal(`/plugins/${ID}/ui/create-issue/submit`);
    const byName = Object.fromEntries(opened.dialog.elements.map((e) => [e.name, e.default]));
    expect(byName.title).to.equal('The build crashes on start');
    expect(byName.body).to.include(`${ts.url}/${team.name}/pl/${post.id}`);
    const confirmed = ephemeral();
    expect(await submit(alice, opened, { repo: 'octo/app', title: 'Crash on start', body: byName.body })).to.deep.include({});
    const created = github.issues.find((i) => i.title === 'Crash on start')!;
    expect(created).to.include({ repo: 'octo/app', author: 'octocat' });
    expect(created.body).to.include('The build crashes on start');
    const shown = JSON.parse((await confirmed).data.post as string) as Post;
    expect(shown).to.include({ root_id: post.id, channel_id: channel.id });
    expect(shown.message).to.include(`[octo/app#${created.number}](${github.url}/octo/app/issues/${created.number})`);
  });

  it('keeps the dialog open with what to fix, and with GitHub\'s refusal', async () => {
    const opened = await openDialog('create-issue');
    const invalid = (await submit(alice, opened, { repo: 'not a repo', title: '' })) as { errors?: Record<string, string> };
    expect(invalid.errors).to.have.keys('repo', 'title');
    const refused = (await submit(alice, opened, { repo: 'octo/missing', title: 'x' })) as { error?: string };
    expect(refused.error).to.equal('Could not create an issue in octo/missing: GitHub found nothing there, or your account cannot see it.');
  });

  it('attaches a message as a comment on an issue named by reference or URL', async () => {
    const opened = await openDialog('attach-comment');
    await submit(alice, opened, { issue: 'octo/app#1', body: 'First' });
    await submit(alice, opened, { issue: `${github.url}/octo/app/issues/1`, body: 'Second' });
    expect(github.comments.filter((c) => c.issue === 1).map((c) => [c.body, c.author])).to.deep.equal([['First', 'octocat'], ['Second', 'octocat']]);
    expect(((await submit(alice, opened, { issue: 'octo/app', body: 'x' })) as { errors?: object }).errors).to.have.key('issue');
  });

  it('tells a user who is not connected how to connect', async () => {
    const bobSocket = await RawSocket.authenticated(ts, bob.client.getToken());
    try {
      const told = bobSocket.waitFor((f) => (f as WireEvent).event === 'ephemeral_message') as Promise<WireEvent>;
      expect((await use(bob, 'create-issue', { post_id: post.id, channel_id: channel.id })).status).to.equal(200);
      expect((JSON.parse((await told).data.post as string) as Post).message).to.match(/not connected to GitHub.*\/github connect/);
    } finally {
      bobSocket.close();
    }
  });

  it('refuses a message the user cannot read, also when the route is called directly or the state is forged', async () => {
    const hidden = await alice.client.createPost({ channel_id: secret.id, message: 'private plans' } as Post);
    expect((await use(bob, 'create-issue', { post_id: hidden.id, channel_id: secret.id })).status).to.equal(403);
    expect((await use(bob, 'create-issue', { post_id: hidden.id, trigger_id: 'x' }, true)).status).to.equal(404);
    expect((await use(bob, 'create-issue', { post_id: 'nonsense' }, true)).status).to.equal(400);
    // bob connects too, then replays alice's dialog with the hidden message as its state.
    github.addUser('hubot');
    await connectThroughBrowser(github, ts.url, bob.client.getToken(), 'hubot');
    const opened = await openDialog('create-issue');
    const before = github.issues.length;
    // The plugin answers 404; the server reports a failed submission to the client as a 400.
    const forged = await submit(bob, opened, { repo: 'octo/app', title: 'stolen' }, hidden.id).catch((err: { status_code?: number }) => err);
    expect((forged as { status_code?: number }).status_code).to.be.within(400, 404);
    expect(github.issues.length).to.equal(before);
  });
});

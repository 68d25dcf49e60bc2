// Personal notifications end to end: users connected to a fake Jira Data Center with personal access
// tokens (the connect module's dialog), Jira's webhook deliveries POSTed as Jira sends them, and the
// jira bot's direct messages read back with each user's own Client4.
// It needs the connect module (`/jira instance install`, `/jira connect` with a PAT) of the
// jira-connect branch: it passes once both branches are merged.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { RawSocket } from '../../../test/helpers/ws-client.ts';
import { FakeJira, type FakeJiraUser } from './helpers/fake-jira.ts';
import { installWatcherRoutes, type WatchedIssues } from './helpers/fake-jira-watchers.ts';
import { commentEvent, issueAssigned, mentionOf, type IssueSpec } from './helpers/jira-payloads.ts';
import { startServerWithJira, WEBHOOK_SECRET } from './helpers/jira-server.ts';

describe('jira personal notifications through a real server', function () {
  this.timeout(90_000);
  let ts: TestServer;
  let fake: FakeJira;
  let issues: WatchedIssues;
  let admin: LoggedIn;
  let team: Team;
  let channel: Channel;
  const people: Record<string, { jira: FakeJiraUser; parley: LoggedIn }> = {};
  const sockets: RawSocket[] = [];

  const run = async (who: LoggedIn, line: string) => (await who.client.executeCommand(line, { channel_id: channel.id, team_id: team.id } as never)).text ?? '';
  const deliver = (payload: unknown) => fetch(`${ts.url}/plugins/jira/api/v2/webhook?secret=${WEBHOOK_SECRET}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
  /** Posts of the connect module (its welcome message) that the DMs below leave out. */
  const connectPosts = new Set<string>();
  /** The jira bot's direct messages to `who`, oldest first, since they connected. */
  const dms = async (who: LoggedIn): Promise<Post[]> => {
    const bot = await admin.client.getUserByUsername('jira');
    const direct = await who.client.createDirectChannel([who.user.id, bot.id]);
    const list = await who.client.getPosts(direct.id, 0, 50);
    return list.order.map((id) => list.posts[id]!).filter((post) => !connectPosts.has(post.id)).reverse();
  };
  const spec = (key: string, extra: Partial<IssueSpec> = {}): IssueSpec => ({ flavor: 'server', site: fake.url, actor: people.ada!.jira, reporter: people.bob!.jira, key, ...extra });

  before(async () => {
    fake = await FakeJira.start();
    issues = installWatcherRoutes(fake);
    ({ ts, admin } = await startServerWithJira());
    team = await createTeamWith(admin.client, []);
    channel = await createChannelWith(admin.client, team, []);
    expect(await run(admin, `/jira instance install server ${fake.url} --auth pat`), 'the connect module (jira-connect branch) must be merged').to.contain('personal access token');
    for (const name of ['ada', 'bob', 'cy', 'dee']) {
      const parley = await createUser(ts, admin.client);
      await admin.client.addToTeam(team.id, parley.user.id);
      await admin.client.addToChannel(parley.user.id, channel.id);
      const jira = fake.addUser(`dc-${name}`);
      const socket = await RawSocket.authenticated(ts, parley.client.getToken());
      sockets.push(socket);
      const opened = socket.waitForEvent('open_dialog');
      await run(parley, `/jira connect ${fake.url}`);
      const dialog = JSON.parse((await opened).data.dialog as string) as { url: string; dialog: { callback_id: string; state?: string } };
      const answer = await parley.client.submitInteractiveDialog({ url: dialog.url, callback_id: dialog.dialog.callback_id, state: dialog.dialog.state ?? '', submission: { token: fake.issueBearerToken(jira) }, channel_id: channel.id, team_id: team.id, user_id: parley.user.id, cancelled: false } as never);
      expect(answer, name).to.deep.equal({});
      people[name] = { jira, parley };
      for (const post of await dms(parley)) connectPosts.add(post.id);
    }
  });
  after(async () => {
    for (const socket of sockets) await socket.close();
    await ts?.close();
    await fake?.close();
  });

  it('tells the new assignee and the reporter of an assignment, not the person who made it', async () => {
    const response = await deliver(issueAssigned(spec('PROJ-1', { assignee: people.cy!.jira })));
    expect(await response.json()).to.include({ status: 'OK', notified: 2 });
    expect((await dms(people.cy!.parley)).map((post) => post.message)).to.deep.equal([`Dc-ada Example assigned [PROJ-1: Login page rejects valid passwords](${fake.url}/browse/PROJ-1) to you`]);
    expect((await dms(people.bob!.parley))[0]!.message).to.contain('_You reported this bug._');
    expect(await dms(people.ada!.parley)).to.deep.equal([]);
  });

  it('tells the mentioned, the assignee, the reporter and the watchers of a new comment, each once', async () => {
    issues.watchers.set('PROJ-2', ['dc-dee', 'dc-bob', 'dc-ada']);
    const before = { bob: (await dms(people.bob!.parley)).length, cy: (await dms(people.cy!.parley)).length };
    await deliver(commentEvent(spec('PROJ-2', { assignee: people.cy!.jira }), 'created', `Could you check, ${mentionOf('server', people.cy!.jira)}?`));
    const cy = (await dms(people.cy!.parley)).slice(before.cy);
    expect(cy.map((post) => post.message)).to.have.length(1);
    expect(cy[0]!.message).to.contain('mentioned you in a comment on [PROJ-2').and.contain('> Could you check');
    const bob = (await dms(people.bob!.parley)).slice(before.bob);
    expect(bob.map((post) => post.message)).to.have.length(1);
    expect(bob[0]!.message).to.contain('_You reported this bug._');
    const dee = await dms(people.dee!.parley);
    expect(dee.map((post) => post.message)).to.have.length(1);
    expect(dee[0]!.message).to.contain('_You are watching this issue._');
    expect(await dms(people.ada!.parley)).to.deep.equal([]);
  });

  it('respects a role switched off and an issue the user cannot read in Jira', async () => {
    expect(await run(people.cy!.parley, '/jira instance settings notifications assignee off')).to.match(/off/);
    const before = (await dms(people.cy!.parley)).length;
    await deliver(issueAssigned(spec('PROJ-3', { assignee: people.cy!.jira })));
    expect(await dms(people.cy!.parley)).to.have.length(before);
    issues.readers.set('PROJ-4', ['dc-ada']);
    const bobBefore = (await dms(people.bob!.parley)).length;
    await deliver(issueAssigned(spec('PROJ-4', { assignee: people.dee!.jira })));
    expect(await dms(people.bob!.parley), 'bob cannot read PROJ-4').to.have.length(bobBefore);
    expect(await dms(people.dee!.parley), 'dee cannot read PROJ-4').to.have.length(1);
  });
});

// `/github todo` and the daily reminder, with a real server, the real bundle and the fake GitHub:
// what is listed (with each user's own token), how a GitHub failure reads, and who is reminded.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { connectThroughBrowser, FakeGitHub, messagesFromBot, startServerWithGitHub } from './helpers/fake-github.ts';

const ID = 'github';
const REMINDER_JOB = 'daily-todo-reminder';

describe('github plugin: to-dos', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let github: FakeGitHub;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let channel: Channel;

  const run = async (who: LoggedIn, command: string) => (await who.client.executeCommand(command, { channel_id: channel.id, team_id: team.id } as never)).text ?? '';
  const botMessages = async (who: LoggedIn) => (await messagesFromBot(who)).map((post) => post.message);
  /** Makes the daily job due now; the scheduler runs it within its poll. */
  const runReminderJob = () => ts.store.pluginJobs.upsert(ID, REMINDER_JOB, 'null', Date.now() - 1, 86_400_000, Date.now(), 100);

  before(async () => {
    github = await FakeGitHub.start();
    for (const login of ['octocat', 'hubot', 'monalisa']) github.addUser(login);
    github.addRepo('octo/app');
    github.addRepo('octo/hidden', { private: true, collaborators: ['hubot'] });
    github.addIssue({ repo: 'octo/app', title: 'Faster builds', author: 'hubot', pull_request: true, requested_reviewers: ['octocat'] });
    github.addIssue({ repo: 'octo/app', title: 'Crash on start', author: 'hubot', assignees: ['octocat'] });
    github.addIssue({ repo: 'octo/app', title: 'Closed one', author: 'hubot', assignees: ['octocat'], state: 'closed' });
    github.addIssue({ repo: 'octo/app', title: 'My feature', author: 'octocat', pull_request: true });
    github.addIssue({ repo: 'octo/hidden', title: 'Secret work', author: 'hubot', assignees: ['octocat', 'hubot'] });
    github.addNotification({ login: 'octocat', reason: 'review_requested', repo: 'octo/app', title: 'Faster builds', type: 'PullRequest', number: 1 });
    github.addNotification({ login: 'octocat', reason: 'mention', repo: 'octo/app', title: 'Old news', type: 'Issue', number: 2, unread: false });
    ({ ts, admin } = await startServerWithGitHub(github));
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, carol.user.id]);
    for (const [who, login] of [[alice, 'octocat'], [bob, 'hubot'], [carol, 'monalisa']] as const) {
      expect((await connectThroughBrowser(github, ts.url, who.client.getToken(), login)).status).to.equal(200);
    }
  });
  after(async () => {
    await ts?.close();
    await github?.close();
  });

  it('lists review requests, open assignments, your open pull requests and unread notifications, with links', async () => {
    const text = await run(alice, '/github todo');
    expect(text).to.include(`##### Review requests (1)\n* octo/app [#1 Faster builds](${github.url}/octo/app/pull/1)`);
    expect(text).to.include(`##### Assigned to you (1)\n* octo/app [#2 Crash on start](${github.url}/octo/app/issues/2)`);
    expect(text).to.include(`##### Your open pull requests (1)\n* octo/app [#4 My feature](${github.url}/octo/app/pull/4)`);
    expect(text).to.include(`##### Unread notifications (1)\n* octo/app [Faster builds](${github.url}/octo/app/pull/1) — review requested`);
    // Not what octocat's token cannot see, nor what is closed or read.
    expect(text).to.not.include('Secret work');
    expect(text).to.not.include('Closed one');
    expect(text).to.not.include('Old news');
  });

  it('lists what each user\'s own token sees', async () => {
    const text = await run(bob, '/github todo');
    expect(text).to.include('##### Assigned to you (1)\n* octo/hidden [#1 Secret work]');
    expect(text).to.include('##### Review requests\nNo pull requests are waiting for your review.');
    expect(text).to.include('##### Unread notifications\nYou have no unread notifications.');
  });

  it('says what went wrong when GitHub refuses', async () => {
    github.rateRemaining = 0;
    try {
      expect(await run(alice, '/github todo')).to.match(/GitHub's rate limit is reached; try again in \d+ minute/);
    } finally {
      github.rateRemaining = 5000;
    }
  });

  it('schedules one daily reminder job for everyone', async () => {
    const jobs = await ts.store.pluginJobs.list(ID);
    expect(jobs.map((job) => [job.key, job.intervalMs])).to.deep.equal([[REMINDER_JOB, 86_400_000]]);
  });

  it('reminds, once a day, those with something to do who did not turn reminders off', async () => {
    expect(await run(bob, '/github settings reminders off')).to.equal('The daily reminder of your to-dos: **off**.');
    const welcomeOnly = (await botMessages(alice)).length;
    await runReminderJob();
    await eventually(async () => expect(await botMessages(alice)).to.have.length(welcomeOnly + 1), 15_000);
    const [latest] = await botMessages(alice);
    expect(latest).to.match(/^#### Your GitHub to-dos for today\n##### Review requests \(1\)/);
    expect(latest).to.include('/github settings reminders off');
    // bob turned it off; carol (monalisa) has nothing to do.
    expect(await botMessages(bob)).to.have.length(1);
    expect(await botMessages(carol)).to.have.length(1);
    // Run again at once: nobody hears twice in a day.
    await runReminderJob();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await botMessages(alice)).to.have.length(welcomeOnly + 1);
  });
});

// The to-do view: the app bar's "GitHub to-dos" opens the plugin's sandboxed page in the chat's
// right-hand panel (Debian's chromium), which reads GET /plugins/github/todo through the view bridge
// as the signed-in user; the route itself is also checked over HTTP.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, PASSWORD, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { launchBrowser, openPage, submitLogin } from '../../../test/helpers/browser.ts';
import { connectThroughBrowser, FakeGitHub, startServerWithGitHub } from './helpers/fake-github.ts';

interface Section {
  count: number;
  more: boolean;
  items: Array<{ repository: string; title: string; url: string; detail: string }>;
}

describe('github to-do view', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let github: FakeGitHub;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let browser: Browser;

  before(async () => {
    github = await FakeGitHub.start();
    for (const login of ['octocat', 'hubot']) github.addUser(login);
    github.addRepo('octo/app');
    github.addIssue({ repo: 'octo/app', title: 'Add the cache', author: 'hubot', pull_request: true, requested_reviewers: ['octocat'] });
    github.addIssue({ repo: 'octo/app', title: 'Crash on start', author: 'hubot', assignees: ['octocat'] });
    github.addIssue({ repo: 'octo/app', title: 'Fix the build', author: 'octocat', pull_request: true });
    github.addNotification({ login: 'octocat', reason: 'team_mention', repo: 'octo/app', title: 'Release plan', type: 'Issue', number: 2 });
    let admin;
    ({ ts, admin } = await startServerWithGitHub(github));
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    expect((await connectThroughBrowser(github, ts.url, alice.client.getToken(), 'octocat')).status).to.equal(200);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
    await github?.close();
  });

  const todoOf = (token?: string) => fetch(`${ts.url}/plugins/github/todo`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('answers a connected user’s to-dos as JSON, read with their own token', async () => {
    const response = await todoOf(alice.client.getToken());
    expect(response.status).to.equal(200);
    const body = (await response.json()) as Record<string, Section | string | boolean>;
    expect(body).to.deep.include({ connected: true, github_login: 'octocat' });
    const first = (key: string) => (body[key] as Section).items[0];
    expect(body.review_requests).to.deep.equal({ count: 1, more: false, items: [{ repository: 'octo/app', title: '#1 Add the cache', url: `${github.url}/octo/app/pull/1`, detail: '' }] });
    expect(first('assignments')).to.include({ title: '#2 Crash on start', url: `${github.url}/octo/app/issues/2` });
    expect(first('open_pull_requests')).to.include({ title: '#3 Fix the build' });
    expect(first('unread_notifications')).to.deep.equal({ repository: 'octo/app', title: 'Release plan', url: `${github.url}/octo/app/issues/2`, detail: 'team mention' });
    expect(new Set(github.apiCalls('/search/issues').map((call) => call.login))).to.deep.equal(new Set(['octocat']));
  });

  it('tells someone not connected to connect, and refuses a request without a session', async () => {
    expect(await (await todoOf(bob.client.getToken())).json()).to.deep.equal({ connected: false, message: 'You are not connected to GitHub. Connect your account with `/github connect`.' });
    expect((await todoOf()).status).to.equal(401);
  });

  async function openTodo(who: LoggedIn): Promise<Page> {
    const page = await openPage(browser, ts, `/${team.name}/channels/town-square`);
    await submitLogin(page, who.user.username, PASSWORD);
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'GitHub to-dos' }).click();
    return page;
  }

  it('lists the to-dos with counts and links in the right-hand panel, opened from the app bar', async () => {
    const page = await openTodo(alice);
    try {
      const view = page.frameLocator('aside iframe.plugin-view');
      const reviews = view.locator('section[data-section="review_requests"]');
      await reviews.waitFor();
      expect(await reviews.locator('h2').textContent()).to.equal('Review requests1');
      const link = reviews.getByRole('link', { name: '#1 Add the cache' });
      expect(await link.getAttribute('href')).to.equal(`${github.url}/octo/app/pull/1`);
      expect(await link.getAttribute('target')).to.equal('_blank');
      expect(await view.locator('section[data-section="assignments"]').textContent()).to.include('#2 Crash on start');
      expect(await view.locator('section[data-section="open_pull_requests"]').textContent()).to.include('#3 Fix the build');
      expect(await view.locator('section[data-section="unread_notifications"]').textContent()).to.include('Release plan').and.include('team mention');
    } finally {
      await page.context().close();
    }
  });

  it('asks a user who is not connected to run /github connect', async () => {
    const page = await openTodo(bob);
    try {
      const hint = page.frameLocator('aside iframe.plugin-view').locator('.not-connected');
      await hint.waitFor();
      expect(await hint.textContent()).to.equal('Your account is not connected to GitHub. Run /github connect in any channel, then open this panel again.');
    } finally {
      await page.context().close();
    }
  });
});

import { expect } from 'chai';
import type { PluginAPI } from '@parley/plugin-api';
import { GitHubClient, nextPage } from '../src/github-api/github-client.ts';
import { githubUrls } from '../src/github-api/github-urls.ts';
import { FakeGitHub } from './helpers/fake-github.ts';

/** api.http.fetch as the server performs it (no redirects followed, headers lower-cased), over Node's fetch. */
const api = {
  http: {
    async fetch(url: string, request: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
      const response = await fetch(url, { method: request.method ?? 'GET', headers: request.headers, body: request.body, redirect: 'manual' });
      return { status: response.status, headers: Object.fromEntries([...(response.headers as unknown as Iterable<[string, string]>)]), body: await response.text() };
    },
  },
} as unknown as PluginAPI;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('github-api client', () => {
  let github: FakeGitHub;
  let token: string;
  const client = (t = token) => new GitHubClient(api, githubUrls({ EnterpriseBaseURL: `${github.url}/` }).api, t);

  before(async () => {
    github = await FakeGitHub.start();
    github.addUser('octocat');
    github.addRepo('octo/app');
    token = github.issueToken('octocat');
  });
  after(async () => {
    await github.close();
  });

  it('derives the API and OAuth addresses of github.com and of an Enterprise server', () => {
    expect(githubUrls({ EnterpriseBaseURL: '' })).to.deep.equal({
      web: 'https://github.com',
      api: 'https://api.github.com/',
      authorize: 'https://github.com/login/oauth/authorize',
      token: 'https://github.com/login/oauth/access_token',
    });
    expect(githubUrls({ EnterpriseBaseURL: ' https://ghe.example.com// ' })).to.deep.equal({
      web: 'https://ghe.example.com',
      api: 'https://ghe.example.com/api/v3/',
      authorize: 'https://ghe.example.com/login/oauth/authorize',
      token: 'https://ghe.example.com/login/oauth/access_token',
    });
  });

  it('reads the user with the token and keeps the rate limit GitHub reports', async () => {
    const c = client();
    expect(await c.getUser()).to.include({ login: 'octocat' });
    expect(github.requests.at(-1)).to.include({ method: 'GET', path: '/user', login: 'octocat' });
    expect(c.rateLimit).to.include({ limit: 5000 });
    expect(c.rateLimit!.remaining).to.be.below(5000);
  });

  it('follows Link pages up to the limit asked for', async () => {
    for (let i = 0; i < 7; i++) github.addIssue({ repo: 'octo/app', title: `Issue ${i}`, author: 'octocat', assignees: ['octocat'] });
    const before = github.requests.length;
    const all = await client().searchIssues('is:open assignee:octocat archived:false', 200);
    expect(all).to.have.length(7);
    const five = await new GitHubClient(api, `${github.url}/api/v3/`, token).searchIssues('assignee:octocat', 5);
    expect(five.map((i) => i.title)).to.deep.equal(['Issue 0', 'Issue 1', 'Issue 2', 'Issue 3', 'Issue 4']);
    expect(github.requests.length - before).to.equal(2);
    expect(nextPage('<https://x/api/v3/a?page=2>; rel="next", <https://x/api/v3/a?page=9>; rel="last"')).to.equal('https://x/api/v3/a?page=2');
    expect(nextPage(undefined)).to.equal(undefined);
  });

  it('turns GitHub refusals into messages that say what to do', async () => {
    expect(await failure(client('gho_not-a-token').getUser())).to.match(/no longer accepts your token.*\/github connect/);
    expect(await failure(client().getRepository('octo', 'missing'))).to.match(/^Could not read the repository octo\/missing: GitHub found nothing there, or your account cannot see it\.$/);
    expect(await failure(client().createIssue('octo', 'app', { title: ' ', body: '' }))).to.match(/refused the request to create an issue in octo\/app: Validation Failed: title missing_field/);
    github.rateRemaining = 0;
    try {
      expect(await failure(client().getUser())).to.match(/rate limit is reached; try again in \d+ minute/);
    } finally {
      github.rateRemaining = 5000;
    }
  });

  it('reports an unreachable GitHub as such', async () => {
    const offline = new GitHubClient(api, 'http://127.0.0.1:1/api/v3/', token);
    expect(await failure(offline.getUser())).to.match(/could not be reached to read your GitHub account/);
  });
});

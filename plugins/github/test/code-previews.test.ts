// Code previews of GitHub permalinks: the parsing and the snippet (pure), then end to end with a real
// server, the real bundle and the fake GitHub: the plugin edits the post after it is saved.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { codeSnippet, findPermalinks, languageOf, MAX_PERMALINKS } from '../src/link-previews/permalinks.ts';
import { connectThroughBrowser, FakeGitHub, patchGitHubSettings, startServerWithGitHub } from './helpers/fake-github.ts';

const SHA = 'a'.repeat(40);
const FILE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('github code previews: permalinks and snippets', () => {
  const web = 'https://github.com';

  it('finds permalinks to a line or a range at a full commit, on github.com and an Enterprise server', () => {
    const message = `look https://github.com/octo/repo/blob/${SHA}/src/a_b.ts#L10-L12 and https://www.github.com/octo/repo/blob/${SHA}/README.md#L5`;
    expect(findPermalinks(message, web).map(({ owner, repo, path, start, end }) => ({ owner, repo, path, start, end }))).to.deep.equal([
      { owner: 'octo', repo: 'repo', path: 'src/a_b.ts', start: 10, end: 12 },
      { owner: 'octo', repo: 'repo', path: 'README.md', start: 2, end: 8 },
    ]);
    expect(findPermalinks(`https://ghe.example.com/o/r/blob/${SHA}/x.go#L1`, 'https://ghe.example.com')).to.have.length(1);
    expect(findPermalinks(`https://ghe.example.com/o/r/blob/${SHA}/x.go#L1`, web)).to.have.length(0);
  });

  it('ignores links to a branch, without lines, backwards ranges, inside a Markdown link, and past the limit', () => {
    for (const message of [
      'https://github.com/octo/repo/blob/main/a.ts#L1-L2',
      `https://github.com/octo/repo/blob/${SHA}/a.ts`,
      `https://github.com/octo/repo/blob/${SHA}/a.ts#L9-L2`,
      `https://github.com/octo/repo/blob/${SHA}/a.ts#L1-L2x`,
      `[the code](https://github.com/octo/repo/blob/${SHA}/a.ts#L1-L2)`,
      `https://github.com/octo/repo/blob/${SHA}/../../etc/passwd#L1`,
    ]) {
      expect(findPermalinks(message, web), message).to.deep.equal([]);
    }
    const many = Array.from({ length: MAX_PERMALINKS + 3 }, (_, i) => `https://github.com/o/r/blob/${SHA}/f.ts#L${i + 1}`).join(' ');
    expect(findPermalinks(many, web)).to.have.length(MAX_PERMALINKS);
  });

  it('renders at most 10 lines, in the extension’s language, fenced past any backticks in the code', () => {
    const [link] = findPermalinks(`https://github.com/octo/my_repo/blob/${SHA}/lib/x.py#L3-L25`, web);
    expect(codeSnippet(link!, FILE)).to.equal(`\n[octo/my\\_repo/lib/x.py](${link!.url})\n\`\`\`py\n${Array.from({ length: 10 }, (_, i) => `line ${i + 3}`).join('\n')}\n...\n\`\`\`\n`);
    const [fenced] = findPermalinks(`https://github.com/o/r/blob/${SHA}/doc.md#L1-L1`, web);
    expect(codeSnippet(fenced!, '```js\n')).to.equal(`\n[o/r/doc.md](${fenced!.url})\n\`\`\`\`md\n\`\`\`js\n\`\`\`\`\n`);
    const [beyond] = findPermalinks(`https://github.com/o/r/blob/${SHA}/f.ts#L40-L45`, web);
    expect(codeSnippet(beyond!, FILE)).to.equal(undefined);
    expect([languageOf('Makefile'), languageOf('a/b.TSX'), languageOf('.env')]).to.deep.equal(['', 'tsx', '']);
  });
});

describe('github code previews: posts', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let github: FakeGitHub;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let channel: Channel;

  before(async () => {
    github = await FakeGitHub.start();
    github.addUser('octocat');
    github.addRepo('octo/public');
    github.addRepo('octo/private', { private: true, collaborators: ['octocat'] });
    github.addFile('octo/public', SHA, 'src/main.ts', FILE);
    github.addFile('octo/private', SHA, 'secret.go', FILE);
    let admin;
    ({ ts, admin } = await startServerWithGitHub(github));
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    const team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    expect((await connectThroughBrowser(github, ts.url, alice.client.getToken(), 'octocat')).status).to.equal(200);
  });
  after(async () => {
    await ts?.close();
    await github?.close();
  });

  const link = (repo: string, path: string, lines: string) => `${github.url}/${repo}/blob/${SHA}/${path}#${lines}`;
  const post = (who: LoggedIn, message: string) => who.client.createPost({ channel_id: channel.id, message } as Post);
  const current = (id: string) => bob.client.getPost(id);
  /** Waits for the plugin to have asked GitHub for `path`, and a moment more for an edit it might make. */
  const afterCall = async (path: string, since: number) => {
    await eventually(async () => expect(github.apiCalls(path).length).to.be.above(since), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  it('appends the linked lines of a public repository to the post, fetched without a token for someone not connected', async () => {
    const url = link('octo/public', 'src/main.ts', 'L2-L4');
    const sent = await post(bob, `The bug is here: ${url} (see the loop)`);
    await eventually(async () => expect((await current(sent.id)).message).to.not.equal(sent.message), 10_000);
    const edited = await current(sent.id);
    expect(edited.message).to.equal(`The bug is here: \n[octo/public/src/main.ts](${url})\n\`\`\`ts\nline 2\nline 3\nline 4\n\`\`\`\n (see the loop)`);
    expect(edited.edit_at).to.be.above(0);
    expect(edited.user_id).to.equal(bob.user.id);
    expect(github.apiCalls('/repos/octo/public/contents/src/main.ts').at(-1)).to.include({ login: undefined });
  });

  it('does not preview a private repository with the default `public` setting, even for a poster who can read it', async () => {
    const before = github.apiCalls('/repos/octo/private').length;
    const sent = await post(alice, `Look: ${link('octo/private', 'secret.go', 'L1')}`);
    await afterCall('/repos/octo/private', before);
    expect((await current(sent.id)).message).to.equal(sent.message);
    expect(github.apiCalls('/repos/octo/private/contents')).to.have.length(0);
  });

  it('previews a private repository with `privateAndPublic`, read with the poster’s own token', async () => {
    patchGitHubSettings(ts, { EnableCodePreview: 'privateAndPublic' });
    try {
      const sent = await post(alice, `Look: ${link('octo/private', 'secret.go', 'L1')}`);
      await eventually(async () => expect((await current(sent.id)).message).to.include('```go\nline 1\nline 2\nline 3\nline 4\n```'), 10_000);
      expect(github.apiCalls('/repos/octo/private/contents').at(-1)).to.include({ login: 'octocat' });
      // Someone not connected cannot read it: nothing is previewed.
      const calls = github.apiCalls('/repos/octo/private/contents').length;
      const other = await post(bob, `Look: ${link('octo/private', 'secret.go', 'L1')}`);
      await afterCall('/repos/octo/private/contents', calls);
      expect((await current(other.id)).message).to.equal(other.message);
    } finally {
      patchGitHubSettings(ts, { EnableCodePreview: 'public' });
    }
  });

  it('leaves a post alone when its file is not on GitHub (404)', async () => {
    const before = github.apiCalls('/repos/octo/public/contents/missing.ts').length;
    const sent = await post(bob, link('octo/public', 'missing.ts', 'L1-L2'));
    await afterCall('/repos/octo/public/contents/missing.ts', before);
    expect((await current(sent.id)).message).to.equal(sent.message);
  });

  it('leaves alone links that are not permalinks, and everything with `disable`', async () => {
    const plain = await post(bob, `${github.url}/octo/public/blob/main/src/main.ts#L1-L2 and ${github.url}/octo/public`);
    const marker = await post(bob, link('octo/public', 'src/main.ts', 'L5'));
    await eventually(async () => expect((await current(marker.id)).message).to.include('line 8'), 10_000);
    expect((await current(plain.id)).message).to.equal(plain.message);
    patchGitHubSettings(ts, { EnableCodePreview: 'disable' });
    try {
      const calls = github.requests.length;
      const sent = await post(bob, link('octo/public', 'src/main.ts', 'L5'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await current(sent.id)).message).to.equal(sent.message);
      expect(github.requests.length).to.equal(calls);
    } finally {
      patchGitHubSettings(ts, { EnableCodePreview: 'public' });
    }
  });
});

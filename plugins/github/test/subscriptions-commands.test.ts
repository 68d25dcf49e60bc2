// /github subscriptions through a real server and the real github bundle, as a Mattermost client
// runs it (Client4.executeCommand), and its dialog (open_dialog on the WebSocket, then
// submitInteractiveDialog); subscribers are connected to a fake GitHub, which each subscription is
// checked against.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { RawSocket } from '../../../test/helpers/ws-client.ts';
import { connectThroughBrowser, FakeGitHub, patchGitHubSettings, startServerWithGitHub } from './helpers/fake-github.ts';

describe('github subscriptions commands', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let github: FakeGitHub;
  let admin: Client4;
  let member: Client4;
  let memberUser: UserProfile;
  let outsider: Client4;
  let team: Team;

  before(async () => {
    github = await FakeGitHub.start();
    for (const login of ['octocat', 'hubot', 'monalisa']) github.addUser(login);
    github.addOrg('octo');
    github.addOrg('elsewhere');
    for (const name of ['octo/repo', 'octo/r', 'octo/secret', 'elsewhere/repo']) github.addRepo(name);
    github.addRepo('octo/hidden', { private: true });
    github.addRepo('octo/shared', { private: true, collaborators: ['octocat'] });
    ({ ts, admin: { client: admin } } = await startServerWithGitHub(github));
    ({ client: member, user: memberUser } = await createUser(ts, admin));
    const { client, user } = await createUser(ts, admin);
    outsider = client;
    team = await createTeamWith(admin, [memberUser.id, user.id]);
    expect((await connectThroughBrowser(github, ts.url, member.getToken(), 'octocat')).status).to.equal(200);
    expect((await connectThroughBrowser(github, ts.url, outsider.getToken(), 'hubot')).status).to.equal(200);
  });
  after(async () => {
    await ts?.close();
    await github?.close();
  });

  const run = async (client: Client4, channel: Channel, line: string) => (await client.executeCommand(line, { channel_id: channel.id, team_id: team.id } as never)).text ?? '';
  const newest = async (channel: Channel) => {
    const list = await admin.getPosts(channel.id, 0, 1);
    return list.posts[list.order[0]];
  };

  it('adds, lists, replaces and deletes a channel’s subscriptions, announcing each change as the github bot', async () => {
    const channel = await createChannelWith(admin, team, [memberUser.id]);
    expect(await run(member, channel, '/github subscriptions list')).to.match(/has no GitHub subscriptions/);
    expect(await run(member, channel, '/github subscriptions add Octo/Repo')).to.match(/^Subscribed this channel to `octo\/repo`. Make sure the repository has a webhook on GitHub pointing at `(<SiteURL>|http:\/\/[^`]+)\/plugins\/github\/webhook`/);
    const announcement = await newest(channel);
    expect(announcement.user_id).to.equal((await admin.getUserByUsername('github')).id);
    expect(announcement.message).to.equal(`@${memberUser.username} subscribed this channel to the GitHub repository [octo/repo](${github.url}/octo/repo) for \`pulls\`, \`issues\`, \`creates\`, \`deletes\`.`);
    await run(member, channel, '/github subscriptions add octo --features issues,label:"needs review" --render-style collapsed --exclude a,b');
    await run(member, channel, '/github subscriptions add octo/repo --features pushes');
    expect((await newest(channel)).message).to.include('This replaces the previous subscription, for `pulls`, `issues`, `creates`, `deletes`.');
    expect(await run(member, channel, '/github subscriptions list')).to.equal(
      ['#### GitHub subscriptions in this channel', '* `octo` — `issues`, `label:"needs review"` (--render-style collapsed --exclude octo/a,octo/b)', '* `octo/repo` — `pushes`'].join('\n'),
    );
    expect(await run(member, channel, '/github subscriptions delete octo/repo')).to.match(/^Unsubscribed this channel from `octo\/repo`/);
    expect((await newest(channel)).message).to.equal(`@${memberUser.username} unsubscribed this channel from the GitHub repository \`octo/repo\`.`);
    expect(await run(member, channel, '/github subscriptions delete octo/repo')).to.match(/has no subscription to `octo\/repo`/);
  });

  it('answers bad input with what to fix, storing nothing', async () => {
    const channel = await createChannelWith(admin, team, [memberUser.id]);
    expect(await run(member, channel, '/github subscriptions add octo --features pulls,nonsense')).to.match(/Unknown feature\(s\): nonsense/);
    expect(await run(member, channel, '/github subscriptions add octo/repo --exclude x')).to.match(/--exclude only applies/);
    expect(await run(member, channel, '/github subscriptions add a/b/c')).to.match(/not a GitHub owner or repository/);
    expect(await run(member, channel, '/github subscriptions add octo --exclude-org-member')).to.match(/needs the plugin locked to an organization/);
    expect(await run(member, channel, '/github subscriptions frobnicate')).to.match(/Unknown subscriptions command `frobnicate`/);
    expect(await run(member, channel, '/github subscriptions list')).to.match(/has no GitHub subscriptions/);
  });

  it('keeps to the organizations of GithubOrg', async () => {
    const channel = await createChannelWith(admin, team, [memberUser.id]);
    patchGitHubSettings(ts, { GithubOrg: 'octo' });
    try {
      expect(await run(member, channel, '/github subscriptions add elsewhere/repo')).to.match(/only subscribes to the organization\(s\) octo/);
      expect(await run(member, channel, '/github subscriptions add octo --exclude-org-member')).to.match(/^Subscribed/);
    } finally {
      patchGitHubSettings(ts, { GithubOrg: '' });
    }
  });

  it('asks someone not connected to GitHub to connect first, storing nothing', async () => {
    const { client: stranger, user } = await createUser(ts, admin);
    await admin.addToTeam(team.id, user.id);
    const channel = await createChannelWith(admin, team, [user.id, memberUser.id]);
    expect(await run(stranger, channel, '/github subscriptions add octo/repo')).to.equal('Connect your GitHub account with `/github connect` first: a subscription is checked against what your GitHub account can see.');
    expect(await run(member, channel, '/github subscriptions list')).to.match(/has no GitHub subscriptions/);
  });

  it('refuses a repository or owner GitHub does not show the subscriber', async () => {
    const channel = await createChannelWith(admin, team, [memberUser.id]);
    expect(await run(member, channel, '/github subscriptions add octo/nothing-here')).to.match(/^GitHub shows your account no repository `octo\/nothing-here` \(not found or no access\)/);
    expect(await run(member, channel, '/github subscriptions add octo/hidden')).to.match(/no repository `octo\/hidden` \(not found or no access\)/);
    expect(await run(member, channel, '/github subscriptions add nobody-at-all')).to.match(/no organization or user `nobody-at-all` \(not found or no access\)/);
    expect(github.apiCalls('/repos/octo/hidden').at(-1)?.login).to.equal('octocat');
    // A user account (not an organization) is an owner too.
    expect(await run(member, channel, '/github subscriptions add monalisa')).to.match(/^Subscribed this channel to `monalisa`/);
    expect(await run(member, channel, '/github subscriptions list')).to.include('`monalisa`').and.not.include('hidden');
  });

  it('subscribes to a private repository the subscriber can see only with Enable Private Repositories', async () => {
    const channel = await createChannelWith(admin, team, [memberUser.id]);
    expect(await run(member, channel, '/github subscriptions add octo/shared')).to.match(/^`octo\/shared` is a private repository, and this server does not post from private repositories/);
    patchGitHubSettings(ts, { EnablePrivateRepo: true });
    try {
      expect(await run(member, channel, '/github subscriptions add octo/shared')).to.match(/^Subscribed this channel to `octo\/shared`/);
    } finally {
      patchGitHubSettings(ts, { EnablePrivateRepo: false });
    }
  });

  it('lets no one outside a channel see or change its subscriptions', async () => {
    const channel = await createChannelWith(admin, team, [memberUser.id], 'P');
    await run(member, channel, '/github subscriptions add octo/secret');
    for (const line of ['/github subscriptions list', '/github subscriptions add evil/repo', '/github subscriptions delete octo/secret']) {
      const refused = await outsider.executeCommand(line, { channel_id: channel.id, team_id: team.id } as never).then(
        (answer) => answer.text ?? '',
        (err: { status_code: number }) => err.status_code,
      );
      expect(refused, line).to.satisfy((answer: string | number) => answer === 403 || /Only a system admin or someone who can manage this channel/.test(String(answer)));
    }
    expect(await run(member, channel, '/github subscriptions list')).to.include('`octo/secret`').and.not.include('evil');
  });

  it('opens a dialog for add without arguments, and subscribes from its submission', async () => {
    const channel = await createChannelWith(admin, team, [memberUser.id]);
    const socket = await RawSocket.authenticated(ts, member.getToken());
    try {
      const opened = socket.waitForEvent('open_dialog');
      expect(await run(member, channel, '/github subscriptions add')).to.equal('');
      const request = JSON.parse((await opened).data.dialog as string) as { url: string; dialog: { callback_id: string; elements: Array<{ name: string }> } };
      expect(request.url).to.equal('/plugins/github/subscriptions/dialog');
      expect(request.dialog.elements.map((e) => e.name)).to.deep.equal(['repository', 'features', 'render_style', 'exclude_org_member', 'exclude']);
      const submit = { url: request.url, callback_id: request.dialog.callback_id, state: '', channel_id: channel.id, team_id: team.id, user_id: memberUser.id, cancelled: false };
      const invalid = await member.submitInteractiveDialog({ ...submit, submission: { repository: 'octo/r', features: 'pulls,bogus', render_style: 'default' } } as never);
      expect(invalid).to.deep.equal({ errors: { features: (invalid as { errors: Record<string, string> }).errors.features } });
      expect((invalid as { errors: Record<string, string> }).errors.features).to.match(/Unknown feature\(s\): bogus/);
      expect(await member.submitInteractiveDialog({ ...submit, submission: { repository: 'octo/r', features: 'pulls,stars', render_style: 'skip-body', exclude_org_member: false } } as never)).to.deep.equal({});
      expect(await run(member, channel, '/github subscriptions list')).to.include('* `octo/r` — `pulls`, `stars` (--render-style skip-body)');
    } finally {
      await socket.close();
    }
  });
});

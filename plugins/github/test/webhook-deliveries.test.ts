// The webhook end to end: a real server with the real github bundle (npm run build:plugins), every
// example payload of @octokit/webhooks-examples for the handled events signed as GitHub signs them,
// and hostile deliveries that must be refused with nothing posted. The subscriber is connected to a
// fake GitHub that knows the examples' owners (and lets it read their private repository).
import { createHmac, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import { sign } from '@octokit/webhooks-methods';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { renderEvent } from '../src/render/render-event.ts';
import { isSkipped, messageFor } from '../src/render/rendering.ts';
import { HANDLED_EVENTS } from '../src/webhook/handled-events.ts';
import { MAX_WEBHOOK_BYTES } from '../src/webhook/webhook-route.ts';
import { connectThroughBrowser, FakeGitHub, patchGitHubSettings, startServerWithGitHub } from './helpers/fake-github.ts';

type Payload = Record<string, unknown>;
const SECRET = 'It’s a Secret to Everybody';
const ALL_FEATURES = 'pulls,issues,pushes,creates,deletes,issue_comments,pull_reviews,stars,releases,workflow_success,workflow_failure,workflow_run_success,workflow_run_failure,discussions,discussion_comments';
const definitions = (examples as unknown as Array<{ name: string; examples: Payload[] }>).filter((d) => HANDLED_EVENTS.includes(d.name));

interface Answer {
  status: number;
  body: { id?: string; message?: string; results?: string[] };
}

describe('github webhook deliveries', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let github: FakeGitHub;
  let admin: Client4;
  let team: Team;
  let channel: Channel;
  let botId: string;
  const logLines: string[] = [];

  before(async () => {
    github = await FakeGitHub.start();
    github.addUser('octocat');
    ({ ts, admin: { client: admin } } = await startServerWithGitHub(github, { WebhookSecret: SECRET }, { logSink: { write: (line) => void logLines.push(line) }, serviceSettings: { MaximumPayloadSizeBytes: 2_000_000 } }));
    expect((await connectThroughBrowser(github, ts.url, admin.getToken(), 'octocat')).status).to.equal(200);
    team = await createTeamWith(admin, []);
    channel = await createChannelWith(admin, team, []);
    const owners = new Set(definitions.flatMap((d) => d.examples.map((p) => String((p.repository as Payload | undefined)?.full_name ?? '').split('/')[0]).filter(Boolean)));
    for (const owner of owners) github.addOrg(owner.toLowerCase());
    for (const owner of owners) {
      const answer = await admin.executeCommand(`/github subscriptions add ${owner} --features ${ALL_FEATURES}`, { channel_id: channel.id, team_id: team.id } as never);
      expect(answer.text, owner).to.match(/^Subscribed this channel/);
    }
    botId = (await admin.getUserByUsername('github')).id;
  });
  after(async () => {
    await ts?.close();
    await github?.close();
  });

  async function deliver(event: string | undefined, body: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${ts.url}/plugins/github/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-GitHub-Delivery': randomUUID(), ...(event ? { 'X-GitHub-Event': event } : {}), ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }
  const signed = async (event: string | undefined, body: string) => deliver(event, body, { 'X-Hub-Signature-256': await sign(SECRET, body) });
  const postCount = async () => (await admin.getPosts(channel.id, 0, 200)).order.length;

  async function expectRefused(answer: Answer, status: number, id: string, before: number): Promise<void> {
    expect({ status: answer.status, id: answer.body.id }).to.deep.equal({ status, id });
    expect(answer.body.message).to.be.a('string').with.length.above(20);
    expect(await postCount()).to.equal(before);
  }

  it('accepts every handled example, posting the rendered event or answering why it skipped it', async () => {
    let posted = 0;
    let skipped = 0;
    for (const definition of definitions) {
      for (const payload of definition.examples) {
        const label = `${definition.name} ${String(payload.action ?? '')} ${String((payload.repository as Payload | undefined)?.full_name ?? '')}`;
        const before = (await admin.getPosts(channel.id, 0, 1)).order[0];
        const answer = await signed(definition.name, JSON.stringify(payload));
        expect(answer.status, label).to.equal(200);
        const latest = await admin.getPosts(channel.id, 0, 1);
        const newest = latest.posts[latest.order[0]];
        if (definition.name === 'ping') {
          expect(answer.body, label).to.deep.include({ status: 'OK' });
          expect(newest.id, label).to.equal(before);
          continue;
        }
        const result = answer.body.results?.[0] ?? '';
        const rendered = renderEvent(definition.name, payload, { showCommitAuthor: false });
        const isPrivate = (payload.repository as Payload | undefined)?.private === true;
        if (result === 'channels: posted to 1 channel') {
          posted++;
          expect(isSkipped(rendered) || isPrivate, label).to.equal(false);
          expect(newest, label).to.include({ user_id: botId, channel_id: channel.id, message: messageFor(rendered as Exclude<typeof rendered, { skip: string }>, 'default') });
        } else {
          skipped++;
          expect(result, label).to.match(/^channels: skipped: .{10,}/);
          expect(newest.id, label).to.equal(before);
          if (isPrivate) expect(result, label).to.include('is private and Enable Private Repositories is off');
          else if (isSkipped(rendered)) expect(result, label).to.include(rendered.skip);
        }
      }
    }
    // What the examples hold: most post, the rest are actions not posted (edits, syncs, queued jobs...).
    expect(posted).to.be.at.least(30);
    expect(skipped).to.be.at.least(30);
  });

  it('posts opened issues and pull requests, pushes and finished workflow runs', async () => {
    for (const [event, match] of [
      ['issues', (p: Payload) => p.action === 'opened'],
      ['pull_request', (p: Payload) => p.action === 'opened' && !(p.pull_request as Payload).draft],
      ['push', (p: Payload) => (p.commits as unknown[]).length > 0],
      ['workflow_run', (p: Payload) => (p.workflow_run as Payload).conclusion === 'success'],
    ] as const) {
      const payload = definitions.find((d) => d.name === event)!.examples.find(match)!;
      const answer = await signed(event, JSON.stringify(payload));
      expect(answer.body.results?.[0], event).to.equal('channels: posted to 1 channel');
    }
  });

  /** An example from a private repository that renders a post, and that repository made private on the fake GitHub, readable by `readers`. */
  function privateExample(readers: string[]): { event: string; payload: Payload; fullName: string } {
    const [event, payload] = definitions.flatMap((d) => d.examples.map((p) => [d.name, p] as const)).find(([name, p]) => (p.repository as Payload | undefined)?.private === true && !isSkipped(renderEvent(name, p, { showCommitAuthor: false })))!;
    const fullName = String((payload.repository as Payload).full_name);
    // The owner subscription asks GitHub with the payload's spelling, `/github subscriptions add` in lower case.
    github.repos.set(fullName.toLowerCase(), github.addRepo(fullName, { private: true, collaborators: readers }));
    return { event, payload, fullName };
  }

  it('posts a private repository’s events only with EnablePrivateRepo, and only where that owner is subscribed', async () => {
    const { event, payload } = privateExample(['octocat']);
    github.addOrg('someone-else');
    const elsewhere = await createChannelWith(admin, team, []);
    await admin.executeCommand(`/github subscriptions add someone-else --features ${ALL_FEATURES}`, { channel_id: elsewhere.id, team_id: team.id } as never);
    const before = (await admin.getPosts(elsewhere.id, 0, 200)).order.length;
    patchGitHubSettings(ts, { EnablePrivateRepo: true });
    try {
      expect((await signed(event, JSON.stringify(payload))).body.results?.[0]).to.equal('channels: posted to 1 channel');
    } finally {
      patchGitHubSettings(ts, { EnablePrivateRepo: false });
    }
    expect((await admin.getPosts(elsewhere.id, 0, 200)).order.length).to.equal(before);
  });

  it('stops posting a private repository’s events where the subscriber lost access to it or disconnected', async () => {
    const { event, payload, fullName } = privateExample(['octocat', 'monalisa']);
    github.addUser('monalisa');
    const { client: mona, user: monaUser } = await createUser(ts, admin);
    await admin.addToTeam(team.id, monaUser.id);
    const theirs = await createChannelWith(admin, team, [monaUser.id]);
    expect((await connectThroughBrowser(github, ts.url, mona.getToken(), 'monalisa')).status).to.equal(200);
    patchGitHubSettings(ts, { EnablePrivateRepo: true });
    try {
      const subscribed = await mona.executeCommand(`/github subscriptions add ${fullName} --features ${ALL_FEATURES}`, { channel_id: theirs.id, team_id: team.id } as never);
      expect(subscribed.text).to.match(/^Subscribed this channel/);
      const before = (await admin.getPosts(theirs.id, 0, 200)).order.length;
      github.repos.get(fullName)!.collaborators = ['octocat'];
      const lost = (await signed(event, JSON.stringify(payload))).body.results?.[0];
      expect(lost).to.equal(`channels: posted to 1 channel, skipped elsewhere: the subscriber of a channel can no longer read ${fullName} (private) on GitHub`);
      expect(github.apiCalls(`/repos/${fullName}`).at(-1)).to.include({ login: 'monalisa' });
      await mona.executeCommand('/github disconnect', { channel_id: theirs.id, team_id: team.id } as never);
      const gone = (await signed(event, JSON.stringify(payload))).body.results?.[0];
      expect(gone).to.equal(`channels: posted to 1 channel, skipped elsewhere: the subscriber of a channel is no longer connected to GitHub, so ${fullName} (private) is not posted there`);
      expect((await admin.getPosts(theirs.id, 0, 200)).order.length).to.equal(before);
    } finally {
      patchGitHubSettings(ts, { EnablePrivateRepo: false });
    }
  });

  it('accepts the legacy X-Hub-Signature (SHA-1) when it comes alone', async () => {
    const body = JSON.stringify(definitions.find((d) => d.name === 'star')!.examples.find((p) => p.action === 'created'));
    const answer = await deliver('star', body, { 'X-Hub-Signature': `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}` });
    expect(answer).to.deep.include({ status: 200 });
    expect(answer.body.results?.[0]).to.equal('channels: posted to 1 channel');
  });

  it('refuses a missing or wrong signature, and a SHA-1 one beside a wrong SHA-256 one', async () => {
    const before = await postCount();
    const body = JSON.stringify(definitions.find((d) => d.name === 'star')!.examples[0]);
    await expectRefused(await deliver('star', body), 401, 'github.webhook.signature_missing', before);
    await expectRefused(await deliver('star', body, { 'X-Hub-Signature-256': await sign('another secret', body) }), 401, 'github.webhook.signature_invalid', before);
    await expectRefused(await deliver('star', `${body} `, { 'X-Hub-Signature-256': await sign(SECRET, body) }), 401, 'github.webhook.signature_invalid', before);
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`;
    await expectRefused(await deliver('star', body, { 'X-Hub-Signature': sha1, 'X-Hub-Signature-256': 'sha256=00' }), 401, 'github.webhook.signature_invalid', before);
  });

  it('refuses truncated, non-JSON and non-object bodies with 400', async () => {
    const before = await postCount();
    const body = JSON.stringify(definitions.find((d) => d.name === 'issues')!.examples.find((p) => p.action === 'opened'));
    await expectRefused(await signed('issues', body.slice(0, body.length / 2)), 400, 'github.webhook.invalid_json', before);
    await expectRefused(await signed('issues', 'payload=%7B%7D'), 400, 'github.webhook.invalid_json', before);
    await expectRefused(await signed('issues', '[1,2]'), 400, 'github.webhook.invalid_json', before);
  });

  it('refuses a missing or unknown X-GitHub-Event with 400', async () => {
    const before = await postCount();
    const body = JSON.stringify({ action: 'created', repository: { full_name: 'octo/repo' } });
    await expectRefused(await signed(undefined, body), 400, 'github.webhook.event_missing', before);
    const unknown = await signed('fork', body);
    await expectRefused(unknown, 400, 'github.webhook.event_unknown', before);
    expect(unknown.body.message).to.include('"fork"');
  });

  it('refuses an oversized delivery with 413, in the plugin and past the server’s own limit', async () => {
    const before = await postCount();
    const padded = (bytes: number) => JSON.stringify({ action: 'opened', padding: 'x'.repeat(bytes) });
    await expectRefused(await signed('issues', padded(MAX_WEBHOOK_BYTES)), 413, 'github.webhook.too_large', before);
    await expectRefused(await signed('issues', padded(2_100_000)), 413, 'api.context.request_body_too_large.app_error', before);
  });

  it('refuses every delivery while no webhook secret is configured', async () => {
    const before = await postCount();
    patchGitHubSettings(ts, { WebhookSecret: '' });
    try {
      const body = JSON.stringify(definitions.find((d) => d.name === 'star')!.examples[0]);
      await expectRefused(await deliver('star', body, { 'X-Hub-Signature-256': await sign('', body).catch(() => 'sha256=00') }), 401, 'github.webhook.secret_not_configured', before);
    } finally {
      patchGitHubSettings(ts, { WebhookSecret: SECRET });
    }
  });

  it('logs each delivery in the server log only with EnableWebhookEventLogging', async () => {
    const body = JSON.stringify(definitions.find((d) => d.name === 'star')!.examples[0]);
    const send = async (id: string) => deliver('star', body, { 'X-GitHub-Delivery': id, 'X-Hub-Signature-256': await sign(SECRET, body) });
    const logged = (id: string) => logLines.filter((line) => line.includes('GitHub webhook delivery') && line.includes(id));
    await send('quiet-delivery');
    patchGitHubSettings(ts, { EnableWebhookEventLogging: true });
    try {
      await send('logged-delivery');
    } finally {
      patchGitHubSettings(ts, { EnableWebhookEventLogging: false });
    }
    expect(logged('quiet-delivery')).to.have.length(0);
    expect(logged('logged-delivery')).to.have.length(1);
    expect(JSON.parse(logged('logged-delivery')[0])).to.deep.include({ plugin_id: 'github', event: 'star', outcome: 'accepted' });
  });

  it('shows the delivery log to system admins only, with refusals and skips explained', async () => {
    const { client: member } = await createUser(ts, admin);
    await admin.addToTeam(team.id, (await member.getMe()).id);
    await admin.addToChannel((await member.getMe()).id, channel.id);
    const args = { channel_id: channel.id, team_id: team.id } as never;
    expect((await member.executeCommand('/github webhook log', args)).text).to.equal('Only system admins can see the webhook delivery log.');
    const log = (await admin.executeCommand('/github webhook log', args)).text ?? '';
    const rows = log.split('\n').filter((line) => line.startsWith('| 20'));
    expect(rows).to.have.length(50);
    expect(log).to.include('**refused**: 401 github.webhook.secret_not_configured');
    expect(log).to.include('**refused**: 413 github.webhook.too_large');
  });
});

// The GitHub plugin's webhook end to end: a signed `issues` delivery to POST /plugins/github/webhook
// until its post arrives on a WebSocket watching the subscribed channel, beside an incoming webhook
// (POST /hooks/{id}, the parley.webhooks plugin) into the same channel measured the same way in the
// same run. Both go through a plugin sandbox; the difference is the GitHub plugin's own work:
// signature, settings and subscription reads, rendering, the delivery log.
import { createHmac } from 'node:crypto';
import { CLIENT_ID, CLIENT_SECRET, connectThroughBrowser, FakeGitHub } from '../../plugins/github/test/helpers/fake-github.ts';
import { startBenchServer } from './bench-server.ts';
import { PostedWatcher } from './incoming-webhooks.ts';
import { drive, printTable, row, type Row } from './report.ts';

const REQUESTS = Number(process.env.BENCH_GITHUB_WEBHOOK_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** Each series stops starting requests after this long, whatever REQUESTS says. */
const SERIES_SECONDS = Number(process.env.BENCH_GITHUB_WEBHOOK_SECONDS ?? 60);
const SECRET = 'bench-webhook-secret';

function issueOpened(tag: string): string {
  const repo = { full_name: 'octo/bench', html_url: 'https://github.com/octo/bench', private: false };
  const user = { login: 'octocat', html_url: 'https://github.com/octocat' };
  const issue = { number: 1, title: 'The build is red on main', html_url: 'https://github.com/octo/bench/issues/1', user, labels: [], body: `Seen after the last deploy #${tag}` };
  return JSON.stringify({ action: 'opened', issue, repository: repo, sender: user });
}

export async function benchGithubWebhook(): Promise<Row[]> {
  // Subscribing asks GitHub whether the subscriber sees the repository: a fake GitHub on loopback answers.
  const fakeGitHub = await FakeGitHub.start();
  fakeGitHub.addUser('octocat');
  fakeGitHub.addRepo('octo/bench');
  const bench = await startBenchServer({ MM_SERVICESETTINGS_ENABLEINCOMINGWEBHOOKS: 'true' }, { prepackaged: true });
  try {
    const { admin, url } = bench;
    await admin.patchConfig({
      ServiceSettings: { SiteURL: url, AllowedUntrustedInternalConnections: '127.0.0.1' },
      PluginSettings: { Plugins: { github: { WebhookSecret: SECRET, GitHubOAuthClientID: CLIENT_ID, GitHubOAuthClientSecret: CLIENT_SECRET, EnterpriseBaseURL: fakeGitHub.url } } },
    } as never);
    for (let tries = 0; (await admin.getPluginStatuses()).find((s) => s.plugin_id === 'github')?.state !== 2; tries++) {
      if (tries > 200) throw new Error('the github plugin did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const connected = await connectThroughBrowser(fakeGitHub, url, admin.getToken(), 'octocat');
    if (connected.status !== 200) throw new Error(`could not connect to the fake GitHub: ${connected.text}`);
    const team = await admin.createTeam({ name: 'bench', display_name: 'Bench', type: 'O' } as never);
    const channel = await admin.getChannelByName(team.id, 'town-square');
    const subscribed = await admin.executeCommand('/github subscriptions add octo/bench --features issues', { channel_id: channel.id, team_id: team.id } as never);
    if (!subscribed.text?.startsWith('Subscribed')) throw new Error(`could not subscribe: ${subscribed.text}`);
    const hook = await admin.createIncomingWebhook({ channel_id: channel.id, display_name: 'bench' } as never);
    const { socket, watcher } = await PostedWatcher.open(url, admin.getToken());
    const post = async (path: string, body: string, headers: Record<string, string>) => {
      const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    };
    try {
      const deadline = () => performance.now() + SERIES_SECONDS * 1000;
      const baseline = await drive(REQUESTS, CONCURRENCY, (i) => watcher.sendAndSee(`h${i}`, () => post(`/hooks/${hook.id}`, JSON.stringify({ text: `Seen after the last deploy #h${i}` }), {})), deadline());
      const github = await drive(
        REQUESTS,
        CONCURRENCY,
        (i) =>
          watcher.sendAndSee(`g${i}`, () => {
            const body = issueOpened(`g${i}`);
            const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
            return post('/plugins/github/webhook', body, { 'x-github-event': 'issues', 'x-github-delivery': `bench-${i}`, 'x-hub-signature-256': signature });
          }),
        deadline(),
      );
      return [
        row('POST /hooks/{id} → posted on WebSocket (baseline)', baseline, `${baseline.latencies.length} requests, ${CONCURRENCY} concurrent`),
        row('POST /plugins/github/webhook → posted on WebSocket', github, `${github.latencies.length} signed issues deliveries, one subscribed channel`),
      ];
    } finally {
      socket.close();
    }
  } finally {
    await bench.close();
    await fakeGitHub.close();
  }
}

if (import.meta.main) {
  printTable(`GitHub webhook (at most ${REQUESTS} requests or ${SERIES_SECONDS} s a series, concurrency ${CONCURRENCY})`, await benchGithubWebhook());
}

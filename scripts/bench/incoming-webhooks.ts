// Incoming webhooks end to end: POST /hooks/{id} (served by the sandboxed parley.webhooks plugin)
// until the post arrives on a WebSocket watching the channel, beside POST /api/v4/posts measured the
// same way in the same run. Both are timed from the request to the `posted` event, so the figures
// compare what a user sees: the plugin's share is the difference.
import WebSocket from 'ws';
import { startBenchServer } from './bench-server.ts';
import { drive, printTable, row, type Row } from './report.ts';

const REQUESTS = Number(process.env.BENCH_WEBHOOK_REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TEXT = 'A deployment finished: build 1234 of main is live on production, all checks green.';

/** Resolves when the socket sees a `posted` event whose message ends with `#<n>`. */
export class PostedWatcher {
  #waiting = new Map<string, () => void>();

  /** A WebSocket to the server at `url`, logged in with `token`, watched from its hello on. */
  static async open(url: string, token: string): Promise<{ socket: WebSocket; watcher: PostedWatcher }> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v4/websocket`, { headers: { Authorization: `Bearer ${token}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('message', (data) => JSON.parse(String(data)).event === 'hello' && resolve());
    });
    return { socket, watcher: new PostedWatcher(socket) };
  }

  constructor(socket: WebSocket) {
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { event?: string; data?: { post?: string } };
      if (event.event !== 'posted' || !event.data?.post) return;
      const tag = /#(\w+)$/.exec((JSON.parse(event.data.post) as { message: string }).message)?.[1];
      const done = tag && this.#waiting.get(tag);
      if (done) {
        this.#waiting.delete(tag);
        done();
      }
    });
  }

  /** Sends with `send` and waits until the tagged post is seen. */
  async sendAndSee(tag: string, send: () => Promise<unknown>): Promise<void> {
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`post #${tag} never arrived`)), 30_000);
      this.#waiting.set(tag, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await send();
    await seen;
  }
}

export async function benchIncomingWebhooks(): Promise<Row[]> {
  const bench = await startBenchServer({ MM_SERVICESETTINGS_ENABLEINCOMINGWEBHOOKS: 'true' }, { prepackaged: true });
  try {
    const { admin, url } = bench;
    const team = await admin.createTeam({ name: 'bench', display_name: 'Bench', type: 'O' } as never);
    const channel = await admin.getChannelByName(team.id, 'town-square');
    const hook = await admin.createIncomingWebhook({ channel_id: channel.id, display_name: 'bench' } as never);
    const { socket, watcher } = await PostedWatcher.open(url, admin.getToken());
    try {
      const posts = await drive(REQUESTS, CONCURRENCY, (i) =>
        watcher.sendAndSee(`p${i}`, () => admin.createPost({ channel_id: channel.id, message: `${TEXT} #p${i}` } as never)),
      );
      const webhooks = await drive(REQUESTS, CONCURRENCY, (i) =>
        watcher.sendAndSee(`w${i}`, async () => {
          const response = await fetch(`${url}/hooks/${hook.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `${TEXT} #w${i}` }) });
          if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
        }),
      );
      return [
        row('POST /api/v4/posts → posted on WebSocket (baseline)', posts, `${CONCURRENCY} concurrent clients`),
        row('POST /hooks/{id} → posted on WebSocket', webhooks, 'through the parley.webhooks plugin sandbox'),
      ];
    } finally {
      socket.close();
    }
  } finally {
    await bench.close();
  }
}

if (import.meta.main) {
  printTable(`incoming webhooks (${REQUESTS} requests, concurrency ${CONCURRENCY})`, await benchIncomingWebhooks());
}

// The web client's calls state against the races between a channel's load and the chat socket's
// events, with the socket and the plugin's answers played by the test so each order is made on
// purpose: a load waits for the socket's registration, events that come while it is on its way are
// applied again on top of its answer, a call_state snapshot makes the channel load again instead of
// replacing newer news, and a new connection (hello) loads again what is shown.
import { expect } from 'chai';
import type { ServerEvent, ServerEvents } from '../../core/webapp/src/server-events.ts';
import type { WireCall } from '../../core/webapp/src/calls/calls-api.ts';

// The browser client reads the page's origin as it loads: a window only for that import, since the
// suites share one process and Mattermost's WebSocketClient, used by others, takes any global window
// for a browser's.
const scope = globalThis as unknown as { window?: unknown };
scope.window = { location: { origin: 'http://parley.test' } };
const { currentCalls, loadChannelCall, onCallsEvent, participantsOf } = await import('../../core/webapp/src/calls/calls-state.ts').finally(() => delete scope.window);

const PREFIX = 'custom_com.mattermost.calls_';

/** A chat socket the test drives: it is registered when the test says, and delivers the events the test sends. */
function fakeSocket(): ServerEvents & { register(): void; send(event: string, data: Record<string, unknown>): void } {
  const listeners = new Set<(message: ServerEvent) => void>();
  let register = () => {};
  const registered = new Promise<void>((resolve) => (register = resolve));
  return {
    registered,
    register,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send(event, data) {
      for (const listener of listeners) listener({ event, data });
    },
  };
}

/** The plugin's answers to `GET /{channel_id}`, each one given when the test says. */
const asked: { channelId: string; answer(call: WireCall | null): Promise<void> }[] = [];
const realFetch = globalThis.fetch;

function wireCall(channelId: string, sessions: Record<string, string>): WireCall {
  return {
    id: `call-${channelId}`,
    start_at: 1,
    sessions: Object.entries(sessions).map(([session_id, user_id]) => ({ session_id, user_id, unmuted: false, raised_hand: 0 })),
    thread_id: 'post',
    post_id: 'post',
    screen_sharing_session_id: '',
    owner_id: 'alice',
    host_id: 'alice',
  };
}

/** Waits until the page asked for the channel's call `count` times in all. */
async function askedFor(channelId: string, count: number): Promise<(typeof asked)[number]> {
  for (let turn = 0; turn < 100; turn++) {
    const requests = asked.filter((request) => request.channelId === channelId);
    if (requests.length >= count) return requests[count - 1]!;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`the page asked for the call of ${channelId} fewer than ${count} times`);
}

const sessionsIn = (channelId: string) => {
  const call = currentCalls().calls[channelId];
  return call ? Object.fromEntries(participantsOf(call).map((p) => [p.sessionId, p.userId])) : call;
};

describe('calls state (web client)', () => {
  before(() => {
    globalThis.fetch = (async (input: string | URL | Request) => {
      const channelId = new URL(String(input)).pathname.split('/').at(-1)!;
      return new Promise<Response>((resolve) => {
        asked.push({
          channelId,
          async answer(call) {
            resolve(new Response(JSON.stringify(call ? { call } : {}), { status: 200 }));
            // Lets the page apply the answer before the test looks.
            for (let turn = 0; turn < 5; turn++) await new Promise((next) => setImmediate(next));
          },
        });
      });
    }) as typeof fetch;
  });
  after(() => {
    globalThis.fetch = realFetch;
  });

  it('asks for a channel call only once the socket is registered: what happened before is in the answer, what happens after comes as events', async () => {
    const socket = fakeSocket();
    loadChannelCall(socket, 'c1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked.filter((request) => request.channelId === 'c1')).to.have.length(0);
    socket.register();
    await (await askedFor('c1', 1)).answer(null);
    expect(currentCalls().calls.c1).to.equal(null);
    socket.send(`${PREFIX}call_start`, { id: 'call-c1', channelID: 'c1', post_id: 'post', owner_id: 'alice', host_id: 'alice', start_at: 1 });
    socket.send(`${PREFIX}user_joined`, { channelID: 'c1', user_id: 'alice', session_id: 's-alice' });
    expect(sessionsIn('c1')).to.deep.equal({ 's-alice': 'alice' });
  });

  it('applies again on an older answer the events that came while it was on its way, so no participant is lost', async () => {
    const socket = fakeSocket();
    socket.register();
    loadChannelCall(socket, 'c2');
    const request = await askedFor('c2', 1);
    // Bob joins and Carol leaves after the server read the state, and their events overtake the answer.
    socket.send(`${PREFIX}user_joined`, { channelID: 'c2', user_id: 'bob', session_id: 's-bob' });
    socket.send(`${PREFIX}user_left`, { channelID: 'c2', user_id: 'carol', session_id: 's-carol' });
    await request.answer(wireCall('c2', { 's-alice': 'alice', 's-carol': 'carol' }));
    expect(sessionsIn('c2')).to.deep.equal({ 's-alice': 'alice', 's-bob': 'bob' });
  });

  it('does not let a call_state snapshot older than a user_joined drop the participant: it loads the channel again', async () => {
    const socket = fakeSocket();
    socket.register();
    loadChannelCall(socket, 'c3');
    await (await askedFor('c3', 1)).answer(wireCall('c3', { 's-alice': 'alice' }));
    socket.send(`${PREFIX}user_joined`, { channelID: 'c3', user_id: 'bob', session_id: 's-bob' });
    // The snapshot the plugin took when Alice's join was stored, sent after Bob's user_joined.
    socket.send(`${PREFIX}call_state`, { channel_id: 'c3', call: JSON.stringify(wireCall('c3', { 's-alice': 'alice' })) });
    expect(sessionsIn('c3')).to.deep.equal({ 's-alice': 'alice', 's-bob': 'bob' });
    await (await askedFor('c3', 2)).answer(wireCall('c3', { 's-alice': 'alice', 's-bob': 'bob' }));
    expect(sessionsIn('c3')).to.deep.equal({ 's-alice': 'alice', 's-bob': 'bob' });
  });

  it('loads the shown channels again on a new connection (hello): the events sent while the socket was down never came', async () => {
    const socket = fakeSocket();
    socket.register();
    loadChannelCall(socket, 'c4');
    await (await askedFor('c4', 1)).answer(null);
    socket.send('hello', { connection_id: 'connection-2' });
    await (await askedFor('c4', 2)).answer(wireCall('c4', { 's-alice': 'alice' }));
    expect(sessionsIn('c4')).to.deep.equal({ 's-alice': 'alice' });
  });

  it("hands the page's reactions each calls event once the state has it", async () => {
    const socket = fakeSocket();
    socket.register();
    loadChannelCall(socket, 'c5');
    await (await askedFor('c5', 1)).answer(null);
    const seen: string[] = [];
    const stop = onCallsEvent(socket, (name, data) => seen.push(`${name} ${currentCalls().calls[String(data.channelID)]?.id ?? 'none'}`));
    socket.send(`${PREFIX}call_start`, { id: 'call-c5', channelID: 'c5', post_id: 'post', owner_id: 'alice', host_id: 'alice', start_at: 1 });
    socket.send('posted', { channel_id: 'c5' });
    stop();
    socket.send(`${PREFIX}call_end`, { id: 'call-c5', channelID: 'c5' });
    expect(seen).to.deep.equal(['call_start call-c5']);
  });
});

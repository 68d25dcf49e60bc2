// The calls' media through a standalone media service (`scripts/parley media`, Mattermost's rtcd),
// which the server reaches through the Calls setting RTCDServiceURL instead of starting a media
// process of its own: real WebRTC peers, the server, the plugin and the service, all on loopback. Run
// only inside a network namespace that has nothing but `lo` (calls-rtcd.test.ts starts it there).
import { expect } from 'chai';
import { WebSocket } from 'ws';
import type { Team } from '@mattermost/types/teams';
import type { TestServer } from '../../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../../test/helpers/chat-fixtures.ts';
import { startMediaServerProcess, type MediaServerProcess } from '../../../../test/helpers/media-server-process.ts';
import { eventually } from '../../../../test/helpers/ws-client.ts';
import { patchCallsSettings, startServerWithCalls } from '../helpers/calls-server.ts';
import { CallPeer, HEARD } from '../helpers/call-peer.ts';
import { RTCD_CASES, RTCD_SUITE } from './rtcd-cases.ts';

const CLIENT = 'parley-test';
const KEY = 'k3y-of-the-parley-test-client';
/** A second client of the same service, for the frames the first must never be disturbed by. */
const OTHER = 'other-client';
const OTHER_KEY = 'the-other-client-s-own-key';

/** An upgrade to the service's /ws with these headers: the refusal's status and JSON, or the open socket. */
function upgrade(address: string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> } | WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${address}/ws`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) as Record<string, unknown> }));
    });
  });
}

const basic = (id: string, key: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${key}`).toString('base64')}` });

describe(RTCD_SUITE, function () {
  this.timeout(90_000);
  let service: MediaServerProcess;
  let ts: TestServer;
  let admin: LoggedIn;
  let users: LoggedIn[];
  let team: Team;
  const peers: CallPeer[] = [];

  before(async function () {
    this.timeout(120_000);
    service = await startMediaServerProcess({ [CLIENT]: KEY, [OTHER]: OTHER_KEY }, 9443);
    ({ ts, admin } = await startServerWithCalls({ ICEServersConfigs: '[]', RTCDServiceURL: service.url(CLIENT, KEY) }));
    users = [];
    for (let i = 0; i < 2; i++) users.push(await createUser(ts, admin.client));
    team = await createTeamWith(admin.client, users.map((u) => u.user.id));
    await eventually(async () => expect((await ts.server.plugins.media.status()).state).to.equal('running'), 30_000, 100);
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });
  after(async () => {
    await ts?.close();
    await service?.close();
  });

  /** Two peers join a new channel's call, unmute, and are connected. */
  async function callOfTwo(): Promise<[CallPeer, CallPeer]> {
    const channel = await createChannelWith(admin.client, team, users.map((u) => u.user.id));
    for (let i = 0; i < 2; i++) {
      const peer = await CallPeer.join(ts, users[i]!.client, channel.id, `peer-${i}`);
      peers.push(peer);
      peer.socket.send('unmute');
    }
    await Promise.all(peers.map((peer) => peer.peer.connected(30_000)));
    return [peers[0]!, peers[1]!];
  }

  it(RTCD_CASES.twoPeers, async () => {
    const [a, b] = await callOfTwo();
    await eventually(() => {
      expect(a.peer.packetsFrom(b.name), 'a hears b').to.be.at.least(HEARD);
      expect(b.peer.packetsFrom(a.name), 'b hears a').to.be.at.least(HEARD);
    }, 20_000, 100);
    const status = await ts.server.plugins.media.status();
    expect(status).to.include({ state: 'running', pid: null, url: `http://${service.address}` });
    expect(status.participants).to.equal(2);
    expect(status.rss_bytes).to.be.greaterThan(0);
    expect(JSON.stringify(status)).to.not.include(KEY);
  });

  it(RTCD_CASES.voice, async () => {
    const [a, b] = await callOfTwo();
    await a.peer.connected();
    a.peer.play('tone');
    await b.socket.waitFor('user_voice_on', (data) => data.session_id === a.sessionId, 10_000);
    a.peer.play('silence');
    await b.socket.waitFor('user_voice_off', (data) => data.session_id === a.sessionId, 10_000);
  });

  it(RTCD_CASES.wrongKey, async () => {
    await patchCallsSettings(ts, { RTCDServiceURL: service.url(CLIENT, 'not-the-key-of-this-client') });
    await eventually(async () => {
      const status = await ts.server.plugins.media.status();
      expect(status.state).to.equal('restarting');
      expect(status.last_exit).to.equal(`refused by http://${service.address}: The client id and key were refused. (media.auth.refused)`);
    }, 20_000, 100);
    await patchCallsSettings(ts, { RTCDServiceURL: service.url(CLIENT, KEY) });
    await eventually(async () => expect((await ts.server.plugins.media.status()).state).to.equal('running'), 20_000, 100);
    const [a, b] = await callOfTwo();
    await eventually(() => expect(b.peer.packetsFrom(a.name)).to.be.at.least(HEARD), 20_000, 100);
  });

  it(RTCD_CASES.hostile, async () => {
    const [a, b] = await callOfTwo();
    await eventually(() => expect(b.peer.packetsFrom(a.name)).to.be.at.least(HEARD), 20_000, 100);
    const restarts = (await ts.server.plugins.media.status()).restarts;
    expect(await upgrade(service.address, {})).to.deep.include({ status: 401, body: { id: 'media.auth.missing', message: 'Authenticate with the client id and key (HTTP Basic).', status_code: 401 } });
    for (const [id, key] of [['nobody', KEY], [CLIENT, OTHER_KEY], [CLIENT, `${KEY}x`], [CLIENT, '']]) {
      const refused = await upgrade(service.address, basic(id!, key!));
      expect(refused, `${id}:${key}`).to.have.property('status', 401);
      expect((refused as { body: Record<string, unknown> }).body.id).to.be.oneOf(['media.auth.refused', 'media.auth.missing']);
    }
    // Another client's link: a request for a call it does not have is refused, a frame that is no
    // request closes only that link, and the first client's call goes on.
    const other = (await upgrade(service.address, basic(OTHER, OTHER_KEY))) as WebSocket;
    const frames: Array<Record<string, any>> = [];
    other.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, any>));
    other.send(JSON.stringify({ kind: 'request', id: 1, request: { op: 'endCall', call: 'anything' } }));
    other.send(JSON.stringify({ kind: 'request', id: 2, request: { op: 'setMuted', call: 'x', session: 'y', muted: 'yes' } }));
    await eventually(() => expect(frames.filter((frame) => frame.kind === 'reply')).to.have.length(2), 5000, 20);
    expect(frames.find((frame) => frame.id === 1)).to.deep.include({ ok: false, error: { id: 'media.call.not_found', status: 404, message: 'There is no such media call; create it first.' } });
    expect(frames.find((frame) => frame.id === 2)?.error).to.include({ id: 'media.request.invalid', status: 400 });
    const closed = new Promise<number>((resolve) => other.once('close', (code) => resolve(code)));
    other.send('not json');
    expect(await closed).to.equal(1008);
    const before = b.peer.packetsFrom(a.name);
    await eventually(() => expect(b.peer.packetsFrom(a.name)).to.be.greaterThan(before + 10), 5000, 50);
    expect(await ts.server.plugins.media.status()).to.include({ state: 'running', restarts });
  });
});

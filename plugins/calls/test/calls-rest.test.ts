// The plugin's REST routes and /call command against a real server: state, config, TURN
// credentials, host controls with Mattermost's rules, and ending a call.
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { callsApi, CallsSocket, patchCallsSettings, slowly, startServerWithCalls } from './helpers/calls-server.ts';

const TURN_SECRET = 'coturn-static-auth-secret';

describe('calls REST API and /call', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  const sockets: CallsSocket[] = [];

  before(async () => {
    ({ ts, admin } = await startServerWithCalls());
    team = await createTeamWith(admin.client, []);
  });
  // New users for every test: each user has a budget of REST requests, and a test should not spend another's.
  beforeEach(async () => {
    [alice, bob, carol] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    for (const who of [alice, bob, carol]) await admin.client.addToTeam(team.id, who.user.id);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  after(async () => {
    await ts?.close();
  });

  const open = async (who: LoggedIn): Promise<CallsSocket> => {
    const socket = await CallsSocket.open(ts, who.client);
    sockets.push(socket);
    return socket;
  };
  /** A channel where alice started a call and bob joined it: alice hosts. */
  const callOfTwo = async (): Promise<{ channel: Channel; a: CallsSocket; b: CallsSocket }> => {
    const channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    const [a, b] = [await open(alice), await open(bob)];
    await a.join(channel.id);
    await b.join(channel.id);
    return { channel, a, b };
  };

  it('answers /version without a session and everything else only with one', async () => {
    const version = await callsApi(ts, null, 'GET', '/version');
    expect(version.status).to.equal(200);
    expect(version.body).to.deep.equal({ version: '0.1.0', build: '' });
    expect((await callsApi(ts, null, 'GET', '/config')).status).to.equal(401);
  });

  it('answers the client config from the settings, keeping TURN servers that need credentials out', async () => {
    await patchCallsSettings(ts, {
      MaxCallParticipants: 8,
      EnableRinging: true,
      TURNStaticAuthSecret: TURN_SECRET,
      ICEServersConfigs: JSON.stringify([{ urls: ['stun:stun.example.com:3478'] }, { urls: ['turn:turn.example.com:3478'] }, { urls: ['nonsense:x'] }]),
    });
    await slowly(async () => expect((await callsApi(ts, alice.client, 'GET', '/config')).body.MaxCallParticipants).to.equal(8));
    const config = (await callsApi(ts, alice.client, 'GET', '/config')).body;
    expect(config).to.include({ DefaultEnabled: true, AllowScreenSharing: true, EnableRinging: true, NeedsTURNCredentials: true, HostControlsAllowed: true, GroupCallsAllowed: true });
    expect(config.ICEServersConfigs).to.deep.equal([{ urls: ['stun:stun.example.com:3478'] }]);
  });

  it('makes TURN credentials as coturn checks them: <expiry>:<username>, HMAC-SHA1 of it in base64', async () => {
    await patchCallsSettings(ts, { TURNStaticAuthSecret: TURN_SECRET, TURNCredentialsExpirationMinutes: 30, ICEServersConfigs: JSON.stringify([{ urls: ['turn:turn.example.com:3478'] }]) });
    await slowly(async () => expect((await callsApi(ts, alice.client, 'GET', '/turn-credentials')).status).to.equal(200));
    const [server, ...others] = (await callsApi(ts, alice.client, 'GET', '/turn-credentials')).body;
    expect(others).to.deep.equal([]);
    expect(server.urls).to.deep.equal(['turn:turn.example.com:3478']);
    const [expiry, username] = (server.username as string).split(':');
    expect(username).to.equal(alice.user.username);
    expect(Number(expiry) - Date.now() / 1000).to.be.within(30 * 60 - 30, 30 * 60 + 1);
    expect(server.credential).to.equal(createHmac('sha1', TURN_SECRET).update(server.username).digest('base64'));

    await patchCallsSettings(ts, { TURNStaticAuthSecret: '' });
    await slowly(async () => expect((await callsApi(ts, alice.client, 'GET', '/turn-credentials')).status).to.equal(403));
  });

  it('shows a call to those who can read its channel and refuses the others', async () => {
    const { channel, a } = await callOfTwo();
    const state = await callsApi(ts, bob.client, 'GET', `/${channel.id}`);
    expect(state.status).to.equal(200);
    expect(state.body).to.include({ channel_id: channel.id, enabled: true });
    expect(state.body.call).to.include({ owner_id: alice.user.id, host_id: alice.user.id, screen_sharing_session_id: '' });
    expect(state.body.call.sessions).to.have.length(2);
    expect((await callsApi(ts, bob.client, 'GET', `/calls/${channel.id}/active`)).body).to.deep.equal({ active: true });
    const listed = (await callsApi(ts, bob.client, 'GET', '/channels')).body as Array<{ channel_id: string }>;
    expect(listed.map((entry) => entry.channel_id)).to.include(channel.id);

    const privateChannel = await createChannelWith(admin.client, team, [alice.user.id], 'P');
    await a.close();
    const secret = await open(alice);
    await secret.join(privateChannel.id);
    expect((await callsApi(ts, carol.client, 'GET', `/${privateChannel.id}`)).status).to.equal(403);
    expect((await callsApi(ts, carol.client, 'GET', `/calls/${privateChannel.id}/active`)).status).to.equal(403);
    expect(((await callsApi(ts, carol.client, 'GET', '/channels')).body as Array<{ channel_id: string }>).map((entry) => entry.channel_id)).to.not.include(privateChannel.id);
    expect((await callsApi(ts, carol.client, 'GET', '/calls/not-an-id/active')).status).to.equal(400);
  });

  it('lets channel admins turn calls off in a channel, refusing plain members, and then refuses to start a call there', async () => {
    const channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    const b = await open(bob);
    const refused = await callsApi(ts, alice.client, 'POST', `/${channel.id}`, { enabled: false });
    expect(refused.status).to.equal(403);
    expect((await callsApi(ts, admin.client, 'POST', `/${channel.id}`, { enabled: 'no' })).status).to.equal(400);
    expect((await callsApi(ts, admin.client, 'POST', `/${channel.id}`, { enabled: false })).body).to.deep.equal({ channel_id: channel.id, enabled: false });
    await b.waitFor('channel_disable_voice', (data) => data.channelID === channel.id);
    expect((await callsApi(ts, bob.client, 'GET', `/${channel.id}`)).body).to.deep.equal({ channel_id: channel.id, enabled: false });
    b.send('join', { channelID: channel.id });
    expect((await b.waitFor('error')).data.data).to.match(/disabled/);
  });

  it('lets only the host or a system admin use the host controls', async () => {
    const { channel, a, b } = await callOfTwo();
    a.send('unmute');
    await b.waitFor('user_unmuted');
    const refused = await callsApi(ts, bob.client, 'POST', `/calls/${channel.id}/host/mute`, { session_id: a.connectionId });
    expect(refused.status).to.equal(403);
    expect(refused.body.id).to.equal('app.calls.host.no_permissions');
    expect((await callsApi(ts, bob.client, 'POST', `/calls/${channel.id}/end`)).status).to.equal(403);

    const muted = await callsApi(ts, admin.client, 'POST', `/calls/${channel.id}/host/mute`, { session_id: a.connectionId });
    expect(muted).to.deep.equal({ status: 200, body: { message: 'success', status_code: 200 } });
    expect((await a.waitFor('host_mute')).data).to.include({ channel_id: channel.id, session_id: a.connectionId });

    b.send('raise_hand');
    await a.waitFor('user_raise_hand');
    expect((await callsApi(ts, alice.client, 'POST', `/calls/${channel.id}/host/lower-hand`, { session_id: b.connectionId })).status).to.equal(200);
    expect((await b.waitFor('host_lower_hand')).data).to.include({ session_id: b.connectionId, host_id: alice.user.id });

    expect((await callsApi(ts, alice.client, 'POST', `/calls/${channel.id}/host/make`, { new_host_id: 'nobody' })).status).to.equal(400);
    expect((await callsApi(ts, alice.client, 'POST', `/calls/${channel.id}/host/make`, '{not json')).status).to.equal(400);
    expect((await callsApi(ts, alice.client, 'POST', `/calls/${channel.id}/host/make`, { new_host_id: bob.user.id })).status).to.equal(200);
    await a.waitFor('call_host_changed', (data) => data.channelID === channel.id && data.hostID === bob.user.id);
    expect((await callsApi(ts, alice.client, 'POST', `/calls/${channel.id}/host/mute-others`)).status).to.equal(403);
  });

  it('removes a session the host removed once its client did not leave by itself', async () => {
    const { channel, a, b } = await callOfTwo();
    expect((await callsApi(ts, alice.client, 'POST', `/calls/${channel.id}/host/remove`, { session_id: b.connectionId })).status).to.equal(200);
    expect((await b.waitFor('host_removed')).data).to.include({ session_id: b.connectionId, user_id: bob.user.id });
    const left = await a.waitFor('user_left', (data) => data.channelID === channel.id, 8000);
    expect(left.data.session_id).to.equal(b.connectionId);
  });

  it("dismisses a call's ringing for the one user who asks, on all their connections and in the state they load", async () => {
    const { channel } = await callOfTwo();
    const [carolHere, carolElsewhere] = [await open(carol), await open(carol)];
    await admin.client.addToChannel(carol.user.id, channel.id);
    const dismissed = await callsApi(ts, carol.client, 'POST', `/calls/${channel.id}/dismiss-notification`);
    expect(dismissed).to.deep.equal({ status: 200, body: { message: 'success', status_code: 200 } });
    const callId = (await callsApi(ts, carol.client, 'GET', `/${channel.id}`)).body.call.id;
    for (const socket of [carolHere, carolElsewhere]) {
      expect((await socket.waitFor('user_dismissed_notification')).data).to.include({ userID: carol.user.id, callID: callId });
    }
    expect((await callsApi(ts, carol.client, 'GET', `/${channel.id}`)).body.call.dismissed_notification).to.deep.equal({ [carol.user.id]: true });
    // Each user learns only their own choice.
    expect((await callsApi(ts, bob.client, 'GET', `/${channel.id}`)).body.call).to.not.have.property('dismissed_notification');

    const quiet = await createChannelWith(admin.client, team, [carol.user.id]);
    const none = await callsApi(ts, carol.client, 'POST', `/calls/${quiet.id}/dismiss-notification`);
    expect(none.status).to.equal(400);
    expect(none.body.id).to.equal('app.calls.no_call_ongoing');
    const privateChannel = await createChannelWith(admin.client, team, [alice.user.id], 'P');
    expect((await callsApi(ts, carol.client, 'POST', `/calls/${privateChannel.id}/dismiss-notification`)).status).to.equal(403);
  });

  it('gives system admins the statistics of the calls held, and refuses everyone else', async () => {
    // The earlier tests' calls end once their closed sockets' grace period is over: counted from then, the figures are this call's alone.
    const stats = async () => (await callsApi(ts, admin.client, 'GET', '/stats')).body;
    await slowly(async () => expect((await stats()).total_active_calls).to.equal(0), 15_000);
    const before = await stats();
    const { channel, a, b } = await callOfTwo();
    a.send('screen_on');
    await b.waitFor('user_screen_on');
    const during = await stats();
    expect(during.total_active_calls).to.equal(before.total_active_calls + 1);
    expect(during.total_active_sessions).to.equal(before.total_active_sessions + 2);
    expect(during.total_calls, 'a call counts once it has ended').to.equal(before.total_calls);
    a.send('leave');
    b.send('leave');
    await slowly(async () => expect((await callsApi(ts, alice.client, 'GET', `/calls/${channel.id}/active`)).body).to.deep.equal({ active: false }));
    const after = await callsApi(ts, admin.client, 'GET', '/stats');
    expect(after.status).to.equal(200);
    expect(after.body).to.include({ total_calls: before.total_calls + 1, total_screen_share_calls: before.total_screen_share_calls + 1, total_active_calls: before.total_active_calls });
    expect(after.body.calls_by_channel_type.O).to.equal((before.calls_by_channel_type.O ?? 0) + 1);
    const today = new Date().toISOString().slice(0, 10);
    expect(after.body.calls_by_day[today]).to.equal(before.calls_by_day[today] + 1);
    expect(Object.keys(after.body.calls_by_day)).to.have.length(30);
    expect(after.body.calls_by_month[today.slice(0, 7)]).to.equal(before.calls_by_month[today.slice(0, 7)] + 1);
    expect(Object.keys(after.body.calls_by_month)).to.have.length(12);
    expect(after.body.avg_participants).to.be.at.least(1);
    for (const field of ['avg_duration', 'avg_video_duration', 'total_video_duration', 'total_video_calls']) expect(after.body[field], field).to.be.a('number');
    // Parley's addition: the media service and what it uses.
    expect(after.body.media_service).to.include({ state: 'running' });
    expect(after.body.media_service.pid).to.be.a('number');
    expect(after.body.media_service.rss_bytes).to.be.above(0);

    expect((await callsApi(ts, alice.client, 'GET', '/stats')).status).to.equal(403);
    expect((await callsApi(ts, alice.client, 'GET', '/env')).status).to.equal(403);
    expect(await callsApi(ts, admin.client, 'GET', '/env')).to.deep.equal({ status: 200, body: {} });
  });

  it('ends a call for everyone with /call end from the host, and refuses it to others', async () => {
    const { channel, a, b } = await callOfTwo();
    const refused = await bob.client.executeCommand('/call end', { channel_id: channel.id, team_id: team.id } as never);
    expect(refused.text).to.match(/^Error: Only the host/);
    const done = await alice.client.executeCommand('/call end', { channel_id: channel.id, team_id: team.id } as never);
    expect(done.text).to.equal('The call is ending for everyone.');
    await b.waitFor('call_end', (data) => data.channelID === channel.id);
    a.send('leave');
    await slowly(async () => expect((await callsApi(ts, alice.client, 'GET', `/calls/${channel.id}/active`)).body).to.deep.equal({ active: false }), 9000);

    const link = await alice.client.executeCommand('/call link', { channel_id: channel.id, team_id: team.id } as never);
    expect(link.text).to.equal(`Call link: ${ts.url}/${team.name}/channels/${channel.id}?join_call=true`);
    expect((await alice.client.executeCommand('/call join', { channel_id: channel.id, team_id: team.id } as never)).text).to.match(/from a client/);
  });
});

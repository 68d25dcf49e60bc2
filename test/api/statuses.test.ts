import { expect } from 'chai';
import type { UserStatus } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket, eventually } from '../helpers/ws-client.ts';
import { newId } from '../../core/src/app/ids.ts';

describe('user statuses', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  const statusOf = async (who: LoggedIn) => (await admin.client.getStatus(who.user.id)).status;
  const connect = (who: LoggedIn) => RawSocket.authenticated(ts, who.client.getToken());
  const choose = (who: LoggedIn, status: string, by = who) => by.client.updateStatus({ user_id: who.user.id, status } as UserStatus);

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts.close();
  });

  it('reports a user who never connected as offline', async () => {
    const alice = await createUser(ts, admin.client);
    const status = await alice.client.getStatus(alice.user.id);
    expect(status).to.include({ user_id: alice.user.id, status: 'offline', manual: false });
  });

  it('is online while a WebSocket is connected and offline when the last one closes', async () => {
    const alice = await createUser(ts, admin.client);
    const first = await connect(alice);
    const second = await connect(alice);
    await eventually(async () => expect(await statusOf(alice)).to.equal('online'));
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await statusOf(alice)).to.equal('online');
    await second.close();
    await eventually(async () => expect(await statusOf(alice)).to.equal('offline'));
  });

  it('sends status_change to the user whose status changed', async () => {
    const alice = await createUser(ts, admin.client);
    const socket = await connect(alice);
    const online = await socket.waitForEvent('status_change');
    expect(online.data).to.deep.equal({ status: 'online', user_id: alice.user.id });
    expect(online.broadcast.user_id).to.equal(alice.user.id);
    await choose(alice, 'away');
    await socket.waitFor((f) => f.event === 'status_change' && f.data?.status === 'away');
    await socket.close();
  });

  describe('timed do-not-disturb (dnd_end_time)', () => {
    const inMinutes = (minutes: number) => Math.floor(Date.now() / 1000) + minutes * 60;
    const chooseDnd = (who: LoggedIn, end: number) => who.client.updateStatus({ user_id: who.user.id, status: 'dnd', dnd_end_time: end } as UserStatus);

    it('keeps the end, and when it has passed gives back the status it replaced, telling the user', async () => {
      const alice = await createUser(ts, admin.client);
      await choose(alice, 'away');
      const end = inMinutes(30);
      expect(await chooseDnd(alice, end)).to.include({ status: 'dnd', manual: true, dnd_end_time: end });
      expect(await alice.client.getStatus(alice.user.id)).to.include({ status: 'dnd', dnd_end_time: end });
      const socket = await connect(alice);
      // Nothing is due yet.
      expect(await ts.server.services.statuses.endDueDnd()).to.equal(0);
      // The sweep as it runs 31 minutes from now.
      expect(await ts.server.services.statuses.endDueDnd(Date.now() + 31 * 60_000)).to.be.at.least(1);
      await socket.waitFor((f) => f.event === 'status_change' && f.data?.status === 'away');
      // Given back as an automatic status, which the open socket's activity may already have turned online.
      const after = await alice.client.getStatus(alice.user.id);
      expect(after).to.include({ manual: false, dnd_end_time: 0 });
      expect(after.status).to.be.oneOf(['away', 'online']);
      await socket.close();
    });

    it('goes back to the status before the first do-not-disturb when a timed one replaces another', async () => {
      const alice = await createUser(ts, admin.client);
      await choose(alice, 'offline');
      await chooseDnd(alice, inMinutes(10));
      await chooseDnd(alice, inMinutes(20));
      await ts.server.services.statuses.endDueDnd(Date.now() + 21 * 60_000);
      expect((await alice.client.getStatus(alice.user.id)).status).to.equal('offline');
    });

    it('ends the timing when the person chooses another status, or a do-not-disturb without end', async () => {
      const alice = await createUser(ts, admin.client);
      await chooseDnd(alice, inMinutes(5));
      expect(await choose(alice, 'dnd')).to.include({ status: 'dnd', dnd_end_time: 0 });
      await ts.server.services.statuses.endDueDnd(Date.now() + 6 * 60_000);
      expect((await alice.client.getStatus(alice.user.id)).status).to.equal('dnd');
      await chooseDnd(alice, inMinutes(5));
      expect(await choose(alice, 'online')).to.include({ status: 'online', dnd_end_time: 0 });
    });

    it('refuses an end in the past or that is not a whole number of seconds, keeping the status', async () => {
      const alice = await createUser(ts, admin.client);
      await choose(alice, 'away');
      await expectClientError(chooseDnd(alice, inMinutes(-1)), 400, 'api.context.invalid_param.app_error');
      await expectClientError(chooseDnd(alice, 1.5), 400, 'api.context.invalid_param.app_error');
      await expectClientError(chooseDnd(alice, -3), 400, 'api.context.invalid_param.app_error');
      expect((await alice.client.getStatus(alice.user.id)).status).to.equal('away');
    });
  });

  it('keeps a chosen status through connects and disconnects', async () => {
    const alice = await createUser(ts, admin.client);
    const chosen = await choose(alice, 'dnd');
    expect(chosen).to.include({ user_id: alice.user.id, status: 'dnd', manual: true });
    const socket = await connect(alice);
    expect((await socket.request('ping')).status).to.equal('OK');
    expect(await statusOf(alice)).to.equal('dnd');
    await socket.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await alice.client.getStatus(alice.user.id)).to.include({ status: 'dnd', manual: true });
  });

  it('clears a chosen status when the user chooses online', async () => {
    const alice = await createUser(ts, admin.client);
    await choose(alice, 'offline');
    const socket = await connect(alice);
    expect((await socket.request('ping')).status).to.equal('OK');
    expect(await statusOf(alice)).to.equal('offline');
    expect(await choose(alice, 'online')).to.include({ status: 'online', manual: false });
    await socket.close();
    await eventually(async () => expect(await statusOf(alice)).to.equal('offline'));
  });

  it('sets away and back online from the client\'s activity reports', async () => {
    const alice = await createUser(ts, admin.client);
    const socket = await connect(alice);
    expect((await socket.request('user_update_active_status', { user_is_active: false, manual: false })).status).to.equal('OK');
    expect(await statusOf(alice)).to.equal('away');
    expect((await socket.request('user_update_active_status', { user_is_active: true })).status).to.equal('OK');
    expect(await statusOf(alice)).to.equal('online');
    await socket.close();
  });

  it('returns statuses by ids, offline for unknown ids', async () => {
    const alice = await createUser(ts, admin.client);
    await choose(alice, 'away');
    const unknown = newId();
    const statuses = await admin.client.getStatusesByIds([alice.user.id, unknown]);
    expect(statuses.map((s) => [s.user_id, s.status])).to.deep.equal([
      [alice.user.id, 'away'],
      [unknown, 'offline'],
    ]);
    await expectClientError(admin.client.getStatusesByIds(['not-an-id']), 400, 'api.context.invalid_param.app_error');
  });

  it('rejects a status outside online, away, dnd and offline, and a user_id that does not match the URL', async () => {
    const alice = await createUser(ts, admin.client);
    await expectClientError(choose(alice, 'busy'), 400, 'api.context.invalid_param.app_error');
    await expectClientError(alice.client.updateStatus({ user_id: admin.user.id, status: 'away' } as UserStatus).then(() => undefined), 403);
    const response = await fetch(`${ts.url}/api/v4/users/${alice.user.id}/status`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: admin.user.id, status: 'away' }),
    });
    expect(response.status).to.equal(400);
  });

  it('lets an admin set another user\'s status but not a regular user', async () => {
    const alice = await createUser(ts, admin.client);
    const bob = await createUser(ts, admin.client);
    await expectClientError(choose(alice, 'dnd', bob), 403, 'api.context.permissions.app_error');
    expect(await choose(alice, 'dnd', admin)).to.include({ status: 'dnd', manual: true });
    await expectClientError(admin.client.updateStatus({ user_id: newId(), status: 'dnd' } as UserStatus), 404);
  });

  it('requires a session', async () => {
    await expectClientError(ts.client().getStatus(admin.user.id), 401);
  });
});

// PUT /users/sessions/device as Mattermost's mobile app calls it when it first connects: binding the
// session to the phone's push device, and keeping what the app says of itself in the session's props.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

describe('PUT /users/sessions/device', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  const attach = (token: string, body: unknown) =>
    fetch(`${ts.url}/api/v4/users/sessions/device`, { method: 'PUT', body: JSON.stringify(body), headers: { Authorization: `Bearer ${token}` } });
  const refusal = async (response: Response) => ({ status: response.status, ...((await response.json()) as { id: string; message: string }) });

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts.close();
  });

  it("binds the session to the device, ends the user's other sessions on it and gives a mobile session's length", async () => {
    const user = await createUser(ts, admin.client);
    const phoneBefore = await login(ts, user.user.username);
    const laptop = await login(ts, user.user.username);
    expect((await attach(phoneBefore.client.getToken(), { device_id: 'android_rn-v2:token-1' })).status).to.equal(200);

    const phone = await login(ts, user.user.username);
    expect((await attach(phone.client.getToken(), { device_id: 'android_rn-v2:token-1', device_notification_disabled: 'false', mobile_version: '2.25.0' })).status).to.equal(200);
    const sessions = await laptop.client.getSessions(user.user.id);
    const onDevice = sessions.filter((s) => s.device_id === 'android_rn-v2:token-1');
    expect(onDevice).to.have.length(1);
    const hours = ts.config.get().ServiceSettings.SessionLengthMobileInHours;
    expect(onDevice[0].expires_at).to.be.closeTo(Date.now() + hours * 3_600_000, 60_000);
    expect(onDevice[0].props).to.include({ device_notification_disabled: 'false', mobile_version: '2.25.0' });
    // The earlier session on that device ended; the laptop's did not.
    await expectClientError(phoneBefore.client.getMe(), 401);
    expect((await laptop.client.getMe()).id).to.equal(user.user.id);
  });

  it('keeps what the app says of a phone without a push device, binding nothing and ending no session', async () => {
    const user = await createUser(ts, admin.client);
    const phone = await login(ts, user.user.username);
    const [before] = await phone.client.getSessions(user.user.id);
    expect((await attach(phone.client.getToken(), { device_id: '', device_notification_disabled: 'true', mobile_version: '2.26.1' })).status).to.equal(200);
    const [after] = await phone.client.getSessions(user.user.id);
    expect(after).to.include({ id: before.id, device_id: '', expires_at: before.expires_at });
    expect(after.props).to.include({ device_notification_disabled: 'true', mobile_version: '2.26.1' });
    expect((await user.client.getMe()).id).to.equal(user.user.id);
  });

  it('refuses values the app never sends with the field named, and changes nothing', async () => {
    const user = await createUser(ts, admin.client);
    const [before] = await user.client.getSessions(user.user.id);
    for (const [body, field] of [
      [{ device_notification_disabled: 'maybe' }, 'device_notification_disabled'],
      [{ mobile_version: '2.25.0; drop table' }, 'mobile_version'],
      [{ device_id: 42 }, 'device_id'],
      [['android_rn-v2:token'], 'device'],
    ] as const) {
      const answer = await refusal(await attach(user.client.getToken(), body));
      expect(answer, JSON.stringify(body)).to.include({ status: 400, id: 'api.context.invalid_param.app_error' });
      expect(answer.message).to.include(field);
    }
    const [after] = await user.client.getSessions(user.user.id);
    expect(after).to.deep.equal(before);
  });

  it('refuses a personal access token, which is not a session a phone signed in with', async () => {
    const user = await createUser(ts, admin.client);
    const { token } = await admin.client.createUserAccessToken(user.user.id, 'script');
    const answer = await refusal(await attach(token ?? '', { device_id: 'apple:token-2' }));
    expect(answer).to.include({ status: 400, id: 'api.user.attach_device_id.access_token.app_error' });
  });
});

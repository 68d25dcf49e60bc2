import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

interface RawLogin {
  token: string;
  cookies: Map<string, { value: string; attributes: string }>;
  cookieHeader: string;
  csrf: string;
}

describe('authentication API', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts.close();
  });
  afterEach(() => {
    ts.config.patch({ ServiceSettings: { MaximumLoginAttempts: 10, SessionIdleTimeoutInMinutes: 43200, ExtendSessionLengthWithActivity: true } });
  });

  async function rawLogin(username: string, body: Record<string, unknown> = {}): Promise<RawLogin> {
    const response = await fetch(`${ts.url}/api/v4/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login_id: username, password: PASSWORD, ...body }),
    });
    expect(response.status).to.equal(200);
    const cookies = new Map<string, { value: string; attributes: string }>();
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const [name, value] = pair.split('=');
      cookies.set(name.trim(), { value, attributes: attributes.join(';').toLowerCase() });
    }
    const cookieHeader = [...cookies].map(([name, { value }]) => `${name}=${value}`).join('; ');
    return { token: response.headers.get('token')!, cookies, cookieHeader, csrf: cookies.get('MMCSRF')!.value };
  }

  async function sessionIdOf(client: LoggedIn, deviceId = ''): Promise<string> {
    const sessions = await client.client.getSessions(client.user.id);
    const matching = sessions.filter((s) => s.device_id === deviceId).sort((a, b) => b.create_at - a.create_at);
    return matching[0].id;
  }

  /** Moves a session back in time in the database, as if the server had not seen it since. */
  async function backdateSession(userId: string, sessionId: string, lastActivityAt: number, expiresAt?: number): Promise<void> {
    await ts.store.sessions.touch(sessionId, lastActivityAt, expiresAt);
    // The server remembers recently authenticated tokens for a few seconds; a real clock jump would outlast that.
    ts.server.services.sessions.forgetUser(userId);
  }

  describe('login and logout', () => {
    it('logs in by username or email and answers the session token in the Token header', async () => {
      const user = await createUser(ts, admin.client);
      const byEmail = await login(ts, user.user.email);
      expect(byEmail.user.id).to.equal(user.user.id);
      const raw = await rawLogin(user.user.username);
      expect(raw.token).to.have.length(26);
    });

    it('refuses a wrong password with Mattermost\'s id', async () => {
      const user = await createUser(ts, admin.client);
      await expectClientError(login(ts, user.user.username, 'not-the-password'), 401, 'api.user.login.invalid_credentials_email_username');
      await expectClientError(login(ts, 'nobody-here', PASSWORD), 401, 'api.user.login.invalid_credentials_email_username');
    });

    it('sets the session cookie httpOnly and the user id and CSRF cookies readable by scripts', async () => {
      const user = await createUser(ts, admin.client);
      const raw = await rawLogin(user.user.username);
      expect(raw.cookies.get('MMAUTHTOKEN')!.value).to.equal(raw.token);
      expect(raw.cookies.get('MMAUTHTOKEN')!.attributes).to.include('httponly');
      expect(raw.cookies.get('MMUSERID')!.value).to.equal(user.user.id);
      expect(raw.cookies.get('MMUSERID')!.attributes).not.to.include('httponly');
      expect(raw.cookies.get('MMCSRF')!.attributes).not.to.include('httponly');
    });

    it('records the device id whether sent as device_id or deviceId', async () => {
      const user = await createUser(ts, admin.client);
      await rawLogin(user.user.username, { device_id: 'android_rn:one' });
      await rawLogin(user.user.username, { deviceId: 'ios_rn:two' });
      const devices = (await user.client.getSessions(user.user.id)).map((s) => s.device_id);
      expect(devices).to.include.members(['android_rn:one', 'ios_rn:two', '']);
    });

    it('logout revokes only the session it was called with', async () => {
      const user = await createUser(ts, admin.client);
      const token = (await rawLogin(user.user.username)).token;
      const client = ts.client();
      client.setToken(token);
      await client.logout();
      client.setToken(token);
      await expectClientError(client.getMe(), 401);
      await user.client.getMe();
    });

    it('locks the account after MaximumLoginAttempts failures, even with the right password', async () => {
      ts.config.patch({ ServiceSettings: { MaximumLoginAttempts: 3 } });
      const user = await createUser(ts, admin.client);
      for (let i = 0; i < 3; i++) {
        await expectClientError(login(ts, user.user.username, 'wrong-password'), 401, 'api.user.login.invalid_credentials_email_username');
      }
      await expectClientError(login(ts, user.user.username), 401, 'api.user.check_user_login_attempts.too_many.app_error');
    });

    it('resets the failure count after a successful login', async () => {
      ts.config.patch({ ServiceSettings: { MaximumLoginAttempts: 3 } });
      const user = await createUser(ts, admin.client);
      for (let i = 0; i < 2; i++) await expectClientError(login(ts, user.user.username, 'wrong-password'), 401);
      await login(ts, user.user.username);
      for (let i = 0; i < 2; i++) await expectClientError(login(ts, user.user.username, 'wrong-password'), 401);
      await login(ts, user.user.username);
    });
  });

  describe('token transports', () => {
    let user: LoggedIn;
    let raw: RawLogin;
    before(async () => {
      user = await createUser(ts, admin.client);
      raw = await rawLogin(user.user.username);
    });

    async function me(headers: Record<string, string>, query = ''): Promise<number> {
      return (await fetch(`${ts.url}/api/v4/users/me${query}`, { headers })).status;
    }

    async function patchNickname(headers: Record<string, string>): Promise<number> {
      const response = await fetch(`${ts.url}/api/v4/users/me/patch`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ nickname: 'cookie' }),
      });
      return response.status;
    }

    it('accepts the token as Bearer, as Token, and as the access_token query parameter', async () => {
      expect(await me({ Authorization: `Bearer ${raw.token}` })).to.equal(200);
      expect(await me({ Authorization: `Token ${raw.token}` })).to.equal(200);
      expect(await me({}, `?access_token=${raw.token}`)).to.equal(200);
      expect(await me({ Authorization: 'Bearer 00000000000000000000000000' })).to.equal(401);
    });

    it('accepts the session cookie on GET without a CSRF token', async () => {
      expect(await me({ Cookie: raw.cookieHeader })).to.equal(200);
    });

    it('refuses a cookie-authenticated write without the CSRF token or with a wrong one', async () => {
      expect(await patchNickname({ Cookie: raw.cookieHeader })).to.equal(401);
      expect(await patchNickname({ Cookie: raw.cookieHeader, 'X-CSRF-Token': 'wrong' })).to.equal(401);
    });

    it('accepts a cookie-authenticated write with the CSRF token or X-Requested-With', async () => {
      expect(await patchNickname({ Cookie: raw.cookieHeader, 'X-CSRF-Token': raw.csrf })).to.equal(200);
      expect(await patchNickname({ Cookie: raw.cookieHeader, 'X-Requested-With': 'XMLHttpRequest' })).to.equal(200);
    });

    it('needs no CSRF token when the token comes in the Authorization header', async () => {
      expect(await patchNickname({ Authorization: `Bearer ${raw.token}` })).to.equal(200);
    });
  });

  describe('sessions', () => {
    it('lists a user\'s sessions without their tokens', async () => {
      const user = await createUser(ts, admin.client);
      await login(ts, user.user.username);
      const sessions = await user.client.getSessions(user.user.id);
      expect(sessions).to.have.length(2);
      for (const s of sessions) expect(s).to.include({ token: '', user_id: user.user.id });
    });

    it('revokes one session, and refuses to revoke someone else\'s', async () => {
      const user = await createUser(ts, admin.client);
      const second = await login(ts, user.user.username);
      const secondId = (await second.client.getSessions(user.user.id)).sort((a, b) => b.create_at - a.create_at)[0].id;
      const other = await createUser(ts, admin.client);
      await expectClientError(other.client.revokeSession(user.user.id, secondId), 403);
      await expectClientError(other.client.revokeSession(other.user.id, secondId), 400, 'api.user.revoke_session.app_error');
      await user.client.revokeSession(user.user.id, secondId);
      await expectClientError(second.client.getMe(), 401);
      await user.client.getMe();
    });

    it('revokes all sessions of a user', async () => {
      const user = await createUser(ts, admin.client);
      const second = await login(ts, user.user.username);
      await admin.client.revokeAllSessionsForUser(user.user.id);
      await expectClientError(user.client.getMe(), 401);
      await expectClientError(second.client.getMe(), 401);
    });

    it('expires a web session idle longer than SessionIdleTimeoutInMinutes', async () => {
      ts.config.patch({ ServiceSettings: { SessionIdleTimeoutInMinutes: 5 } });
      const user = await createUser(ts, admin.client);
      await backdateSession(user.user.id, await sessionIdOf(user), Date.now() - 6 * 60_000);
      await expectClientError(user.client.getMe(), 401);
    });

    it('keeps a mobile session regardless of the idle timeout', async () => {
      ts.config.patch({ ServiceSettings: { SessionIdleTimeoutInMinutes: 5 } });
      const user = await createUser(ts, admin.client);
      const mobile = ts.client();
      mobile.setToken((await rawLogin(user.user.username, { device_id: 'android_rn:idle' })).token);
      await backdateSession(user.user.id, await sessionIdOf(user, 'android_rn:idle'), Date.now() - 6 * 60_000);
      expect((await mobile.getMe()).id).to.equal(user.user.id);
    });

    it('records activity and slides the expiry forward for a recently active session', async () => {
      ts.config.patch({ ServiceSettings: { SessionIdleTimeoutInMinutes: 5 } });
      const user = await createUser(ts, admin.client);
      const sessionId = await sessionIdOf(user);
      const past = Date.now() - 3 * 60_000;
      await backdateSession(user.user.id, sessionId, past, past + 60 * 60_000);
      await user.client.getMe();
      const session = (await user.client.getSessions(user.user.id)).find((s) => s.id === sessionId)!;
      expect(session.last_activity_at).to.be.above(past + 60_000);
      expect(session.expires_at).to.be.above(Date.now() + 700 * 3_600_000);
    });

    it('records activity often enough that a short idle timeout spares an active user', async () => {
      ts.config.patch({ ServiceSettings: { SessionIdleTimeoutInMinutes: 1 } });
      const user = await createUser(ts, admin.client);
      const sessionId = await sessionIdOf(user);
      const past = Date.now() - 10_000;
      await backdateSession(user.user.id, sessionId, past);
      await user.client.getMe();
      const session = (await user.client.getSessions(user.user.id)).find((s) => s.id === sessionId)!;
      expect(session.last_activity_at).to.be.above(past);
    });

    it('rejects a session past its expiry', async () => {
      const user = await createUser(ts, admin.client);
      await backdateSession(user.user.id, await sessionIdOf(user), Date.now(), Date.now() - 1000);
      await expectClientError(user.client.getMe(), 401);
    });
  });
});

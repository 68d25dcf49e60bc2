import { expect } from 'chai';
import type { Bot } from '@mattermost/types/bots';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';
import { awayFromStepEdge, codeAt } from '../helpers/totp.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';

/** A plugin whose serveHttp answers with the user id it was told. */
const WHO_IS_CALLING = {
  id: 'com.example.mfa-echo',
  server: `export default () => ({ serveHttp(ctx, request) { return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: request.user_id }) }; } });`,
  manifest: { permissions: { api: [] } },
};

const BAD_CODE = 'api.user.check_user_mfa.bad_code.app_error';
const CODE_NEEDED = 'mfa.validate_token.authenticate.app_error';
const MFA_REQUIRED = 'api.context.mfa_required.app_error';
const INVALID_PARAM = 'api.context.invalid_param.app_error';

/** A code that is wrong for `secret` at every step the server accepts. */
async function wrongCode(secret: string): Promise<string> {
  const valid = new Set(await Promise.all([-1, 0, 1].map((steps) => codeAt(secret, steps))));
  let code = 100000;
  while (valid.has(String(code))) code += 1;
  return String(code);
}

describe('MFA API', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  /** A new user with MFA switched on; the code of the step before the current one was used to activate it. */
  async function userWithMfa(): Promise<LoggedIn & { secret: string }> {
    const user = await createUser(ts, admin.client);
    const { secret } = await user.client.generateMfaSecret('me');
    await awayFromStepEdge();
    await user.client.updateUserMfa(user.user.id, true, await codeAt(secret, -1));
    return { ...user, secret };
  }

  /** Runs `body` with settings patched, restoring them afterwards. */
  async function withSettings(patch: Record<string, Record<string, unknown>>, body: () => Promise<void>): Promise<void> {
    const before = Object.fromEntries(Object.entries(patch).map(([section, settings]) => [section, Object.fromEntries(Object.keys(settings).map((key) => [key, (ts.config.get() as unknown as Record<string, Record<string, unknown>>)[section][key]]))]));
    ts.config.patch(patch);
    try {
      await body();
    } finally {
      ts.config.patch(before);
    }
  }

  before(async () => {
    ts = await startTestServer({ config: { ServiceSettings: { EnableMultifactorAuthentication: true, EnableBotAccountCreation: true }, PluginSettings: { EnableUploads: true } } });
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts.close();
  });

  describe('setting up', () => {
    it('generates a base32 secret and a PNG QR code of it when asked for oneself', async () => {
      const alice = await createUser(ts, admin.client);
      const generated = await alice.client.generateMfaSecret(alice.user.id);
      expect(generated.secret).to.match(/^[A-Z2-7]{32}$/);
      const png = Buffer.from(generated.qr_code, 'base64');
      expect(png.subarray(0, 8).toString('hex')).to.equal('89504e470d0a1a0a');
      expect(png.length).to.be.greaterThan(200);
    });

    it('stores the secret sealed, never in the clear', async () => {
      const alice = await createUser(ts, admin.client);
      const { secret } = await alice.client.generateMfaSecret('me');
      const state = await ts.store.userMfa.find(alice.user.id);
      expect(state?.sealedSecret).to.be.a('string').and.not.equal('');
      expect(state?.sealedSecret).to.not.include(secret);
      expect(Buffer.from(state!.sealedSecret, 'base64').toString('latin1')).to.not.include(secret);
    });

    it('activates with a code from the generated secret and shows mfa_active to the user and admins only', async () => {
      const alice = await userWithMfa();
      expect((await alice.client.getMe()).mfa_active).to.equal(true);
      expect((await admin.client.getUser(alice.user.id)).mfa_active).to.equal(true);
      const bob = await createUser(ts, admin.client);
      expect((await bob.client.getUser(alice.user.id)).mfa_active).to.equal(false);
    });

    it('refuses to activate with a wrong code and leaves MFA off', async () => {
      const alice = await createUser(ts, admin.client);
      const { secret } = await alice.client.generateMfaSecret('me');
      await expectClientError(alice.client.updateUserMfa(alice.user.id, true, await wrongCode(secret)), 401, 'mfa.activate.bad_token.app_error');
      await expectClientError(alice.client.updateUserMfa(alice.user.id, true, 'abcdef'), 401, 'mfa.activate.bad_token.app_error');
      expect((await alice.client.getMe()).mfa_active).to.equal(false);
    });

    it('refuses to activate before a secret was generated', async () => {
      const alice = await createUser(ts, admin.client);
      await expectClientError(alice.client.updateUserMfa(alice.user.id, true, '123456'), 401, 'mfa.activate.bad_token.app_error');
    });

    it('refuses a new secret while MFA is on, so the one in use is not replaced', async () => {
      const alice = await userWithMfa();
      await expectClientError(alice.client.generateMfaSecret('me'), 400, 'api.user.generate_mfa_secret.already_active.app_error');
      expect((await ts.store.userMfa.find(alice.user.id))?.active).to.equal(true);
    });

    it('answers 501 when MFA is disabled on the server', async () => {
      const alice = await createUser(ts, admin.client);
      await withSettings({ ServiceSettings: { EnableMultifactorAuthentication: false } }, async () => {
        await expectClientError(alice.client.generateMfaSecret('me'), 501, 'mfa.mfa_disabled.app_error');
        await expectClientError(alice.client.updateUserMfa(alice.user.id, true, '123456'), 501, 'mfa.mfa_disabled.app_error');
      });
    });

    it("refuses another user's secret and MFA switch to a user without edit_other_users", async () => {
      const alice = await userWithMfa();
      const bob = await createUser(ts, admin.client);
      await expectClientError(bob.client.generateMfaSecret(alice.user.id), 403);
      await expectClientError(bob.client.updateUserMfa(alice.user.id, false, ''), 403);
      expect((await admin.client.getUser(alice.user.id)).mfa_active).to.equal(true);
    });

    it('lets the user switch MFA off, after which signing in takes no code', async () => {
      const alice = await userWithMfa();
      await alice.client.updateUserMfa(alice.user.id, false, '');
      expect((await alice.client.getMe()).mfa_active).to.equal(false);
      expect((await ts.store.userMfa.find(alice.user.id))?.sealedSecret).to.equal('');
      await login(ts, alice.user.username);
    });

    it('lets an admin reset MFA for a user who lost their device', async () => {
      const alice = await userWithMfa();
      await admin.client.updateUserMfa(alice.user.id, false, '');
      expect((await admin.client.getUser(alice.user.id)).mfa_active).to.equal(false);
      const signedIn = await login(ts, alice.user.username);
      expect(signedIn.user.mfa_active).to.equal(false);
    });

    it('refuses bad bodies with 400', async () => {
      const alice = await createUser(ts, admin.client);
      await expectClientError(alice.client.updateUserMfa(alice.user.id, true, ''), 400, INVALID_PARAM);
      const put = (body: string) => fetch(`${ts.url}/api/v4/users/me/mfa`, { method: 'PUT', headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'X-Requested-With': 'XMLHttpRequest' }, body });
      for (const body of ['{}', '{"activate":"yes"}', '[]', 'not json', '{"activate":true,"code":123456}', `{"activate":true,"code":"${'1'.repeat(100)}"}`]) {
        const response = await put(body);
        expect(response.status, body).to.equal(400);
        expect(((await response.json()) as { id: string }).id, body).to.equal(body === 'not json' ? 'api.context.invalid_body_param.app_error' : INVALID_PARAM);
      }
      await expectClientError(alice.client.generateMfaSecret('not-an-id'), 400);
    });
  });

  describe('signing in', () => {
    it('asks for a code when none is given, without counting a failed attempt', async () => {
      const alice = await userWithMfa();
      await expectClientError(ts.client().login(alice.user.username, PASSWORD), 401, CODE_NEEDED);
      expect((await admin.client.getUser(alice.user.id)).failed_attempts).to.equal(0);
    });

    it('signs in with the current code and refuses the same code a second time', async () => {
      const alice = await userWithMfa();
      const code = await codeAt(alice.secret, 0);
      const client = ts.client();
      const user = await client.login(alice.user.username, PASSWORD, code);
      expect(user.id).to.equal(alice.user.id);
      expect((await client.getMe()).mfa_active).to.equal(true);
      await expectClientError(ts.client().login(alice.user.username, PASSWORD, code), 401, BAD_CODE);
    });

    it('refuses the code that activated MFA', async () => {
      const alice = await createUser(ts, admin.client);
      const { secret } = await alice.client.generateMfaSecret('me');
      await awayFromStepEdge();
      const code = await codeAt(secret, 0);
      await alice.client.updateUserMfa(alice.user.id, true, code);
      await expectClientError(ts.client().login(alice.user.username, PASSWORD, code), 401, BAD_CODE);
    });

    it('accepts a code one step ahead and refuses one two steps ahead', async () => {
      const alice = await userWithMfa();
      const early = await codeAt(alice.secret, 2);
      const ahead = await codeAt(alice.secret, 1);
      if (early !== ahead) await expectClientError(ts.client().login(alice.user.username, PASSWORD, early), 401, BAD_CODE);
      await ts.client().login(alice.user.username, PASSWORD, ahead);
    });

    it('refuses a wrong or malformed code and counts each toward the lockout', async () => {
      const alice = await userWithMfa();
      await expectClientError(ts.client().login(alice.user.username, PASSWORD, await wrongCode(alice.secret)), 401, BAD_CODE);
      await expectClientError(ts.client().login(alice.user.username, PASSWORD, '12ab56'), 401, CODE_NEEDED);
      expect((await admin.client.getUser(alice.user.id)).failed_attempts).to.equal(2);
    });

    it('locks the account after MaximumLoginAttempts bad codes, even against the right code', async () => {
      const alice = await userWithMfa();
      const wrong = await wrongCode(alice.secret);
      for (let attempt = 0; attempt < ts.config.get().ServiceSettings.MaximumLoginAttempts; attempt++) {
        await expectClientError(ts.client().login(alice.user.username, PASSWORD, wrong), 401, BAD_CODE);
      }
      await expectClientError(ts.client().login(alice.user.username, PASSWORD, await codeAt(alice.secret, 0)), 401, 'api.user.check_user_login_attempts.too_many.app_error');
    });

    it('checks the password before the code', async () => {
      const alice = await userWithMfa();
      await expectClientError(ts.client().login(alice.user.username, 'wrong-password', await codeAt(alice.secret, 0)), 401, 'api.user.login.invalid_credentials_email_username');
    });

    it('tells before sign-in whether a login id needs a code (POST /users/mfa)', async () => {
      const alice = await userWithMfa();
      const bob = await createUser(ts, admin.client);
      expect(await ts.client().checkUserMfa(alice.user.username)).to.deep.equal({ mfa_required: true });
      expect(await ts.client().checkUserMfa(bob.user.email)).to.deep.equal({ mfa_required: false });
      expect(await ts.client().checkUserMfa(uniqueName('nobody'))).to.deep.equal({ mfa_required: false });
      await expectClientError(ts.client().checkUserMfa(''), 400, INVALID_PARAM);
    });

    it('signs in without a code when MFA is disabled on the server, as Mattermost does', async () => {
      const alice = await userWithMfa();
      await withSettings({ ServiceSettings: { EnableMultifactorAuthentication: false } }, async () => {
        await login(ts, alice.user.username);
      });
    });
  });

  describe('enforcement', () => {
    const enforced = (body: () => Promise<void>) => withSettings({ ServiceSettings: { EnforceMultifactorAuthentication: true } }, body);

    it('reports both settings in the client config', async () => {
      const alice = await createUser(ts, admin.client);
      expect(await ts.client().getClientConfig()).to.include({ EnableMultifactorAuthentication: 'true', EnforceMultifactorAuthentication: 'false' });
      await enforced(async () => {
        expect(await alice.client.getClientConfig()).to.include({ EnableMultifactorAuthentication: 'true', EnforceMultifactorAuthentication: 'true' });
      });
    });

    it('refuses a user without MFA everything but reading themselves, the config, setting MFA up and signing out', async () => {
      const alice = await createUser(ts, admin.client);
      await enforced(async () => {
        await expectClientError(alice.client.getMyTeams(), 403, MFA_REQUIRED);
        await expectClientError(alice.client.getUser(alice.user.id), 403, MFA_REQUIRED);
        await expectClientError(alice.client.updateUserMfa(alice.user.id, true, ''), 400, INVALID_PARAM);
        expect((await alice.client.getMe()).id).to.equal(alice.user.id);
        expect(await alice.client.getClientConfig()).to.include({ EnforceMultifactorAuthentication: 'true' });
        const { secret } = await alice.client.generateMfaSecret('me');
        await awayFromStepEdge();
        await alice.client.updateUserMfa('me', true, await codeAt(secret, 0));
        expect(await alice.client.getMyTeams()).to.be.an('array');
        await alice.client.logout();
      });
    });

    it('closes the WebSocket of a user without MFA, at connection and when an admin resets MFA', async () => {
      const alice = await createUser(ts, admin.client);
      const bob = await userWithMfa();
      const bobSocket = await RawSocket.authenticated(ts, bob.client.getToken());
      await enforced(async () => {
        const aliceSocket = await RawSocket.open(ts);
        aliceSocket.send({ seq: 1, action: 'authentication_challenge', data: { token: alice.client.getToken() } });
        expect(await aliceSocket.closed).to.deep.equal({ code: 1008, reason: 'multi-factor authentication required' });
        await admin.client.updateUserMfa(bob.user.id, false, '');
        expect((await bobSocket.closed).code).to.equal(1008);
      });
    });

    it('tells a plugin nothing of who calls when the caller must set up MFA', async function () {
      this.timeout(30_000);
      await admin.client.uploadPlugin(new File([new Uint8Array(pluginBundle(WHO_IS_CALLING))], 'plugin.tar.gz') as never, true);
      await admin.client.enablePlugin(WHO_IS_CALLING.id);
      const alice = await createUser(ts, admin.client);
      const caller = async () => {
        const response = await fetch(`${ts.url}/plugins/${WHO_IS_CALLING.id}/who`, { headers: { Authorization: `Bearer ${alice.client.getToken()}` } });
        return ((await response.json()) as { user_id: string }).user_id;
      };
      expect(await caller()).to.equal(alice.user.id);
      await enforced(async () => {
        expect(await caller()).to.equal('');
      });
    });

    it('lets a signed-in user with MFA through', async () => {
      const alice = await userWithMfa();
      await enforced(async () => {
        expect(await alice.client.getMyTeams()).to.be.an('array');
      });
    });

    it('refuses again at once when an admin resets MFA', async () => {
      const alice = await userWithMfa();
      await enforced(async () => {
        expect(await alice.client.getMyTeams()).to.be.an('array');
        await admin.client.updateUserMfa(alice.user.id, false, '');
        await expectClientError(alice.client.getMyTeams(), 403, MFA_REQUIRED);
      });
    });

    it("exempts bots, but not a person's access token (as Mattermost)", async () => {
      const bot = await admin.client.createBot({ username: uniqueName('bot'), display_name: 'Bot' } as Bot);
      const botClient = ts.client();
      botClient.setToken((await admin.client.createUserAccessToken(bot.user_id, 'mfa test')).token!);
      const alice = await createUser(ts, admin.client);
      const aliceToken = ts.client();
      aliceToken.setToken((await admin.client.createUserAccessToken(alice.user.id, 'script')).token!);
      await enforced(async () => {
        expect(await botClient.getMyTeams()).to.be.an('array');
        await expectClientError(aliceToken.getMyTeams(), 403, MFA_REQUIRED);
      });
    });

    it('refuses nothing when MFA is enforced but not enabled', async () => {
      const alice = await createUser(ts, admin.client);
      await withSettings({ ServiceSettings: { EnableMultifactorAuthentication: false, EnforceMultifactorAuthentication: true } }, async () => {
        expect(await alice.client.getMyTeams()).to.be.an('array');
        expect(await alice.client.getClientConfig()).to.include({ EnforceMultifactorAuthentication: 'false' });
      });
    });
  });
});

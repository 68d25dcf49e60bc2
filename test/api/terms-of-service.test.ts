// Custom terms of service through Client4: admins publish versions, everyone reads the one in force,
// each person accepts or rejects it for themselves, their profile shows what they accepted, and the
// client configuration tells the apps which version to ask for.
import { expect } from 'chai';
import type { TermsOfService } from '@mattermost/types/terms_of_service';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { clientFetch } from '../helpers/client-fetch.ts';

interface UserTermsOfService {
  user_id: string;
  terms_of_service_id: string;
  create_at: number;
}

describe('terms of service', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let published: TermsOfService;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts?.close();
  });

  const acceptanceOf = (who: LoggedIn, userId = 'me') => clientFetch<UserTermsOfService>(who.client, `${who.client.getUserRoute(userId)}/terms_of_service`, { method: 'get' });

  it('answers 404 before anything is published, and publishes a version for admins only', async () => {
    const someone = await createUser(ts, admin.client);
    await expectClientError(someone.client.getTermsOfService(), 404, 'app.terms_of_service.get.no_rows.app_error');
    await expectClientError(someone.client.createTermsOfService('Be kind.'), 403, 'api.context.permissions.app_error');
    published = await admin.client.createTermsOfService('Be kind.');
    expect(published).to.deep.include({ user_id: admin.user.id, text: 'Be kind.' });
    expect(published.id).to.have.length(26);
    expect(await someone.client.getTermsOfService()).to.deep.equal(published);
    await expectClientError(ts.client().getTermsOfService(), 401);
  });

  it('answers the version in force when the same text is published again, and a new one for a new text', async () => {
    expect(await admin.client.createTermsOfService('Be kind.')).to.deep.equal(published);
    const newer = await admin.client.createTermsOfService('Be kind. Be brief.');
    expect(newer.id).to.not.equal(published.id);
    expect((await admin.client.getTermsOfService()).id).to.equal(newer.id);
    published = newer;
  });

  it('refuses an empty or too long text', async () => {
    await expectClientError(admin.client.createTermsOfService(''), 400, 'api.create_terms_of_service.empty_text.app_error');
    await expectClientError(admin.client.createTermsOfService('x'.repeat(16384)), 400, 'model.terms_of_service.is_valid.text.app_error');
    expect((await admin.client.getTermsOfService()).id).to.equal(published.id);
  });

  it('records a person accepting, shows it on their own profile, and forgets it when they reject', async () => {
    const someone = await createUser(ts, admin.client);
    await expectClientError(acceptanceOf(someone), 404, 'app.user_terms_of_service.get_by_user.no_rows.app_error');
    await someone.client.updateMyTermsOfServiceStatus(published.id, true);
    const acceptance = await acceptanceOf(someone);
    expect({ user_id: acceptance.user_id, terms_of_service_id: acceptance.terms_of_service_id }).to.deep.equal({ user_id: someone.user.id, terms_of_service_id: published.id });
    const me = await someone.client.getMe();
    expect({ id: me.terms_of_service_id, at: me.terms_of_service_create_at }).to.deep.equal({ id: published.id, at: acceptance.create_at });
    expect((await admin.client.getUser(someone.user.id)).terms_of_service_id).to.equal(published.id);
    expect((await login(ts, someone.user.username)).user.terms_of_service_id).to.equal(published.id);
    const stranger = await createUser(ts, admin.client);
    expect((await stranger.client.getUser(someone.user.id)).terms_of_service_id).to.equal('');
    expect((await someone.client.getUserAudits(someone.user.id)).map((a) => a.extra_info)).to.include(`TermsOfServiceId=${published.id}, accepted=true`);
    await someone.client.updateMyTermsOfServiceStatus(published.id, false);
    await expectClientError(acceptanceOf(someone), 404, 'app.user_terms_of_service.get_by_user.no_rows.app_error');
    expect((await someone.client.getMe()).terms_of_service_id).to.equal('');
  });

  it('refuses answering for someone else, an unknown version and a malformed body', async () => {
    const someone = await createUser(ts, admin.client);
    const answerFor = (userId: string, body: unknown) => clientFetch(admin.client, `${admin.client.getUserRoute(userId)}/terms_of_service`, { method: 'post', body: JSON.stringify(body) });
    await expectClientError(answerFor(someone.user.id, { termsOfServiceId: published.id, accepted: true }), 403, 'api.context.permissions.app_error');
    await expectClientError(acceptanceOf(admin, someone.user.id), 403, 'api.context.permissions.app_error');
    await expectClientError(someone.client.updateMyTermsOfServiceStatus('a'.repeat(26), true), 404, 'app.terms_of_service.get.no_rows.app_error');
    await expectClientError(someone.client.updateMyTermsOfServiceStatus('nope', true), 400, 'api.context.invalid_param.app_error');
    await expectClientError(answerFor('me', { termsOfServiceId: published.id }), 400, 'api.context.invalid_param.app_error');
    await expectClientError(acceptanceOf(someone), 404);
  });

  it('tells the apps which version to ask for while the feature is on', async () => {
    const off = await admin.client.getClientConfig();
    expect({ enabled: off.EnableCustomTermsOfService, id: off.CustomTermsOfServiceId, period: off.CustomTermsOfServiceReAcceptancePeriod }).to.deep.equal({ enabled: 'false', id: '', period: '365' });
    await admin.client.patchConfig({ SupportSettings: { CustomTermsOfServiceEnabled: true, CustomTermsOfServiceReAcceptancePeriod: 30 } } as never);
    const on = await admin.client.getClientConfig();
    expect({ enabled: on.EnableCustomTermsOfService, id: on.CustomTermsOfServiceId, period: on.CustomTermsOfServiceReAcceptancePeriod }).to.deep.equal({ enabled: 'true', id: published.id, period: '30' });
    expect((await ts.client().getClientConfig()).CustomTermsOfServiceId).to.equal(published.id);
    await admin.client.patchConfig({ SupportSettings: { CustomTermsOfServiceEnabled: false } } as never);
  });
});

import { expect } from 'chai';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { UserCustomStatus, UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

describe('custom status API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let events: LiveEvent[];

  const status = (fields: Partial<UserCustomStatus>) => ({ emoji: 'palm_tree', text: 'On holiday', duration: '', ...fields }) as UserCustomStatus;
  const shown = async (userId: string) => {
    const json = (await bob.client.getUser(userId)).props?.customStatus;
    return json ? (JSON.parse(json) as UserCustomStatus) : null;
  };
  const recent = async (who: LoggedIn) => {
    // Client4 types the answer as one preference; the server (Mattermost's too) sends the list.
    const preferences = (await who.client.getMyPreferences()) as unknown as PreferenceType[];
    const preference = preferences.find((p) => p.category === 'custom_status' && p.name === 'recent_custom_statuses');
    return preference ? (JSON.parse(preference.value) as UserCustomStatus[]) : [];
  };

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    events = [];
    ts.server.events.subscribe((e) => events.push(e));
  });
  afterEach(() => {
    ts.config.patch({ TeamSettings: { EnableCustomUserStatuses: true } });
  });
  after(async () => {
    await ts.close();
  });

  it('sets a status in the user props, tells clients with user_updated, and clears it', async () => {
    await alice.client.updateCustomStatus(status({}));
    expect(await shown(alice.user.id)).to.deep.equal({ emoji: 'palm_tree', text: 'On holiday', duration: '', expires_at: '0001-01-01T00:00:00Z' });
    await new Promise((resolve) => setImmediate(resolve));
    const updated = events.filter((e) => e.event === 'user_updated' && (e.data.user as UserProfile).id === alice.user.id).at(-1);
    expect(JSON.parse((updated?.data.user as UserProfile).props.customStatus)).to.include({ text: 'On holiday' });

    await alice.client.unsetCustomStatus();
    expect(await shown(alice.user.id)).to.equal(null);
  });

  it('fills in the default emoji and the date_and_time duration, and cuts the text to 100 characters', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    await alice.client.updateCustomStatus({ emoji: '', text: 'é'.repeat(150), expires_at: expiresAt } as UserCustomStatus);
    const saved = await shown(alice.user.id);
    expect(saved).to.deep.equal({ emoji: 'speech_balloon', text: 'é'.repeat(100), duration: 'date_and_time', expires_at: expiresAt });
  });

  it('keeps the five most recent statuses, one per text, and forgets one on request', async () => {
    for (const text of ['one', 'two', 'three', 'two', 'four', 'five', 'six']) await alice.client.updateCustomStatus(status({ text }));
    const list = await recent(alice);
    expect(list.map((s) => s.text)).to.deep.equal(['six', 'five', 'four', 'two', 'three']);

    await alice.client.removeRecentCustomStatus(list[1]);
    expect((await recent(alice)).map((s) => s.text)).to.deep.equal(['six', 'four', 'two', 'three']);
    await expectClientError(alice.client.removeRecentCustomStatus(status({ text: 'never set' })), 400, 'app.custom_status.remove_recent_custom_statuses.no_recent.app_error');
  });

  it('does not show a status whose time has passed', async () => {
    const past = JSON.stringify({ emoji: 'coffee', text: 'Back soon', duration: 'thirty_minutes', expires_at: new Date(Date.now() - 60_000).toISOString() });
    const user = await ts.store.users.findById(alice.user.id);
    await ts.store.users.update(alice.user.id, { props: { ...user!.props, customStatus: past } });
    expect((await bob.client.getUser(alice.user.id)).props?.customStatus).to.equal('');
  });

  it('refuses an empty status, a bad duration, a past expiry and a bad emoji', async () => {
    await alice.client.unsetCustomStatus();
    const past = new Date(Date.now() - 60_000).toISOString();
    for (const bad of [
      status({ emoji: '', text: '' }),
      status({ duration: 'forever' as UserCustomStatus['duration'] }),
      status({ duration: 'one_hour' as UserCustomStatus['duration'], expires_at: past }),
      status({ expires_at: 'next tuesday' }),
      status({ emoji: '<img src=x>' }),
    ]) {
      await expectClientError(alice.client.updateCustomStatus(bad), 400, 'api.context.invalid_param.app_error');
    }
    expect(await shown(alice.user.id)).to.equal(null);
  });

  it("refuses to change another user's status, but lets an admin", async () => {
    const put = (who: LoggedIn, userId: string) =>
      fetch(`${ts.url}/api/v4/users/${userId}/status/custom`, { method: 'PUT', body: JSON.stringify(status({ text: 'Hijacked' })), headers: { Authorization: `Bearer ${who.client.getToken()}` } });
    expect((await put(bob, alice.user.id)).status).to.equal(403);
    expect(await shown(alice.user.id)).to.equal(null);
    expect((await put(admin, alice.user.id)).status).to.equal(200);
    expect(await shown(alice.user.id)).to.include({ text: 'Hijacked' });
    await alice.client.unsetCustomStatus();
  });

  it('answers 501 while TeamSettings.EnableCustomUserStatuses is off and says so in the client config', async () => {
    expect((await alice.client.getClientConfig()).EnableCustomUserStatuses).to.equal('true');
    ts.config.patch({ TeamSettings: { EnableCustomUserStatuses: false } });
    expect((await alice.client.getClientConfig()).EnableCustomUserStatuses).to.equal('false');
    await expectClientError(alice.client.updateCustomStatus(status({})), 501, 'api.custom_status.disabled');
  });
});

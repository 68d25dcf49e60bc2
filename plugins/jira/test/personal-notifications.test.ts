// Personal notifications at the unit level: connections, watchers, read access and direct messages
// are doubles (connections cannot be seeded from outside the plugin's isolate, and the connect flow
// is another module's), the decisions are the plugin's own code.
import { expect } from 'chai';
import type { PluginAPI } from '@parley/plugin-api';
import { NOTIFICATION_ROLES, type Connection, type NotificationRole } from '../src/connect/connection.ts';
import type { JiraDeps } from '../src/deps.ts';
import type { Instance } from '../src/instances/instance.ts';
import { sendPersonalNotifications, type NotifierDeps } from '../src/notifications/personal-notifications.ts';
import { issueWatchers } from '../src/notifications/watchers.ts';
import { withParleyMentions } from '../src/webhook/mention-names.ts';
import type { JiraSettings } from '../src/settings.ts';
import { decodeJiraWebhook } from '../src/webhook/jira-webhook.ts';
import { isIgnored, parseJiraEvent, type JiraEvent } from '../src/webhook/webhook-parser.ts';
import { commentEvent, issueAssigned, mentionOf, type Flavor, type PayloadUser } from './helpers/jira-payloads.ts';

const SITE = 'https://jira.example.com';
const INSTANCE: Instance = { id: SITE, type: 'server', alias: '', key: 'k'.repeat(26), installed_at: 0, installed_by: '', is_v2_legacy: true, auth: 'pat', consumer_key: '', rsa_key_name: '' };
const ada: PayloadUser = { accountId: 'acc-ada', name: 'ada', key: 'JIRAUSER1', displayName: 'Ada Lovelace' };
const bob: PayloadUser = { accountId: 'acc-bob', name: 'bob', key: 'JIRAUSER2', displayName: 'Bob Builder' };
const cy: PayloadUser = { accountId: 'acc-cy', name: 'cy', key: 'JIRAUSER3', displayName: 'Cy Young' };
const dee: PayloadUser = { accountId: 'acc-dee', name: 'dee', key: 'JIRAUSER4', displayName: 'Dee Dee' };

function event(payload: unknown): JiraEvent {
  const parsed = parseJiraEvent(decodeJiraWebhook(payload)!);
  if (isIgnored(parsed)) throw new Error(parsed.ignored);
  return parsed;
}

/** Doubles: who is connected (Jira id → Parley user), their switched-off roles, watchers, unreadable users. */
function doubles(flavor: Flavor, options: { connected?: PayloadUser[]; off?: Record<string, NotificationRole[]>; watchers?: PayloadUser[]; unreadable?: string[] } = {}) {
  const jiraId = (user: PayloadUser) => (flavor === 'cloud' ? user.accountId : user.name);
  const connected = new Map((options.connected ?? [ada, bob, cy, dee]).map((user) => [jiraId(user), `mm-${user.name}`]));
  const sent: Array<{ userId: string; message: string }> = [];
  const deps: NotifierDeps = {
    connections: {
      userForAccount: async (_instance, id) => connected.get(id),
      get: async (_instance, userId) => {
        const notifications = Object.fromEntries(NOTIFICATION_ROLES.map((role) => [role, !(options.off?.[userId] ?? []).includes(role)])) as Connection['notifications'];
        return { mattermost_user_id: userId, notifications } as Connection;
      },
    },
    watchers: async () => (options.watchers ?? []).map(jiraId),
    canRead: async (_instance, userId) => !(options.unreadable ?? []).includes(userId),
    sendDirect: async (userId, message) => {
      sent.push({ userId, message });
    },
  };
  return { deps, sent };
}

describe('jira personal notifications', () => {
  for (const flavor of ['cloud', 'server'] as const) {
    it(`sends the new assignee a DM on ${flavor}, and the reporter`, async () => {
      const { deps, sent } = doubles(flavor);
      const users = await sendPersonalNotifications(deps, INSTANCE, event(issueAssigned({ flavor, site: SITE, actor: ada, reporter: bob, assignee: cy })), false);
      expect(users).to.deep.equal(['mm-cy', 'mm-bob']);
      expect(sent[0]!.message).to.contain('Ada Lovelace assigned [PROJ-1');
      expect(sent[0]!.message).to.contain('to you');
      expect(sent[1]!.message).to.contain('You reported this bug');
    });

    it(`sends mentioned, assignee, reporter and watchers one DM each for a new comment on ${flavor}`, async () => {
      const { deps, sent } = doubles(flavor, { watchers: [dee, bob, ada] });
      const payload = commentEvent({ flavor, site: SITE, actor: ada, reporter: bob, assignee: cy }, 'created', `Please look, ${mentionOf(flavor, cy)}`);
      const users = await sendPersonalNotifications(deps, INSTANCE, event(payload), false);
      expect(users).to.deep.equal(['mm-cy', 'mm-bob', 'mm-dee']);
      expect(sent.find((dm) => dm.userId === 'mm-cy')!.message).to.contain('mentioned you in a comment');
      expect(sent.find((dm) => dm.userId === 'mm-dee')!.message).to.contain('You are watching this issue');
      expect(sent.find((dm) => dm.userId === 'mm-dee')!.message).to.contain('> Please look');
    });
  }

  it('never notifies the user who caused the event, even when mentioned or watching', async () => {
    const { deps, sent } = doubles('cloud', { watchers: [ada] });
    await sendPersonalNotifications(deps, INSTANCE, event(commentEvent({ flavor: 'cloud', site: SITE, actor: ada, reporter: ada, assignee: ada }, 'created', `note to self ${mentionOf('cloud', ada)}`)), false);
    expect(sent).to.deep.equal([]);
  });

  it('falls back to the next role when the first is switched off, and sends nothing when all are', async () => {
    const payload = commentEvent({ flavor: 'cloud', site: SITE, actor: ada, reporter: bob, assignee: cy }, 'created', `cc ${mentionOf('cloud', cy)}`);
    const mentionOff = doubles('cloud', { off: { 'mm-cy': ['mention'] } });
    await sendPersonalNotifications(mentionOff.deps, INSTANCE, event(payload), false);
    expect(mentionOff.sent.find((dm) => dm.userId === 'mm-cy')!.message).to.contain('which is assigned to you');
    const allOff = doubles('cloud', { off: { 'mm-cy': ['mention', 'assignee'], 'mm-bob': ['reporter'] } });
    expect(await sendPersonalNotifications(allOff.deps, INSTANCE, event(payload), false)).to.deep.equal([]);
  });

  it('skips people who are not connected or whose Jira access cannot read the issue', async () => {
    const payload = issueAssigned({ flavor: 'cloud', site: SITE, actor: ada, reporter: bob, assignee: cy });
    const notConnected = doubles('cloud', { connected: [ada, bob] });
    expect(await sendPersonalNotifications(notConnected.deps, INSTANCE, event(payload), false)).to.deep.equal(['mm-bob']);
    const unreadable = doubles('cloud', { unreadable: ['mm-cy', 'mm-bob'] });
    expect(await sendPersonalNotifications(unreadable.deps, INSTANCE, event(payload), false)).to.deep.equal([]);
  });

  it('still notifies the others when one DM fails', async () => {
    const { deps, sent } = doubles('cloud');
    const send = deps.sendDirect;
    deps.sendDirect = async (userId, message) => (userId === 'mm-cy' ? Promise.reject(new Error('deactivated')) : send(userId, message));
    const users = await sendPersonalNotifications(deps, INSTANCE, event(issueAssigned({ flavor: 'cloud', site: SITE, actor: ada, reporter: bob, assignee: cy })), false);
    expect(users).to.deep.equal(['mm-bob']);
    expect(sent.map((dm) => dm.userId)).to.deep.equal(['mm-bob']);
  });

  it('leaves the comment out of the DM when HideDecriptionComment is on', async () => {
    const { deps, sent } = doubles('cloud');
    await sendPersonalNotifications(deps, INSTANCE, event(commentEvent({ flavor: 'cloud', site: SITE, actor: ada, reporter: bob }, 'created', 'secret plans')), true);
    expect(sent).to.have.length(1);
    expect(sent[0]!.message).not.to.contain('secret plans');
  });

  describe('mentions in texts', () => {
    it('shows connected users as their @username and leaves the others as Jira wrote them', async () => {
      const api = { users: { get: async (userId: string) => ({ username: userId.replace('mm-', 'parley-') }) } } as unknown as PluginAPI;
      const connections = { userForAccount: async (_instance: unknown, jiraId: string) => (jiraId === 'acc-cy' ? 'mm-cy' : undefined) };
      const parsed = event(commentEvent({ flavor: 'cloud', site: SITE, actor: ada, reporter: bob, assignee: cy }, 'created', `Ping ${mentionOf('cloud', cy)} and ${mentionOf('cloud', dee)}`));
      const shown = await withParleyMentions(api, connections, INSTANCE, parsed);
      expect(shown.text).to.equal('> Ping @parley-cy and [~accountid:acc-dee]');
      expect(shown.notifications.every((n) => n.excerpt === '' || n.excerpt.includes('@parley-cy'))).to.equal(true);
    });
  });

  describe('watchers', () => {
    const settings = { AdminAPIToken: 'admin-token', AdminEmail: 'admin@example.com' } as JiraSettings;
    const watchedEvent = () => event(commentEvent({ flavor: 'cloud', site: SITE, actor: ada }, 'created'));

    function api(answer: { status: number; body: string }) {
      const requests: Array<{ url: string; headers: Record<string, string> }> = [];
      const fake = {
        http: { fetch: async (url: string, init: { headers: Record<string, string> }) => (requests.push({ url, headers: init.headers }), { status: answer.status, headers: {}, body: answer.body }) },
        log: { warn: async () => undefined },
      } as unknown as PluginAPI;
      const deps = { api: fake, connections: { userForAccount: async () => undefined } } as unknown as JiraDeps;
      return { deps, requests };
    }

    it('reads the watchers with the admin API token when the actor is not connected', async () => {
      const { deps, requests } = api({ status: 200, body: JSON.stringify({ watchCount: 3, watchers: [{ accountId: 'acc-bob', name: 'bob' }, { name: 'cy' }, { accountId: 'acc-dee' }] }) });
      expect(await issueWatchers(deps, settings, INSTANCE, watchedEvent()), 'Server: usernames first').to.deep.equal(['bob', 'cy', 'acc-dee']);
      expect(await issueWatchers(deps, settings, { ...INSTANCE, type: 'cloud-oauth' } as unknown as Instance, watchedEvent()), 'Cloud: accountIds first').to.deep.equal(['acc-bob', 'cy', 'acc-dee']);
      expect(requests[0]!.url).to.equal(`${SITE}/rest/api/2/issue/PROJ-1/watchers`);
      expect(requests[0]!.headers.Authorization).to.equal(`Basic ${Buffer.from('admin@example.com:admin-token').toString('base64')}`);
    });

    it('reads no watchers without a connected actor or an admin token, and none when Jira refuses', async () => {
      const none = api({ status: 200, body: '{}' });
      expect(await issueWatchers(none.deps, { AdminAPIToken: '', AdminEmail: '' } as JiraSettings, INSTANCE, watchedEvent())).to.deep.equal([]);
      expect(none.requests).to.deep.equal([]);
      const refused = api({ status: 403, body: JSON.stringify({ errorMessages: ['no'], errors: {} }) });
      expect(await issueWatchers(refused.deps, settings, INSTANCE, watchedEvent())).to.deep.equal([]);
    });
  });
});

// Who may manage a channel's subscriptions, at the unit level: the server side (channels, roles) is a
// double, the Jira side a fake Jira answering `/myself?expand=groups` to the user's own token (users
// cannot be connected from outside the plugin's isolate, so their credential is a double too).
import { expect } from 'chai';
import type { PluginAPI } from '@parley/plugin-api';
import type { Credential } from '../src/connect/connection.ts';
import type { JiraDeps } from '../src/deps.ts';
import type { ServerInstance } from '../src/instances/instance.ts';
import type { JiraSettings } from '../src/settings.ts';
import { checkSubscriptionEditor, SubscriptionForbiddenError } from '../src/subscriptions/subscription-permission.ts';
import { FakeJira } from './helpers/fake-jira.ts';
import { installGroupRoutes } from './helpers/fake-jira-groups.ts';

const CHANNEL = { id: 'c'.repeat(26), team_id: 't'.repeat(26), type: 'O' as const };

describe('jira subscription editors', () => {
  let fake: FakeJira;
  let instance: ServerInstance;
  const tokens = new Map<string, string>();
  const permissions = new Set<string>();

  before(async () => {
    fake = await FakeJira.start();
    installGroupRoutes(fake);
    tokens.set('admin-of-jira', fake.issueBearerToken(fake.addUser('alice', { groups: ['jira-software-users', 'Jira-Admins'] })));
    tokens.set('plain-jira-user', fake.issueBearerToken(fake.addUser('bert')));
    instance = { id: fake.url, type: 'server', alias: '', key: 'k'.repeat(26), installed_at: 0, installed_by: '', is_v2_legacy: true, auth: 'pat', consumer_key: '', rsa_key_name: '' };
  });
  after(() => fake?.close());
  beforeEach(() => permissions.clear());

  function deps(): JiraDeps {
    const api = {
      channels: { get: async () => ({ ...CHANNEL }), getMember: async () => ({}) },
      users: { hasPermission: async (userId: string, permission: string) => permissions.has(`${userId}:${permission}`) },
      http: {
        fetch: async (url: string, init: { method?: string; headers?: Record<string, string> }) => {
          const response = await fetch(url, { method: init.method, headers: init.headers });
          return { status: response.status, headers: {}, body: await response.text() };
        },
      },
    } as unknown as PluginAPI;
    const connections = { credential: async (_instance: unknown, userId: string): Promise<Credential | null> => (tokens.has(userId) ? { kind: 'pat', token: tokens.get(userId)! } : null) };
    return { api, instances: {} as JiraDeps['instances'], connections: connections as unknown as JiraDeps['connections'] };
  }

  const settings = (extra: Partial<JiraSettings>) => ({ RolesAllowedToEditJiraSubscriptions: 'users', GroupsAllowedToEditJiraSubscriptions: '', TeamIDs: '', ...extra }) as JiraSettings;
  const check = (userId: string, extra: Partial<JiraSettings>) => checkSubscriptionEditor(deps(), settings(extra), userId, CHANNEL.id, instance);

  it('lets a member of an allowed Jira group manage subscriptions (group names compared without regard to case)', async () => {
    expect((await check('admin-of-jira', { GroupsAllowedToEditJiraSubscriptions: 'jira-admins, release-managers' })).id).to.equal(CHANNEL.id);
    const asked = fake.calls('/rest/api/2/myself').at(-1)!;
    expect(asked.query.get('expand')).to.equal('groups');
  });

  it('refuses a connected user in none of the groups, and a user who is not connected', async () => {
    const groups = { GroupsAllowedToEditJiraSubscriptions: 'jira-admins' };
    await expectRefusal(check('plain-jira-user', groups), 'Only members of the Jira groups jira-admins');
    await expectRefusal(check('never-connected', groups), 'connect your Jira account');
  });

  it('asks for the role first: a group member without the role is refused', async () => {
    await expectRefusal(check('admin-of-jira', { RolesAllowedToEditJiraSubscriptions: 'team_admin', GroupsAllowedToEditJiraSubscriptions: 'jira-admins' }), 'Only team admins');
    permissions.add('admin-of-jira:manage_team');
    expect((await check('admin-of-jira', { RolesAllowedToEditJiraSubscriptions: 'team_admin', GroupsAllowedToEditJiraSubscriptions: 'jira-admins' })).id).to.equal(CHANNEL.id);
  });

  it('maps each role setting to its permission', async () => {
    for (const [role, permission] of [['channel_admin', 'manage_public_channel_properties'], ['team_admin', 'manage_team'], ['system_admin', 'manage_system']] as const) {
      permissions.clear();
      await expectRefusal(check('someone', { RolesAllowedToEditJiraSubscriptions: role }), 'Only');
      permissions.add(`someone:${permission}`);
      expect((await check('someone', { RolesAllowedToEditJiraSubscriptions: role })).id, role).to.equal(CHANNEL.id);
    }
  });
});

async function expectRefusal(attempt: Promise<unknown>, message: string): Promise<void> {
  try {
    await attempt;
  } catch (err) {
    expect(err).to.be.instanceOf(SubscriptionForbiddenError);
    expect((err as Error).message).to.contain(message);
    return;
  }
  expect.fail('the user was let through');
}

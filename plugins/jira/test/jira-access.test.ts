// Which instance and connection an issue command acts with, through the real InstanceStore and
// Connections over in-memory doubles: the user's default instance, `--instance` by URL or alias,
// and what a user who is not connected is told.
import { expect } from 'chai';
import { Connections } from '../src/connect/connections.ts';
import { InstanceStore } from '../src/instances/instance-store.ts';
import { issuesContext, NoJiraAccessError, takeFlag } from '../src/issues/jira-access.ts';
import { getIssue } from '../src/jira-api/issues-api.ts';
import { FakeJira } from './helpers/fake-jira.ts';
import { installIssueRoutes } from './helpers/fake-jira-issues.ts';
import { apiDouble, cloudInstance, connectionFor, serverInstance } from './helpers/issues-doubles.ts';

const ALICE = 'aliceparleyuseraliceparley';

describe('jira issue access', () => {
  let fake: FakeJira;

  before(async () => {
    fake = await FakeJira.start();
    const jira = installIssueRoutes(fake);
    jira.addProject('WEB');
    jira.addIssue('WEB', { summary: 'Reachable' });
  });
  after(() => fake?.close());

  async function setUp() {
    const { api } = apiDouble();
    const deps = { api, instances: new InstanceStore(api), connections: new Connections(api) };
    const server = await deps.instances.save(serverInstance(fake, 'dc'));
    const cloud = await deps.instances.save({ ...cloudInstance(fake), key: 'd'.repeat(26) });
    return { deps, server, cloud, ctx: issuesContext(deps) };
  }

  it('uses the user’s default instance, and another one named by URL or alias', async () => {
    const { deps, server, cloud, ctx } = await setUp();
    const alice = fake.addUser('alice');
    await deps.connections.save(server, connectionFor(server, ALICE, alice), { kind: 'pat', token: fake.issueBearerToken(alice) });
    await deps.connections.save(cloud, connectionFor(cloud, ALICE, alice), { kind: 'oauth2', access_token: fake.issueBearerToken(alice), refresh_token: '', expires_at: Date.now() + 3_600_000 });
    const byDefault = await ctx.access(ALICE);
    expect(byDefault.instance.id).to.equal(server.id);
    expect((await getIssue(byDefault.client, 'WEB-1')).fields.summary).to.equal('Reachable');
    expect((await ctx.access(ALICE, 'cloud')).instance.id).to.equal(cloud.id);
    const viaGateway = await ctx.access(ALICE, 'https://Example.atlassian.net/');
    await getIssue(viaGateway.client, 'WEB-1');
    expect(fake.requests.at(-1)!.viaGateway).to.equal(true);
    expect((await ctx.access(ALICE, 'DC')).connection.name).to.equal('alice');
  });

  it('tells a user who is not connected, or not to the instance named, how to connect', async () => {
    const { deps, server, ctx } = await setUp();
    const bob = fake.addUser('bob');
    const problem = (named?: string) => ctx.access('bobparleyuserbobparleyuser', named).then(() => '', (err: unknown) => (err instanceof NoJiraAccessError ? err.message : String(err)));
    expect(await problem()).to.equal('Your Parley account is not connected to Jira: connect first with `/jira connect`.');
    await deps.connections.save(server, connectionFor(server, 'bobparleyuserbobparleyuser', bob), { kind: 'pat', token: fake.issueBearerToken(bob) });
    expect(await problem('cloud')).to.equal('You are not connected to https://example.atlassian.net: connect first with `/jira connect cloud`.');
    expect(await problem('nowhere.example.com')).to.match(/^No Jira instance nowhere\.example\.com is installed/);
    expect(await problem()).to.equal('');
  });

  it('takes a flag and its value out of the words', () => {
    expect(takeFlag(['PROJ-1', '--instance', 'dc', 'done'], '--instance')).to.deep.equal({ value: 'dc', rest: ['PROJ-1', 'done'] });
    expect(takeFlag(['PROJ-1'], '--instance')).to.deep.equal({ value: undefined, rest: ['PROJ-1'] });
  });
});

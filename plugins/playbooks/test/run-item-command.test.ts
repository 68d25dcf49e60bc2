// Running a checklist item's slash command (POST /runs/{id}/checklists/{c}/item/{i}/run) through a
// real server and the real bundle: the command runs as the caller in the run channel, is recorded
// on the item and in the timeline, and is refused to people who may not change the run.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

describe('playbooks plugin: running a checklist item\'s slash command', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let bystander: LoggedIn;
  let team: Team;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const start = async () => {
    const playbook = await api(owner, 'POST', '/playbooks', playbookBody(team.id));
    expect(playbook.status, JSON.stringify(playbook.body)).to.equal(201);
    const run = await api(owner, 'POST', '/runs', { name: 'Checkout errors', owner_user_id: owner.user.id, team_id: team.id, playbook_id: playbook.body.id });
    expect(run.status, JSON.stringify(run.body)).to.equal(201);
    return run.body as { id: string; channel_id: string };
  };
  const current = async (runId: string) => (await api(owner, 'GET', `/runs/${runId}`)).body;
  const posts = async (channelId: string): Promise<Post[]> => Object.values((await admin.client.getPosts(channelId)).posts);

  before(async function () {
    this.timeout(60_000);
    ({ ts, admin } = await startServerWithPlaybooks());
    owner = await createUser(ts, admin.client);
    bystander = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, bystander.user.id]);
  });

  after(() => ts?.close());

  it('runs the command as the caller in the run channel, records command_last_run and a ran_slash_command event, under item/ and items/', async () => {
    const run = await start();
    const ran = await api(owner, 'POST', `/runs/${run.id}/checklists/0/item/0/run`);
    expect(ran.status, JSON.stringify(ran.body)).to.equal(200);
    expect(ran.body.trigger_id).to.be.a('string').that.is.not.empty;
    await eventually(async () => expect((await posts(run.channel_id)).find((p) => p.message === 'paged')?.user_id).to.equal(owner.user.id));
    const after = await current(run.id);
    expect(after.checklists[0].items[0].command_last_run).to.be.above(0);
    const events = after.timeline_events.filter((e: { event_type: string }) => e.event_type === 'ran_slash_command');
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ summary: 'ran the slash command: `/echo paged`', subject_user_id: owner.user.id });

    expect((await api(owner, 'POST', `/runs/${run.id}/checklists/0/items/0/run`)).status).to.equal(200);
    expect((await current(run.id)).timeline_events.filter((e: { event_type: string }) => e.event_type === 'ran_slash_command')).to.have.length(2);
  });

  it('refuses someone who may not change the run, and runs nothing', async () => {
    const run = await start();
    const refused = await api(bystander, 'POST', `/runs/${run.id}/checklists/0/item/0/run`);
    expect(refused.status).to.equal(403);
    expect((await current(run.id)).checklists[0].items[0].command_last_run).to.equal(0);
    expect(await api(null, 'POST', `/runs/${run.id}/checklists/0/item/0/run`).then((a) => a.status)).to.equal(401);
  });

  it('answers 400 for an item without a command, an unknown command, a missing item and a bad index', async () => {
    const run = await start();
    const none = await api(owner, 'POST', `/runs/${run.id}/checklists/0/item/1/run`);
    expect([none.status, none.body.id]).to.deep.equal([400, 'playbooks.run.no_command']);
    expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/0/item/1/command`, { command: '/nosuchcommand now' })).status).to.equal(200);
    const unknown = await api(owner, 'POST', `/runs/${run.id}/checklists/0/item/1/run`);
    expect([unknown.status, unknown.body.id]).to.deep.equal([400, 'playbooks.run.command_not_found']);
    const missing = await api(owner, 'POST', `/runs/${run.id}/checklists/0/item/9/run`);
    expect([missing.status, missing.body.id]).to.deep.equal([400, 'playbooks.run.item_not_found']);
    expect((await api(owner, 'POST', `/runs/${run.id}/checklists/x/item/0/run`)).status).to.equal(400);
    expect((await current(run.id)).timeline_events.filter((e: { event_type: string }) => e.event_type === 'ran_slash_command')).to.have.length(0);
  });
});

// The /playbook command through a real server and bundle, run as Mattermost's clients run it
// (Client4.executeCommand), with its dialogs (open_dialog on the WebSocket, then
// submitInteractiveDialog): start a run, show it, check an item, change the owner, post a status
// update, finish — and a refusal for someone who is not in the run.
import { expect } from 'chai';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { RawSocket } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

describe('playbooks plugin: /playbook command', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let teammate: LoggedIn;
  let team: Team;
  const command = async (who: LoggedIn, channelId: string, line: string) => (await who.client.executeCommand(line, { channel_id: channelId, team_id: team.id } as never)).text ?? '';
  const submitDialog = async (who: LoggedIn, channelId: string, line: string, submission: Record<string, unknown>) => {
    const socket = await RawSocket.authenticated(ts, who.client.getToken());
    try {
      const opened = socket.waitForEvent('open_dialog');
      expect(await command(who, channelId, line)).to.equal('');
      const request = JSON.parse((await opened).data.dialog as string) as { url: string; dialog: { callback_id: string; elements: Array<{ name: string }> } };
      const submit = { url: request.url, callback_id: request.dialog.callback_id, state: '', channel_id: channelId, team_id: team.id, user_id: who.user.id, cancelled: false, submission };
      return { request, answer: await who.client.submitInteractiveDialog(submit as never) };
    } finally {
      await socket.close();
    }
  };

  before(async function () {
    // A server with the prepackaged plugins running: longer than mocha's default on a busy machine.
    this.timeout(60_000);
    ({ ts, admin } = await startServerWithPlaybooks());
    owner = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id]);
  });

  after(() => ts?.close());

  it('starts a run from the run dialog, then shows, checks, hands over, updates and finishes it', async () => {
    const created = await playbooksApi(ts, owner, 'POST', '/playbooks', playbookBody(team.id, { title: 'Release' }));
    const town = await createChannelWith(admin.client, team, [owner.user.id]);

    const empty = await submitDialog(owner, town.id, '/playbook run', { playbook_id: created.body.id, name: ' ' });
    expect(empty.request.url).to.equal('/plugins/playbooks/api/v0/runs/dialog');
    expect(empty.request.dialog.elements.map((element) => element.name)).to.deep.equal(['playbook_id', 'name', 'owner_user_id', 'description']);
    expect(empty.answer).to.deep.equal({ errors: { name: 'Name the run.' } });
    expect((await submitDialog(owner, town.id, '/playbook run', { playbook_id: created.body.id, name: 'Release 1.2' })).answer).to.deep.equal({});

    const runs = (await playbooksApi(ts, owner, 'GET', `/runs?playbook_id=${created.body.id}`)).body;
    expect(runs.total_count).to.equal(1);
    const run = runs.items[0];
    expect(run).to.include({ name: 'Release 1.2', owner_user_id: owner.user.id });

    const info = await command(owner, run.channel_id, '/playbook info');
    expect(info).to.contain('Release 1.2').and.contain('0.0 [ ] Page the on-call').and.contain('1. Resolve');
    expect(await command(owner, run.channel_id, '/playbook check 0 0')).to.equal('Checked "Page the on-call".');
    expect(await command(owner, run.channel_id, '/playbook check 9 0')).to.contain('has no item 0 in checklist 9');
    expect(await command(owner, run.channel_id, '/playbook check one')).to.contain('/playbook check 0 1');
    expect(await command(owner, run.channel_id, '/playbook owner @nobody-here')).to.equal('There is no user @nobody-here.');
    expect(await command(owner, run.channel_id, `/playbook owner @${teammate.user.username}`)).to.contain(`@${teammate.user.username} is now the owner`);
    expect(await command(owner, run.channel_id, '/playbook owner')).to.equal(`The owner is @${teammate.user.username}.`);

    const update = await submitDialog(teammate, run.channel_id, '/playbook update', { message: 'Tagged and building.', reminder: '900' });
    expect(update.request.url).to.equal(`/plugins/playbooks/api/v0/runs/${run.id}/update-status-dialog`);
    expect(update.answer).to.deep.equal({});

    expect(await command(teammate, run.channel_id, '/playbook finish')).to.equal('Release 1.2 is finished.');
    const body = (await playbooksApi(ts, owner, 'GET', `/runs/${run.id}`)).body;
    expect(body.current_status).to.equal('Finished');
    expect(body.checklists[0].items[0].state).to.equal('closed');
    expect(body.timeline_events.map((event: { event_type: string }) => event.event_type)).to.deep.equal(['incident_created', 'task_state_modified', 'owner_changed', 'status_updated', 'run_finished']);
  });

  it('answers outside a run channel, and refuses people who are not in the run', async () => {
    const created = await playbooksApi(ts, owner, 'POST', '/playbooks', playbookBody(team.id, { public: false }));
    const run = (await playbooksApi(ts, owner, 'POST', '/runs', { name: 'Quiet', owner_user_id: owner.user.id, team_id: team.id, playbook_id: created.body.id, create_public_run: true })).body;
    const town = await createChannelWith(admin.client, team, [owner.user.id]);
    expect(await command(owner, town.id, '/playbook info')).to.contain('This channel has no run');
    await admin.client.addToChannel(teammate.user.id, run.channel_id);
    expect(await command(teammate, run.channel_id, '/playbook finish')).to.equal('You do not have permission to do this in this run.');
    expect(await command(teammate, run.channel_id, '/playbook info')).to.equal('You do not have permission to do this in this run.');
    expect((await playbooksApi(ts, owner, 'GET', `/runs/${run.id}`)).body.current_status).to.equal('InProgress');
  });
});

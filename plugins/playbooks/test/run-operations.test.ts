// The rest of the runs REST API through a real server and the real bundle: checklists added,
// renamed, moved, skipped and removed; items deleted, duplicated, given due dates and commands;
// participants; metadata; site stats; the command's suggestions; the status reminder's snooze; the
// retrospective (saved, published, reminded of and declined) — each with its bad input and its
// refusals of people outside the run.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually, RawSocket } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

describe('playbooks plugin: run checklists, participants, reminders and retrospectives', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let teammate: LoggedIn;
  let bystander: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const start = async (fields: Record<string, unknown> = {}, runFields: Record<string, unknown> = {}) => {
    const playbook = await api(owner, 'POST', '/playbooks', playbookBody(team.id, fields));
    expect(playbook.status, JSON.stringify(playbook.body)).to.equal(201);
    const run = await api(owner, 'POST', '/runs', { name: 'Checkout errors', owner_user_id: owner.user.id, team_id: team.id, playbook_id: playbook.body.id, ...runFields });
    expect(run.status, JSON.stringify(run.body)).to.equal(201);
    return { run: run.body, playbookId: playbook.body.id as string, metricId: (await api(owner, 'GET', `/playbooks/${playbook.body.id}`)).body.metrics[0]?.id as string };
  };
  const current = async (runId: string) => (await api(owner, 'GET', `/runs/${runId}`)).body;
  const titles = (run: { checklists: Array<{ title: string; items: Array<{ title: string }> }> }) => run.checklists.map((checklist) => [checklist.title, checklist.items.map((item) => item.title)]);
  const posts = async (channelId: string): Promise<Post[]> => Object.values((await admin.client.getPosts(channelId)).posts);

  before(async function () {
    this.timeout(60_000);
    ({ ts, admin } = await startServerWithPlaybooks());
    owner = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    bystander = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id, bystander.user.id]);
    await createTeamWith(admin.client, [outsider.user.id]);
  });

  after(() => ts?.close());

  describe('checklists', () => {
    it('adds, renames, moves, skips, restores and removes checklists', async () => {
      const { run } = await start();
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists`, { title: ' Follow-up ', items: [{ title: 'Tell customers', state: 'closed' }] })).status).to.equal(201);
      let body = await current(run.id);
      expect(titles(body)).to.deep.equal([['Triage', ['Page the on-call', 'Open a bridge']], ['Resolve', ['Write the timeline']], ['Follow-up', ['Tell customers']]]);
      expect(body.checklists[2].items[0].state).to.equal('');
      expect(body.checklists[2].id).to.have.length(26);

      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/2/rename`, { title: 'Aftercare' })).status).to.equal(200);
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists/move`, { source_checklist_idx: 2, dest_checklist_idx: 0 })).status).to.equal(200);
      expect(titles(await current(run.id)).map(([title]) => title)).to.deep.equal(['Aftercare', 'Triage', 'Resolve']);

      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/1/skip`)).status).to.equal(204);
      body = await current(run.id);
      expect(body.checklists[1].items.map((item: { state: string }) => item.state)).to.deep.equal(['skipped', 'skipped']);
      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/1/restore`)).status).to.equal(204);
      expect((await current(run.id)).checklists[1].items.map((item: { state: string }) => item.state)).to.deep.equal(['', '']);

      // Mattermost answers a removed checklist with 201.
      expect((await api(owner, 'DELETE', `/runs/${run.id}/checklists/0`)).status).to.equal(201);
      expect(titles(await current(run.id)).map(([title]) => title)).to.deep.equal(['Triage', 'Resolve']);
    });

    it('duplicates a checklist at the end with new ids and the items as they were (201), and renames with the Go client\'s {"Title"} body', async () => {
      const { run } = await start();
      await api(owner, 'PUT', `/runs/${run.id}/checklists/0/item/1/state`, { new_state: 'closed' });
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists/0/duplicate`)).status).to.equal(201);
      const body = await current(run.id);
      expect(titles(body)).to.deep.equal([['Triage', ['Page the on-call', 'Open a bridge']], ['Resolve', ['Write the timeline']], ['Triage', ['Page the on-call', 'Open a bridge']]]);
      const [original, copy] = [body.checklists[0], body.checklists[2]];
      expect(copy.id).to.have.length(26).and.not.equal(original.id);
      expect(copy.items.map((item: { id: string }) => item.id)).to.not.include.members(original.items.map((item: { id: string }) => item.id));
      expect(copy.items.map((item: { state: string }) => item.state)).to.deep.equal(['', 'closed']);
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists/3/duplicate`)).status).to.equal(400);
      expect((await api(teammate, 'POST', `/runs/${run.id}/checklists/0/duplicate`)).status).to.equal(403);

      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/2/rename`, { Title: 'Triage again' })).status).to.equal(200);
      expect(titles(await current(run.id)).map(([title]) => title)).to.deep.equal(['Triage', 'Resolve', 'Triage again']);
    });

    it('deletes and duplicates items and sets due dates and commands, under item/ and items/', async () => {
      const { run } = await start();
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists/0/item/1/duplicate`)).status).to.equal(201);
      expect(titles(await current(run.id))[0]).to.deep.equal(['Triage', ['Page the on-call', 'Open a bridge', 'Open a bridge']]);
      expect((await api(owner, 'DELETE', `/runs/${run.id}/checklists/0/items/2`)).status).to.equal(204);
      expect(titles(await current(run.id))[0]).to.deep.equal(['Triage', ['Page the on-call', 'Open a bridge']]);

      const due = Date.now() + 3_600_000;
      const setDue = await api(owner, 'PUT', `/runs/${run.id}/checklists/0/items/1/duedate`, { due_date: due });
      expect([setDue.status, setDue.body]).to.deep.equal([200, {}]);
      const setCommand = await api(owner, 'PUT', `/runs/${run.id}/checklists/0/item/1/command`, { command: '/echo bridge open' });
      expect([setCommand.status, setCommand.body]).to.deep.equal([200, {}]);
      expect((await current(run.id)).checklists[0].items[1]).to.include({ due_date: due, command: '/echo bridge open' });
    });

    it('answers 400 to blank titles, positions the run does not have, and commands without a slash', async () => {
      const { run } = await start();
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists`, { title: '  ' })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists`, { title: 7 })).status).to.equal(400);
      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/0/rename`, { title: '' })).status).to.equal(400);
      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/5/rename`, { title: 'Nope' })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/checklists/move`, { source_checklist_idx: 0, dest_checklist_idx: 9 })).status).to.equal(400);
      expect((await api(owner, 'DELETE', `/runs/${run.id}/checklists/0/item/9`)).status).to.equal(400);
      expect((await api(owner, 'DELETE', `/runs/${run.id}/checklists/x/item/0`)).status).to.equal(400);
      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/0/item/0/duedate`, { due_date: 'tomorrow' })).status).to.equal(400);
      expect((await api(owner, 'PUT', `/runs/${run.id}/checklists/0/item/0/command`, { command: 'echo' })).status).to.equal(400);
      expect(titles(await current(run.id))).to.deep.equal(titles(run));
    });

    it('refuses team members outside the run and people of other teams', async () => {
      const { run } = await start();
      for (const who of [bystander, outsider]) {
        expect((await api(who, 'POST', `/runs/${run.id}/checklists`, { title: 'Mine' })).status).to.equal(403);
        expect((await api(who, 'DELETE', `/runs/${run.id}/checklists/0`)).status).to.equal(403);
        expect((await api(who, 'DELETE', `/runs/${run.id}/checklists/0/item/0`)).status).to.equal(403);
        expect((await api(who, 'PUT', `/runs/${run.id}/checklists/0/item/0/duedate`, { due_date: 1 })).status).to.equal(403);
      }
      expect(titles(await current(run.id))).to.deep.equal(titles(run));
    });
  });

  describe('participants and metadata', () => {
    it('adds and removes participants, with the channel when asked, and records it in the timeline', async () => {
      const { run } = await start();
      const added = await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id], force_add_to_channel: true });
      expect([added.status, added.body]).to.deep.equal([200, { status: 'OK' }]);
      let body = await current(run.id);
      expect(body.participant_ids).to.have.members([owner.user.id, teammate.user.id]);
      expect((await admin.client.getChannelMembers(run.channel_id)).map((member) => member.user_id)).to.include(teammate.user.id);
      expect((await api(teammate, 'DELETE', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] })).status).to.equal(200);
      body = await current(run.id);
      expect(body.participant_ids).to.deep.equal([owner.user.id]);
      expect(body.timeline_events.filter((event: { event_type: string }) => event.event_type === 'participants_changed').map((event: { summary: string }) => event.summary)).to.deep.equal([
        `@${owner.user.username} added @${teammate.user.username} to the run`,
        `@${teammate.user.username} left the run`,
      ]);
    });

    it('lets a team member who may see the run join it, but not add others; keeps the owner; refuses finished runs and outsiders', async () => {
      const { run } = await start();
      expect((await api(bystander, 'POST', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] })).status).to.equal(403);
      expect((await api(bystander, 'POST', `/runs/${run.id}/participants`, { user_ids: [bystander.user.id] })).status).to.equal(200);
      expect((await api(owner, 'DELETE', `/runs/${run.id}/participants`, { user_ids: [owner.user.id] })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [outsider.user.id] })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: ['nope'] })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [] })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: teammate.user.id })).status).to.equal(400);
      expect((await api(outsider, 'POST', `/runs/${run.id}/participants`, { user_ids: [outsider.user.id] })).status).to.equal(403);
      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      expect((await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] })).status).to.equal(400);
      expect((await current(run.id)).participant_ids).to.have.members([owner.user.id, bystander.user.id]);
    });

    it('answers the metadata, the channel\'s names only to those who may read the channel', async () => {
      const { run } = await start({}, { create_public_run: false });
      const channel = await admin.client.getChannel(run.channel_id);
      const mine = await api(owner, 'GET', `/runs/${run.id}/metadata`);
      expect(mine.status).to.equal(200);
      expect(mine.body).to.include({ channel_name: channel.name, channel_display_name: 'Checkout errors', team_name: team.name, num_participants: 1 });
      expect(mine.body.total_posts).to.be.at.least(1);
      // The owner takes part, and so follows the run.
      expect(mine.body.followers).to.deep.equal([owner.user.id]);
      // The public playbook lets a teammate see the run, not the private channel.
      const theirs = await api(bystander, 'GET', `/runs/${run.id}/metadata`);
      expect(theirs.body).to.include({ channel_name: '', channel_display_name: '', total_posts: 0, team_name: team.name });
      expect((await api(outsider, 'GET', `/runs/${run.id}/metadata`)).status).to.equal(403);
    });
  });

  describe('site stats', () => {
    it('counts every playbook and run for those who may read analytics, and refuses the others', async () => {
      await start();
      const stats = await api(admin, 'GET', '/stats/site');
      expect(stats.status).to.equal(200);
      const listed = await api(admin, 'GET', '/playbooks?with_archived=true');
      const runs = await api(admin, 'GET', '/runs?statuses=InProgress,Finished');
      expect(stats.body).to.deep.equal({ total_playbooks: listed.body.total_count, total_playbook_runs: runs.body.total_count });
      expect((await api(owner, 'GET', '/stats/site')).status).to.equal(403);
    });
  });

  describe('command suggestions', () => {
    it('suggests a run channel\'s items to those who may read it, and answers 404 to the others and 400 without a channel', async () => {
      const { run } = await start({}, { create_public_run: false });
      const items = await api(owner, 'GET', `/runs/checklist-autocomplete-item?channel_id=${run.channel_id}`);
      expect(items.body).to.deep.equal([{ Item: '0 0', Hint: '"Page the on-call"' }, { Item: '0 1', Hint: '"Open a bridge"' }, { Item: '1 0', Hint: '"Write the timeline"' }]);
      expect((await api(owner, 'GET', `/runs/checklist-autocomplete?channel_id=${run.channel_id}`)).body).to.deep.equal([{ Item: '0', Hint: '"Triage"' }, { Item: '1', Hint: '"Resolve"' }]);
      expect((await api(bystander, 'GET', `/runs/checklist-autocomplete-item?channel_id=${run.channel_id}`)).status).to.equal(404);
      expect((await api(owner, 'GET', '/runs/checklist-autocomplete-item')).status).to.equal(400);
    });
  });

  describe('status reminders', () => {
    it('snoozes the reminder, which then comes at its new time with a button that opens the update dialog, and records the snooze', async () => {
      const { run } = await start({ status_update_enabled: true });
      expect((await api(owner, 'POST', `/runs/${run.id}/reminder`, { new_reminder_seconds: 1 })).status).to.equal(204);
      const body = await current(run.id);
      expect(body.previous_reminder).to.equal(1e9);
      expect(body.timeline_events.map((event: { event_type: string }) => event.event_type)).to.include('status_update_snoozed');
      await eventually(async () => expect((await posts(run.channel_id)).filter((post) => post.message.includes('a status update for **Checkout errors** is due'))).to.have.length(1), 10_000);
      const reminder = (await posts(run.channel_id)).find((post) => post.message.includes('a status update for **Checkout errors** is due'))!;
      expect(reminder.type).to.equal('custom_update_status');
      expect(reminder.props).to.include({ playbookRunId: run.id, targetUsername: owner.user.username });

      // Its button opens the update dialog for the owner.
      const button = (reminder.props.attachments as Array<{ actions: Array<{ id: string; name: string }> }>)[0]!.actions[0]!;
      expect(button.name).to.equal('Update status');
      const socket = await RawSocket.authenticated(ts, owner.client.getToken());
      try {
        const opened = socket.waitForEvent('open_dialog', 5000);
        await owner.client.doPostAction(reminder.id, button.id);
        expect(JSON.parse((await opened).data.dialog as string).url).to.equal(`/plugins/playbooks/api/v0/runs/${run.id}/update-status-dialog`);
      } finally {
        await socket.close();
      }
    });

    it('answers 400 to a snooze that is not positive, and 403 to people outside the run', async () => {
      const { run } = await start({ status_update_enabled: true });
      expect((await api(owner, 'POST', `/runs/${run.id}/reminder`, { new_reminder_seconds: 0 })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/reminder`, { new_reminder_seconds: 'soon' })).status).to.equal(400);
      expect((await api(owner, 'POST', '/runs/aaaaaaaaaaaaaaaaaaaaaaaaaa/reminder', { new_reminder_seconds: 60 })).status).to.equal(400);
      expect((await api(bystander, 'POST', `/runs/${run.id}/reminder`, { new_reminder_seconds: 60 })).status).to.equal(403);
      expect((await current(run.id)).timeline_events.map((event: { event_type: string }) => event.event_type)).to.deep.equal(['incident_created']);
    });
  });

  describe('retrospective', () => {
    it('saves the text and metrics, then publishes them to the run channel with a timeline event', async () => {
      const { run, metricId } = await start({ retrospective_enabled: true });
      expect((await api(owner, 'POST', `/runs/${run.id}/retrospective`, { retrospective: 'Draft', metrics: [{ metric_config_id: metricId, value: null }] })).status).to.equal(200);
      expect(await current(run.id)).to.deep.include({ retrospective: 'Draft', metrics_data: [{ metric_config_id: metricId, value: null }], retrospective_published_at: 0 });

      const published = await api(owner, 'POST', `/runs/${run.id}/retrospective/publish`, { retrospective: 'We failed over in 40 minutes.', metrics: [{ metric_config_id: metricId, value: 2_400_000 }] });
      expect(published.status).to.equal(200);
      const body = await current(run.id);
      expect(body).to.deep.include({ retrospective: 'We failed over in 40 minutes.', metrics_data: [{ metric_config_id: metricId, value: 2_400_000 }], retrospective_was_canceled: false });
      expect(body.retrospective_published_at).to.be.above(0);
      expect(body.timeline_events.at(-1)).to.include({ event_type: 'published_retrospective', subject_user_id: owner.user.id });
      const post = (await posts(run.channel_id)).find((candidate) => candidate.type === ('custom_retro' as never))!;
      expect(post.message).to.contain(`has been published by @${owner.user.username}`);
      expect(post.props).to.include({ retrospectiveText: 'We failed over in 40 minutes.', metricsData: JSON.stringify([{ metric_config_id: metricId, value: 2_400_000 }]) });
      expect(JSON.parse(post.props.metricsConfigs as string)[0]).to.include({ id: metricId, type: 'metric_duration', target: 3_600_000 });
    });

    it('answers 400 to metrics the playbook does not have, given twice, negative or not whole, and 403 to outsiders', async () => {
      const { run, metricId } = await start();
      for (const metrics of [[{ metric_config_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaa', value: 1 }], [{ metric_config_id: metricId, value: 1 }, { metric_config_id: metricId, value: 2 }], [{ metric_config_id: metricId, value: -5 }], [{ metric_config_id: metricId, value: 1.5 }], 'many']) {
        expect((await api(owner, 'POST', `/runs/${run.id}/retrospective/publish`, { retrospective: 'x', metrics })).status, JSON.stringify(metrics)).to.equal(400);
      }
      expect((await api(bystander, 'POST', `/runs/${run.id}/retrospective`, { retrospective: 'Mine' })).status).to.equal(403);
      expect((await api(outsider, 'POST', `/runs/${run.id}/retrospective/publish`, { retrospective: 'Mine' })).status).to.equal(403);
      expect(await current(run.id)).to.deep.include({ retrospective: '', retrospective_published_at: 0, metrics_data: [] });
    });

    it('reminds the channel when the run finishes and at each interval, until someone declines with the button', async () => {
      const { run } = await start({ retrospective_enabled: true, retrospective_reminder_interval_seconds: 1 });
      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      const reminders = async () => (await posts(run.channel_id)).filter((post) => post.message.includes('Reminder to [fill out the retrospective]'));
      const first = (await reminders()).find((post) => post.type === ('custom_retro_rem_first' as never))!;
      expect(first.user_id).to.not.equal(owner.user.id);
      expect((await posts(run.channel_id)).some((post) => post.message.includes(`marked [Checkout errors](/playbooks/runs/${run.id}) as finished`))).to.equal(true);
      await eventually(async () => expect((await reminders()).filter((post) => post.type === ('custom_retro_rem' as never))).to.have.length.at.least(1), 10_000);

      const button = (first.props.attachments as Array<{ actions: Array<{ id: string; name: string }> }>)[0]!.actions[0]!;
      expect(button.name).to.equal('No Retrospective');
      await owner.client.doPostAction(first.id, button.id);
      const body = await current(run.id);
      expect(body).to.include({ retrospective: 'No retrospective for this run.', retrospective_was_canceled: true });
      expect(body.timeline_events.at(-1)).to.include({ event_type: 'canceled_retrospective' });
      const count = (await reminders()).length;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await reminders()).to.have.length(count);
    });
  });
});

// The runs REST API through a real server and the real bundle: create (channel, invitees, summary
// post, playbook counters), get, list filters, patch, finish/restore, owner, status updates with
// broadcast and a webhook received by a loopback server, checklist items (two concurrent edits),
// the timeline, permissions per role and the WebSocket events.
import { expect } from 'chai';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually, RawSocket } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.ts';

describe('playbooks plugin: /api/v0/runs', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let teammate: LoggedIn;
  let invitee: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  let hooks: WebhookReceiver;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const playbook = async (fields: Record<string, unknown> = {}): Promise<string> => {
    const answer = await api(owner, 'POST', '/playbooks', playbookBody(team.id, fields));
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return answer.body.id as string;
  };
  const start = async (playbookId: string, fields: Record<string, unknown> = {}, who = owner) => {
    const answer = await api(who, 'POST', '/runs', { name: 'Database down', owner_user_id: who.user.id, team_id: team.id, playbook_id: playbookId, description: 'Primary is not answering.', ...fields });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return answer.body;
  };

  before(async function () {
    // Starting a server with every prepackaged plugin takes longer than a test on a busy machine.
    this.timeout(60_000);
    hooks = await startWebhookReceiver();
    ({ ts, admin } = await startServerWithPlaybooks({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } }));
    owner = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    invitee = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id, invitee.user.id]);
    await createTeamWith(admin.client, [outsider.user.id]);
  });

  after(async () => {
    await ts?.close();
    await hooks?.close();
  });

  describe('create and get', () => {
    it('creates a run with its own channel, invitees, summary post and checklist copy, and counts it on the playbook', async () => {
      const playbookId = await playbook({ invited_user_ids: [invitee.user.id], invite_users_enabled: true, channel_name_template: 'Incident: {{name}}' });
      const run = await start(playbookId);
      expect(run).to.include({ name: 'Database down', summary: 'Primary is not answering.', owner_user_id: owner.user.id, reporter_user_id: owner.user.id, team_id: team.id, playbook_id: playbookId, current_status: 'InProgress', end_at: 0 });
      expect(run.participant_ids).to.have.members([owner.user.id, invitee.user.id]);
      expect(run.checklists).to.have.length(2);
      expect(run.checklists[0].items[0]).to.include({ title: 'Page the on-call', state: '' });
      expect(run.checklists[0].items[0].due_date).to.equal(run.create_at + 600000);
      expect(run.timeline_events.map((event: { event_type: string }) => event.event_type)).to.deep.equal(['incident_created']);
      expect(run.task_total).to.equal(3);

      const channel = await admin.client.getChannel(run.channel_id);
      expect(channel).to.include({ display_name: 'Incident: Database down', type: 'P', team_id: team.id });
      const members = (await admin.client.getChannelMembers(run.channel_id)).map((member) => member.user_id);
      expect(members).to.include.members([owner.user.id, invitee.user.id]);
      const posts = await admin.client.getPosts(run.channel_id);
      expect(Object.values(posts.posts).some((post) => post.message.includes('Primary is not answering.'))).to.equal(true);

      const counted = (await api(owner, 'GET', `/playbooks/${playbookId}`)).body;
      expect(counted.num_runs).to.equal(1);
      expect(counted.last_run_at).to.equal(run.create_at);

      expect((await api(owner, 'GET', `/runs/${run.id}`)).body).to.deep.include({ id: run.id, channel_id: run.channel_id });
      expect((await api(invitee, 'GET', `/runs/channel/${run.channel_id}`)).body.id).to.equal(run.id);
    });

    it('uses a given channel, a public channel when create_public_run is set, and calls the creation webhooks', async () => {
      const playbookId = await playbook({ webhook_on_creation_urls: [hooks.url], webhook_on_creation_enabled: true });
      const room = await createChannelWith(admin.client, team, [owner.user.id]);
      expect((await start(playbookId, { channel_id: room.id })).channel_id).to.equal(room.id);
      const open = await start(playbookId, { create_public_run: true });
      expect((await admin.client.getChannel(open.channel_id)).type).to.equal('O');
      await eventually(() => expect(hooks.bodies.some((hook) => hook.id === open.id && hook.current_status === 'InProgress')).to.equal(true));
      // Mattermost's PlaybookRunWebhookPayload: the run, its channel's and page's URLs, and the event.
      const hook = hooks.bodies.find((body) => body.id === open.id)!;
      const channel = await admin.client.getChannel(open.channel_id);
      // Absolute with ServiceSettings.SiteURL, which this test server leaves empty.
      expect(hook.channel_url).to.equal(`/${team.name}/channels/${channel.name}`);
      expect(hook.details_url).to.equal(`/playbooks/runs/${open.id}`);
      expect(hook.event).to.deep.equal({ type: 'incident_created', at: open.create_at, user_id: owner.user.id, payload: null });
    });

    const bad: Array<[string, Record<string, unknown>, number]> = [
      ['no name', { name: ' ' }, 400],
      ['a playbook id that is not an id', { playbook_id: 'abc' }, 400],
      ['an owner id that is not an id', { owner_user_id: 'me' }, 400],
      ['a name that is not a string', { name: 5 }, 400],
      ['another team', { team_id: 'abcdefghijklmnopqrstuvwxyz' }, 400],
    ];
    for (const [what, fields, status] of bad) {
      it(`answers ${status} to ${what}`, async () => {
        const playbookId = await playbook();
        const answer = await api(owner, 'POST', '/runs', { name: 'x', owner_user_id: owner.user.id, team_id: team.id, playbook_id: playbookId, ...fields });
        expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
        expect(answer.body.error).to.be.a('string');
      });
    }

    it('refuses outsiders, restricted playbooks of others and archived playbooks', async () => {
      const playbookId = await playbook();
      const restricted = await playbook({ public: false });
      expect((await api(outsider, 'POST', '/runs', { name: 'x', owner_user_id: outsider.user.id, team_id: team.id, playbook_id: playbookId })).status).to.equal(403);
      expect((await api(teammate, 'POST', '/runs', { name: 'x', owner_user_id: teammate.user.id, team_id: team.id, playbook_id: restricted })).status).to.equal(403);
      expect((await api(owner, 'POST', '/runs', { name: 'x', owner_user_id: outsider.user.id, team_id: team.id, playbook_id: playbookId })).status).to.equal(403);
      await api(owner, 'DELETE', `/playbooks/${playbookId}`);
      expect((await api(owner, 'POST', '/runs', { name: 'x', owner_user_id: owner.user.id, team_id: team.id, playbook_id: playbookId })).status).to.equal(400);
    });

    it('shows a run to participants, playbook viewers and admins, never to outsiders', async () => {
      const restricted = await playbook({ public: false });
      const run = await start(restricted);
      expect((await api(owner, 'GET', `/runs/${run.id}`)).status).to.equal(200);
      expect((await api(admin, 'GET', `/runs/${run.id}`)).status).to.equal(200);
      expect((await api(teammate, 'GET', `/runs/${run.id}`)).status).to.equal(403);
      expect((await api(outsider, 'GET', `/runs/${run.id}`)).status).to.equal(403);
      expect((await api(outsider, 'GET', '/runs/abcdefghijklmnopqrstuvwxyz')).status).to.equal(403);
      expect((await api(null, 'GET', `/runs/${run.id}`)).status).to.equal(401);
      const publicRun = await start(await playbook());
      expect((await api(teammate, 'GET', `/runs/${publicRun.id}`)).status).to.equal(200);
    });
  });

  describe('owners', () => {
    it('lists the owners of the runs the caller may see (GET /runs/owners), their names hidden from non-admins when ShowFullName is off; 403 outside the team', async () => {
      const crew = await createTeamWith(admin.client, [owner.user.id, teammate.user.id]);
      await admin.client.patchUser({ id: teammate.user.id, first_name: 'Tess', last_name: 'Mate', nickname: 'tm' } as never);
      const startIn = async (who: LoggedIn, fields: Record<string, unknown>) => {
        const created = await api(who, 'POST', '/playbooks', playbookBody(crew.id, fields));
        expect(created.status, JSON.stringify(created.body)).to.equal(201);
        const run = await api(who, 'POST', '/runs', { name: 'Crew run', owner_user_id: who.user.id, team_id: crew.id, playbook_id: created.body.id });
        expect(run.status, JSON.stringify(run.body)).to.equal(201);
      };
      await startIn(owner, { public: true });
      await startIn(teammate, { public: false });
      const owners = async (who: LoggedIn) => {
        const answer = await api(who, 'GET', `/runs/owners?team_id=${crew.id}`);
        expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
        return answer.body as unknown as Array<Record<string, string>>;
      };
      const teammateInfo = { user_id: teammate.user.id, username: teammate.user.username, first_name: 'Tess', last_name: 'Mate', nickname: 'tm' };

      // The teammate's run is of a restricted playbook the owner is not in.
      expect((await owners(owner)).map((info) => info.user_id)).to.deep.equal([owner.user.id]);
      const seenByTeammate = await owners(teammate);
      expect(seenByTeammate.map((info) => info.user_id)).to.have.members([owner.user.id, teammate.user.id]);
      expect(seenByTeammate.find((info) => info.user_id === teammate.user.id)).to.deep.equal(teammateInfo);

      ts.config.patch({ PrivacySettings: { ShowFullName: false } });
      try {
        expect((await owners(teammate)).find((info) => info.user_id === teammate.user.id)).to.deep.equal({ ...teammateInfo, first_name: '', last_name: '' });
        expect((await owners(admin)).find((info) => info.user_id === teammate.user.id)).to.deep.equal(teammateInfo);
      } finally {
        ts.config.patch({ PrivacySettings: { ShowFullName: true } });
      }
      expect((await api(outsider, 'GET', `/runs/owners?team_id=${crew.id}`)).status).to.equal(403);
    });
  });

  describe('list', () => {
    it('filters by team, owner, participant, status, playbook and search term, and pages', async () => {
      const playbookId = await playbook({ public: false });
      const first = await start(playbookId, { name: 'Alpha outage' });
      const second = await start(playbookId, { name: 'Beta outage' });
      await api(owner, 'PUT', `/runs/${second.id}/finish`);
      const list = async (who: LoggedIn, query: string) => (await api(who, 'GET', `/runs?team_id=${team.id}&playbook_id=${playbookId}${query}`)).body;
      const all = await list(owner, '');
      expect(all).to.include({ total_count: 2, page_count: 1, has_more: false });
      expect(all.items.map((run: { id: string }) => run.id)).to.deep.equal([second.id, first.id]);
      expect((await list(owner, '&statuses=InProgress')).items.map((run: { id: string }) => run.id)).to.deep.equal([first.id]);
      expect((await list(owner, '&search_term=beta')).items.map((run: { id: string }) => run.id)).to.deep.equal([second.id]);
      expect((await list(owner, '&owner_user_id=me&participant_id=me&sort=name&direction=asc')).items.map((run: { id: string }) => run.id)).to.deep.equal([first.id, second.id]);
      expect(await list(owner, '&per_page=1&page=0')).to.include({ total_count: 2, page_count: 2, has_more: true });
      expect((await list(teammate, '')).total_count).to.equal(0);
      expect((await list(admin, '')).total_count).to.equal(2);
      expect((await api(owner, 'GET', '/runs?sort=colour')).status).to.equal(400);
      expect((await api(owner, 'GET', '/runs?statuses=Done')).status).to.equal(400);
      expect((await api(outsider, 'GET', `/runs?team_id=${team.id}`)).status).to.equal(403);
    });
  });

  describe('changes', () => {
    it('patches the name and summary, finishes and restores, with timeline events', async () => {
      const run = await start(await playbook());
      const patched = await api(owner, 'PATCH', `/runs/${run.id}`, { name: 'Database recovered', summary: 'Failover done.' });
      expect(patched.body).to.include({ name: 'Database recovered', summary: 'Failover done.' });
      expect((await api(owner, 'PATCH', `/runs/${run.id}`, { name: '' })).status).to.equal(400);
      expect((await api(teammate, 'PATCH', `/runs/${run.id}`, { name: 'mine' })).status).to.equal(403);
      expect((await api(owner, 'PUT', `/runs/${run.id}/finish`)).body).to.deep.equal({ status: 'OK' });
      let body = (await api(owner, 'GET', `/runs/${run.id}`)).body;
      expect(body.current_status).to.equal('Finished');
      expect(body.end_at).to.be.above(0);
      await api(owner, 'PUT', `/runs/${run.id}/restore`);
      body = (await api(owner, 'GET', `/runs/${run.id}`)).body;
      expect(body).to.include({ current_status: 'InProgress', end_at: 0 });
      expect(body.timeline_events.map((event: { event_type: string }) => event.event_type)).to.deep.equal(['incident_created', 'run_finished', 'run_restored']);
    });

    it('changes the owner to a team member, who becomes a participant', async () => {
      const run = await start(await playbook());
      expect((await api(owner, 'POST', `/runs/${run.id}/owner`, { owner_id: outsider.user.id })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/owner`, { owner_id: 'x' })).status).to.equal(400);
      expect(await api(owner, 'POST', `/runs/${run.id}/owner`, { owner_id: teammate.user.id })).to.deep.include({ status: 200, body: {} });
      const body = (await api(teammate, 'GET', `/runs/${run.id}`)).body;
      expect(body.owner_user_id).to.equal(teammate.user.id);
      expect(body.participant_ids).to.include(teammate.user.id);
      expect(body.timeline_events.at(-1)).to.include({ event_type: 'owner_changed', subject_user_id: owner.user.id });
      expect(body.timeline_events.at(-1).summary).to.contain(`@${teammate.user.username}`);
    });

    it('sets item states and assignees, and keeps both of two concurrent edits', async () => {
      const run = await start(await playbook());
      const base = `/runs/${run.id}/checklists`;
      const answers = await Promise.all([
        api(owner, 'PUT', `${base}/0/item/0/state`, { new_state: 'closed' }),
        api(owner, 'PUT', `${base}/0/item/1/state`, { new_state: 'in_progress' }),
        api(owner, 'PUT', `${base}/1/item/0/assignee`, { assignee_id: teammate.user.id }),
      ]);
      expect(answers.map((answer) => answer.status)).to.deep.equal([200, 200, 200]);
      expect(answers.map((answer) => answer.body)).to.deep.equal([{}, {}, {}]);
      const body = (await api(owner, 'GET', `/runs/${run.id}`)).body;
      expect(body.checklists[0].items.map((item: { state: string }) => item.state)).to.deep.equal(['closed', 'in_progress']);
      expect(body.checklists[1].items[0].assignee_id).to.equal(teammate.user.id);
      expect(body.task_completed).to.equal(1);
      expect(body.timeline_events.map((event: { event_type: string }) => event.event_type).sort()).to.deep.equal(['assignee_changed', 'incident_created', 'task_state_modified', 'task_state_modified']);
      expect((await api(owner, 'PUT', `${base}/0/item/0/state`, { new_state: 'done' })).status).to.equal(400);
      expect((await api(owner, 'PUT', `${base}/5/item/0/state`, { new_state: 'closed' })).status).to.equal(400);
      expect((await api(owner, 'PUT', `${base}/x/item/0/state`, { new_state: 'closed' })).status).to.equal(400);
      expect((await api(owner, 'PUT', `${base}/0/item/0/assignee`, { assignee_id: outsider.user.id })).status).to.equal(400);
      expect((await api(teammate, 'PUT', `${base}/0/item/0/state`, { new_state: '' })).status).to.equal(403);
    });

    it('skips and restores, edits, adds and moves items; bad positions are 400, others 403', async () => {
      const run = await start(await playbook());
      const base = `/runs/${run.id}/checklists`;
      // Mattermost's answers: 204 to skip and restore, 200 with no body to an edit and a move, 201 to an added item.
      expect((await api(owner, 'PUT', `${base}/0/item/1/skip`)).status).to.equal(204);
      expect((await api(owner, 'GET', `/runs/${run.id}`)).body.checklists[0].items[1].state).to.equal('skipped');
      expect((await api(owner, 'PUT', `${base}/0/item/1/restore`)).status).to.equal(204);
      expect((await api(owner, 'PUT', `${base}/0/item/1`, { title: 'Open the bridge', command: '/call start', description: 'now' })).status).to.equal(200);
      expect((await api(owner, 'POST', `${base}/1/add`, { title: 'Tell customers', assignee_id: teammate.user.id })).status).to.equal(201);
      expect((await api(owner, 'POST', `${base}/move-item`, { source_checklist_idx: 1, source_item_idx: 1, dest_checklist_idx: 0, dest_item_idx: 0 })).status).to.equal(200);
      const body = (await api(owner, 'GET', `/runs/${run.id}`)).body;
      expect(body.checklists[0].items.map((item: { title: string }) => item.title)).to.deep.equal(['Tell customers', 'Page the on-call', 'Open the bridge']);
      expect(body.checklists[0].items[2]).to.include({ state: '', command: '/call start', description: 'now' });
      expect(body.checklists[0].items[0]).to.include({ state: '', assignee_id: teammate.user.id });
      expect(body.checklists[0].items_order).to.deep.equal(body.checklists[0].items.map((item: { id: string }) => item.id));
      expect(body.timeline_events.map((event: { event_type: string }) => event.event_type)).to.deep.equal(['incident_created', 'task_state_modified', 'task_state_modified']);
      expect((await api(owner, 'PUT', `${base}/0/item/0`, { title: ' ' })).status).to.equal(400);
      expect((await api(owner, 'POST', `${base}/0/add`, { title: 'x', state: 3 })).status).to.equal(400);
      expect((await api(owner, 'POST', `${base}/9/add`, { title: 'x' })).status).to.equal(400);
      expect((await api(owner, 'POST', `${base}/move-item`, { source_checklist_idx: 0, source_item_idx: 7, dest_checklist_idx: 1, dest_item_idx: 0 })).status).to.equal(400);
      expect((await api(owner, 'POST', `${base}/move-item`, { source_checklist_idx: -1 })).status).to.equal(400);
      expect((await api(teammate, 'POST', `${base}/0/add`, { title: 'x' })).status).to.equal(403);
      expect((await api(owner, 'GET', `/runs/${run.id}`)).body.checklists[0].items).to.have.length(3);
    });

    it('deletes a timeline event; an unknown one is 404', async () => {
      const run = await start(await playbook());
      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      const event = (await api(owner, 'GET', `/runs/${run.id}`)).body.timeline_events.at(-1);
      expect((await api(teammate, 'DELETE', `/runs/${run.id}/timeline/${event.id}`)).status).to.equal(403);
      expect((await api(owner, 'DELETE', `/runs/${run.id}/timeline/${event.id}`)).status).to.equal(204);
      expect((await api(owner, 'DELETE', `/runs/${run.id}/timeline/${event.id}`)).status).to.equal(404);
      expect((await api(owner, 'GET', `/runs/${run.id}`)).body.timeline_events).to.have.length(1);
    });
  });

  describe('status updates', () => {
    it('posts the update, broadcasts it to a channel and sends it to a webhook received by a loopback server', async () => {
      const broadcast = await createChannelWith(admin.client, team, [owner.user.id]);
      const run = await start(await playbook({ broadcast_channel_ids: [broadcast.id], broadcast_enabled: true, webhook_on_status_update_urls: [hooks.url], webhook_on_status_update_enabled: true }));
      expect((await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'Failover in progress.', reminder: 900 })).body).to.deep.equal({ status: 'OK' });
      const body = (await api(owner, 'GET', `/runs/${run.id}`)).body;
      expect(body.last_status_update_at).to.be.above(0);
      expect(body.previous_reminder).to.equal(900 * 1e9);
      expect(body.status_posts).to.have.length(1);
      expect(body.timeline_events.at(-1)).to.include({ event_type: 'status_updated', post_id: body.status_posts[0].id });
      const runPost = await admin.client.getPost(body.status_posts[0].id);
      expect(runPost).to.include({ channel_id: run.channel_id, message: 'Failover in progress.', type: 'custom_run_update' });
      const broadcastPosts = Object.values((await admin.client.getPosts(broadcast.id)).posts);
      expect(broadcastPosts.some((post) => post.message.includes('Failover in progress.'))).to.equal(true);
      await eventually(() => expect(hooks.bodies.some((hook) => hook.id === run.id && (hook.event as { type: string }).type === 'status_updated')).to.equal(true));
      const hook = hooks.bodies.find((body) => body.id === run.id && (body.event as { type: string }).type === 'status_updated')!;
      expect(hook.event).to.deep.include({ user_id: owner.user.id, at: runPost.create_at, payload: { message: 'Failover in progress.', reminder: 900 * 1e9, finish_run: false } });
      expect(hook).to.include({ last_status_update_at: body.last_status_update_at, details_url: `/playbooks/runs/${run.id}` });
    });

    it('lists the status updates newest first as Mattermost does (GET /runs/{id}/status-updates), leaving out deleted ones; 403 to outsiders', async () => {
      const run = await start(await playbook());
      expect((await api(owner, 'GET', `/runs/${run.id}/status-updates`)).body).to.deep.equal([]);
      await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'First look.', reminder: 900 });
      await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'Found it.', reminder: 900 });
      await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'Wrong post.', reminder: 900 });
      const response = await api(owner, 'GET', `/runs/${run.id}/status-updates`);
      expect(response.status).to.equal(200);
      const updates = response.body as Array<Record<string, unknown>>;
      expect(updates.map((update) => update.message)).to.deep.equal(['Wrong post.', 'Found it.', 'First look.']);
      expect(Object.keys(updates[0]!).sort()).to.deep.equal(['author_user_name', 'create_at', 'delete_at', 'id', 'message']);
      expect(updates[0]).to.include({ author_user_name: owner.user.username, delete_at: 0 });
      const statusPosts = (await api(owner, 'GET', `/runs/${run.id}`)).body.status_posts as Array<{ id: string }>;
      expect(updates.map((update) => update.id)).to.deep.equal(statusPosts.map((post) => post.id).reverse());

      await owner.client.deletePost(updates[0]!.id as string);
      expect(((await api(owner, 'GET', `/runs/${run.id}/status-updates`)).body as Array<{ message: string }>).map((update) => update.message)).to.deep.equal(['Found it.', 'First look.']);
      expect((await api(outsider, 'GET', `/runs/${run.id}/status-updates`)).status).to.equal(403);
    });

    it('reminds the owner in the run channel once the next update is due, and not after the run is finished', async () => {
      const run = await start(await playbook());
      await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'Investigating.', reminder: 1 });
      const reminders = async (channelId: string) => Object.values((await admin.client.getPosts(channelId)).posts).filter((post) => post.message.includes('a status update for **Database down** is due'));
      await eventually(async () => expect(await reminders(run.channel_id)).to.have.length(1), 10_000);
      const reminder = (await reminders(run.channel_id))[0]!;
      expect(reminder.message).to.contain(`@${owner.user.username}`);
      expect(reminder.user_id).to.not.equal(owner.user.id);

      const finished = await start(await playbook());
      await api(owner, 'POST', `/runs/${finished.id}/status`, { message: 'Done soon.', reminder: 1 });
      await api(owner, 'PUT', `/runs/${finished.id}/finish`);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await reminders(finished.channel_id)).to.have.length(0);
    });

    it('refuses an empty message, a negative reminder, a finished run and non-participants', async () => {
      const run = await start(await playbook());
      expect((await api(owner, 'POST', `/runs/${run.id}/status`, { message: ' ' })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'x', reminder: -1 })).status).to.equal(400);
      expect((await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'x', reminder: 'soon' })).status).to.equal(400);
      expect((await api(teammate, 'POST', `/runs/${run.id}/status`, { message: 'x' })).status).to.equal(403);
      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      expect((await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'x' })).status).to.equal(400);
    });
  });

  describe('WebSocket events', () => {
    it('tells participants and playbook members about a run, and nobody else, the value JSON-encoded in payload as Mattermost sends it', async () => {
      const playbookId = await playbook({ public: false, invited_user_ids: [invitee.user.id], invite_users_enabled: true });
      const inviteeSocket = await RawSocket.authenticated(ts, invitee.client.getToken());
      const teammateSocket = await RawSocket.authenticated(ts, teammate.client.getToken());
      try {
        const run = await start(playbookId);
        const created = await inviteeSocket.waitForEvent('custom_playbooks_playbook_run_created');
        expect(Object.keys(created.data)).to.deep.equal(['payload']);
        expect((JSON.parse(created.data.payload as string) as { playbook_run: { id: string } }).playbook_run.id).to.equal(run.id);
        await api(owner, 'PUT', `/runs/${run.id}/finish`);
        const updated = await inviteeSocket.waitForEvent('custom_playbooks_playbook_run_updated');
        expect(JSON.parse(updated.data.payload as string)).to.include({ id: run.id, current_status: 'Finished' });
        expect(teammateSocket.events().filter((event) => event.event.startsWith('custom_playbooks_playbook_run'))).to.deep.equal([]);
      } finally {
        await inviteeSocket.close();
        await teammateSocket.close();
      }
    });
  });
});

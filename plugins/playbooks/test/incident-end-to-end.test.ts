// A whole incident through a real server, the real bundle and Mattermost's client calls, as issue
// 17 tells it: a playbook with two checklists and a metric; a run started from a keyword (the
// ephemeral prompt, its button, the run dialog); participants, assignments and checks through the
// REST API and /playbook (with its suggestions, todo and timeline); a status update broadcast to a
// channel and sent to a webhook received by a loopback server; a missed update and its reminder;
// finishing; the retrospective published — and the timeline holding every step in order. Then the
// keyword prompt's refusals: playbooks the author may not see, and a thread the author ignored.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { HttpReceiver } from '../../../test/helpers/http-receiver.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually, RawSocket } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

type Action = { id: string; name: string; cookie?: string; options?: Array<{ value: string }> };

describe('playbooks plugin: an incident from keyword to retrospective', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let responder: LoggedIn;
  let stranger: LoggedIn;
  let team: Team;
  let town: Channel;
  let announcements: Channel;
  let receiver: HttpReceiver;
  const api = (who: LoggedIn, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const command = async (who: LoggedIn, channelId: string, line: string) => (await who.client.executeCommand(line, { channel_id: channelId, team_id: team.id } as never)).text ?? '';
  const posts = async (channelId: string): Promise<Post[]> => Object.values((await admin.client.getPosts(channelId)).posts);
  const actionsOf = (post: Post) => (post.props.attachments as Array<{ actions: Action[] }>)[0]!.actions;
  const seenPrompts = new Set<string>();
  /** Posts `message` as `who` and answers the keyword prompt the author gets, or null when none comes. */
  const promptFor = async (who: LoggedIn, socket: RawSocket, channelId: string, message: string, rootId = ''): Promise<{ post: Post; prompt: Post | null }> => {
    const promptIn = (frame: { data?: Record<string, any> }) => JSON.parse(frame.data!.post as string) as Post;
    // The socket keeps every frame: a prompt answered earlier must not count again.
    const shown = socket.waitFor((frame) => frame.event === 'ephemeral_message' && promptIn(frame).message.includes('trigger') && !seenPrompts.has(promptIn(frame).id), 2500).then(promptIn, () => null);
    const post = await who.client.createPost({ channel_id: channelId, message, root_id: rootId } as Post);
    const prompt = await shown;
    if (prompt) seenPrompts.add(prompt.id);
    return { post, prompt };
  };

  before(async function () {
    this.timeout(60_000);
    receiver = await HttpReceiver.start();
    ({ ts, admin } = await startServerWithPlaybooks({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } }));
    owner = await createUser(ts, admin.client);
    responder = await createUser(ts, admin.client);
    stranger = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, responder.user.id, stranger.user.id]);
    town = await createChannelWith(admin.client, team, [owner.user.id, responder.user.id, stranger.user.id]);
    announcements = await createChannelWith(admin.client, team, [owner.user.id]);
  });

  after(async () => {
    await ts?.close();
    await receiver?.close();
  });

  it('runs an incident end to end, and the timeline holds every step in order', async function () {
    this.timeout(60_000);
    const playbook = await api(owner, 'POST', '/playbooks', playbookBody(team.id, {
      title: 'Database incident',
      signal_any_keywords: ['database down'],
      signal_any_keywords_enabled: true,
      status_update_enabled: true,
      reminder_timer_default_seconds: 3600,
      broadcast_channel_ids: [announcements.id],
      broadcast_enabled: true,
      webhook_on_status_update_urls: [receiver.urlOf('/status')],
      webhook_on_status_update_enabled: true,
      retrospective_enabled: true,
    }));
    expect(playbook.status, JSON.stringify(playbook.body)).to.equal(201);
    const metricId = (await api(owner, 'GET', `/playbooks/${playbook.body.id}`)).body.metrics[0].id as string;

    // A keyword in a message: the prompt, its button, the run dialog.
    const socket = await RawSocket.authenticated(ts, owner.client.getToken());
    let runId: string;
    try {
      const { post, prompt } = await promptFor(owner, socket, town.id, 'Alerts say the DATABASE DOWN in eu-1');
      expect(prompt, 'a keyword prompt').to.not.equal(null);
      expect(prompt!.message).to.equal(`\`database down\` is a trigger for the [Database incident](/playbooks/playbooks/${playbook.body.id}) playbook, would you like to run it?`);
      expect(prompt!.root_id).to.equal(post.id);
      const [run, ignore] = actionsOf(prompt!);
      expect([run!.name, ignore!.name]).to.deep.equal(['Yes, run playbook', 'No, ignore thread']);
      const opened = socket.waitForEvent('open_dialog', 5000);
      await owner.client.doPostActionWithCookie(prompt!.id, run!.id, run!.cookie!);
      const dialog = JSON.parse((await opened).data.dialog as string) as { url: string; dialog: { callback_id: string; state: string; elements: Array<{ name: string; default?: string }> } };
      expect(dialog.dialog.elements.find((element) => element.name === 'playbook_id')!.default).to.equal(playbook.body.id);
      const submitted = await owner.client.submitInteractiveDialog({
        url: dialog.url, callback_id: dialog.dialog.callback_id, state: dialog.dialog.state, channel_id: town.id, team_id: team.id, user_id: owner.user.id, cancelled: false,
        submission: { playbook_id: playbook.body.id, name: 'eu-1 database down', owner_user_id: owner.user.id, description: 'Primary unreachable.' },
      } as never);
      expect(submitted).to.deep.equal({});
      const started = (await api(owner, 'GET', `/runs?playbook_id=${playbook.body.id}`)).body.items;
      expect(started).to.have.length(1);
      expect(started[0]).to.include({ name: 'eu-1 database down', post_id: post.id, owner_user_id: owner.user.id });
      runId = started[0].id;
    } finally {
      await socket.close();
    }
    const runChannel = (await api(owner, 'GET', `/runs/${runId}`)).body.channel_id as string;

    // A responder joins; items are assigned and checked through the API and the command.
    expect((await api(owner, 'POST', `/runs/${runId}/participants`, { user_ids: [responder.user.id], force_add_to_channel: true })).status).to.equal(200);
    expect((await api(owner, 'PUT', `/runs/${runId}/checklists/0/item/0/assignee`, { assignee_id: responder.user.id })).status).to.equal(200);
    expect(await command(responder, town.id, '/playbook todo')).to.contain('Your tasks: 1').and.contain('eu-1 database down').and.contain('Page the on-call');
    const suggestions = await responder.client.getCommandAutocompleteSuggestionsList('/playbook check ', team.id, { team_id: team.id, channel_id: runChannel, root_id: '' } as never);
    expect(suggestions.map((suggestion) => [suggestion.Complete, suggestion.Hint])).to.deep.equal([
      ['playbook check 0 0', '"Page the on-call"'], ['playbook check 0 1', '"Open a bridge"'], ['playbook check 1 0', '"Write the timeline"'],
    ]);
    expect(await command(responder, runChannel, '/playbook check 0 0')).to.equal('Checked "Page the on-call".');
    expect((await api(owner, 'PUT', `/runs/${runId}/checklists/0/item/1/state`, { new_state: 'closed' })).status).to.equal(200);
    expect(await command(owner, runChannel, '/playbook checkadd 1 Tell the customers')).to.equal('Added "Tell the customers" to Resolve.');
    expect(await command(owner, runChannel, '/playbook checkremove 1 1')).to.equal('Removed "Tell the customers".');

    // A status update: the run channel, the broadcast channel and the webhook; then a missed one is reminded.
    expect((await api(owner, 'POST', `/runs/${runId}/status`, { message: 'Failed over to the replica.', reminder: 1 })).status).to.equal(200);
    expect((await posts(announcements.id)).some((post) => post.message.includes('Failed over to the replica.'))).to.equal(true);
    await eventually(() => expect(receiver.to('/status')).to.have.length(1), 5000);
    const statusHook = JSON.parse(receiver.to('/status')[0]!.body);
    expect(statusHook).to.include({ id: runId });
    expect(statusHook.event).to.deep.include({ type: 'status_updated', user_id: owner.user.id, payload: { message: 'Failed over to the replica.', reminder: 1e9, finish_run: false } });
    await eventually(async () => expect((await posts(runChannel)).filter((post) => post.message.includes('a status update for **eu-1 database down** is due'))).to.have.length(1), 10_000);

    // Finished, then the retrospective with the metric's value.
    expect((await api(owner, 'PUT', `/runs/${runId}/finish`)).status).to.equal(200);
    await eventually(() => expect(receiver.to('/status')).to.have.length(2), 5000);
    expect(JSON.parse(receiver.to('/status')[1]!.body).event).to.include({ type: 'run_finished', user_id: owner.user.id });
    expect((await posts(runChannel)).some((post) => post.type === ('custom_retro_rem_first' as never))).to.equal(true);
    expect((await api(owner, 'POST', `/runs/${runId}/retrospective/publish`, { retrospective: 'Replica promotion took 12 minutes.', metrics: [{ metric_config_id: metricId, value: 720_000 }] })).status).to.equal(200);

    const run = (await api(owner, 'GET', `/runs/${runId}`)).body;
    expect(run).to.deep.include({ current_status: 'Finished', retrospective: 'Replica promotion took 12 minutes.', metrics_data: [{ metric_config_id: metricId, value: 720_000 }] });
    expect(run.timeline_events.map((event: { event_type: string }) => event.event_type)).to.deep.equal([
      'incident_created', 'participants_changed', 'assignee_changed', 'task_state_modified', 'task_state_modified', 'status_updated', 'run_finished', 'published_retrospective',
    ]);
    const times = run.timeline_events.map((event: { event_at: number }) => event.event_at);
    expect(times).to.deep.equal([...times].sort((a: number, b: number) => a - b));
    const shown = await command(owner, runChannel, '/playbook timeline');
    expect(shown).to.contain('Timeline of eu-1 database down').and.contain(`@${owner.user.username} posted a status update`).and.contain(`@${owner.user.username} published the retrospective`);
  });

  it('prompts nobody for a playbook they may not see, nor in a thread they ignored', async function () {
    this.timeout(30_000);
    const hidden = await api(owner, 'POST', '/playbooks', playbookBody(team.id, { title: 'Quiet playbook', public: false, signal_any_keywords: ['cache stampede'], signal_any_keywords_enabled: true }));
    expect(hidden.status).to.equal(201);
    const strangerSocket = await RawSocket.authenticated(ts, stranger.client.getToken());
    const ownerSocket = await RawSocket.authenticated(ts, owner.client.getToken());
    try {
      expect((await promptFor(stranger, strangerSocket, town.id, 'a cache stampede again')).prompt, 'a prompt for a restricted playbook').to.equal(null);
      const { post, prompt } = await promptFor(owner, ownerSocket, town.id, 'a cache stampede again');
      expect(prompt).to.not.equal(null);
      const ignore = actionsOf(prompt!).find((action) => action.name === 'No, ignore thread')!;
      await owner.client.doPostActionWithCookie(prompt!.id, ignore.id, ignore.cookie!);
      expect((await promptFor(owner, ownerSocket, town.id, 'still a cache stampede', post.id)).prompt, 'a prompt in an ignored thread').to.equal(null);
      expect((await promptFor(owner, ownerSocket, town.id, 'cache stampede elsewhere')).prompt).to.not.equal(null);
    } finally {
      await strangerSocket.close();
      await ownerSocket.close();
    }
  });

  it('prompts nobody when the trigger is off or the playbook archived', async function () {
    this.timeout(30_000);
    const off = await api(owner, 'POST', '/playbooks', playbookBody(team.id, { title: 'Off', signal_any_keywords: ['disk full'], signal_any_keywords_enabled: false }));
    const archived = await api(owner, 'POST', '/playbooks', playbookBody(team.id, { title: 'Archived', signal_any_keywords: ['queue stuck'], signal_any_keywords_enabled: true }));
    await api(owner, 'DELETE', `/playbooks/${archived.body.id}`);
    expect([off.status, archived.status]).to.deep.equal([201, 201]);
    const socket = await RawSocket.authenticated(ts, owner.client.getToken());
    try {
      expect((await promptFor(owner, socket, town.id, 'disk full and queue stuck')).prompt).to.equal(null);
    } finally {
      await socket.close();
    }
  });
});

// A run's switches and requests through a real server and the real bundle: status updates and the
// retrospective turned on and off, a status update asked for, a participant asking to join the run
// channel, and the runs of a channel — with their bad input and the refusals Mattermost gives.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually, RawSocket } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.ts';

describe('playbooks plugin: run toggles, requests and channel runs', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let teammate: LoggedIn;
  let bystander: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  let botId: string;
  let hooks: WebhookReceiver;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const start = async (fields: Record<string, unknown> = {}, runFields: Record<string, unknown> = {}) => {
    const playbook = await api(owner, 'POST', '/playbooks', playbookBody(team.id, fields));
    expect(playbook.status, JSON.stringify(playbook.body)).to.equal(201);
    const run = await api(owner, 'POST', '/runs', { name: 'Checkout errors', owner_user_id: owner.user.id, team_id: team.id, playbook_id: playbook.body.id, ...runFields });
    expect(run.status, JSON.stringify(run.body)).to.equal(201);
    return run.body as { id: string; channel_id: string; playbook_id: string };
  };
  const current = async (runId: string) => (await api(owner, 'GET', `/runs/${runId}`)).body;
  const events = async (runId: string) => (await current(runId)).timeline_events as Array<{ event_type: string; post_id: string; subject_user_id: string; summary: string }>;
  const posts = async (channelId: string): Promise<Post[]> => Object.values((await admin.client.getPosts(channelId)).posts);

  before(async function () {
    this.timeout(60_000);
    hooks = await startWebhookReceiver();
    ({ ts, admin } = await startServerWithPlaybooks({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } }));
    owner = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    bystander = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id, bystander.user.id]);
    await createTeamWith(admin.client, [outsider.user.id]);
    botId = (await admin.client.getUserByUsername('playbooks')).id;
  });

  after(async () => {
    await ts?.close();
    await hooks?.close();
  });

  describe('status updates on and off', () => {
    it('turns them off with {success: true}: the bot says so in the channel, the timeline records it with the post, the clients hear of it', async () => {
      const run = await start({ status_update_enabled: true });
      const socket = await RawSocket.authenticated(ts, owner.client.getToken());
      try {
        const updated = socket.waitFor((frame) => frame.event === 'custom_playbooks_playbook_run_updated' && JSON.parse(String((frame.data as { payload: string }).payload)).status_update_enabled === false);
        const off = await api(owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false });
        expect([off.status, off.body]).to.deep.equal([200, { success: true }]);
        await updated;
      } finally {
        await socket.close();
      }
      expect((await current(run.id)).status_update_enabled).to.equal(false);
      const event = (await events(run.id)).at(-1)!;
      expect(event).to.include({ event_type: 'status_updates_disabled', subject_user_id: owner.user.id });
      const announcement = (await posts(run.channel_id)).find((post) => post.id === event.post_id)!;
      expect(announcement).to.include({ user_id: botId, message: `@${owner.user.username} disabled status updates for [Checkout errors](/playbooks/runs/${run.id}).` });

      expect((await api(owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: true })).status).to.equal(200);
      expect((await current(run.id)).status_update_enabled).to.equal(true);
      expect((await events(run.id)).at(-1)).to.include({ event_type: 'status_updates_enabled' });
    });

    it('tells the broadcast channels, the followers and the status webhooks', async () => {
      const broadcast = await createChannelWith(admin.client, team, [owner.user.id]);
      const run = await start({
        status_update_enabled: true, broadcast_enabled: true, broadcast_channel_ids: [broadcast.id],
        webhook_on_status_update_enabled: true, webhook_on_status_update_urls: [hooks.url],
      });
      await api(bystander, 'PUT', `/runs/${run.id}/followers`);
      expect((await api(owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(200);
      const message = `@${owner.user.username} disabled status updates for [Checkout errors](/playbooks/runs/${run.id}).`;
      expect((await posts(broadcast.id)).map((post) => post.message)).to.include(message);
      const direct = await bystander.client.createDirectChannel([bystander.user.id, botId]);
      expect(Object.values((await bystander.client.getPosts(direct.id)).posts).map((post) => post.message)).to.include(message);
      await eventually(() => expect(hooks.bodies.filter((body) => body.id === run.id)).to.have.length(1));
      const hook = hooks.bodies.find((body) => body.id === run.id)!;
      expect(hook.status_update_enabled).to.equal(false);
      expect(hook.event).to.include({ type: 'status_updates_disabled', user_id: owner.user.id, payload: null });
    });

    it('drops the pending reminder when they are turned off', async () => {
      const quiet = await start({ status_update_enabled: true });
      await api(owner, 'POST', `/runs/${quiet.id}/reminder`, { new_reminder_seconds: 1 });
      expect((await api(owner, 'PUT', `/runs/${quiet.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(200);
      // A run reminded after the quiet one was due: once its reminder is posted, the quiet one's time has passed too.
      const reminded = await start({ status_update_enabled: true });
      await api(owner, 'POST', `/runs/${reminded.id}/reminder`, { new_reminder_seconds: 1 });
      const reminders = async (channelId: string) => (await posts(channelId)).filter((post) => post.type === ('custom_update_status' as never));
      await eventually(async () => expect(await reminders(reminded.channel_id)).to.have.length(1), 10_000);
      expect(await reminders(quiet.channel_id)).to.have.length(0);
    });

    it('answers 400 to a missing or non-boolean status_enabled and to a finished run, 403 to people outside the run, 404 to an unknown run', async () => {
      const run = await start({ status_update_enabled: true });
      expect((await api(owner, 'PUT', `/runs/${run.id}/status-update-enabled`, {})).status).to.equal(400);
      expect((await api(owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: 'no' })).status).to.equal(400);
      expect((await api(owner, 'PUT', `/runs/${run.id}/status-update-enabled`, '[')).status).to.equal(400);
      expect((await api(bystander, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(403);
      expect((await api(outsider, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(403);
      expect((await api(owner, 'PUT', '/runs/aaaaaaaaaaaaaaaaaaaaaaaaaa/status-update-enabled', { status_enabled: false })).status).to.equal(404);
      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      const finished = await api(owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false });
      expect([finished.status, finished.body.error]).to.deep.equal([400, 'cannot modify a finished run']);
      expect((await current(run.id)).status_update_enabled).to.equal(true);
    });
  });

  describe('the retrospective on and off', () => {
    it('lets the owner turn it off and on, recorded in the timeline; turning it on for a finished run reminds the channel at once', async () => {
      const run = await start({ retrospective_enabled: true });
      const off = await api(owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false });
      expect([off.status, off.body]).to.deep.equal([200, { success: true }]);
      expect((await current(run.id)).retrospective_enabled).to.equal(false);
      expect((await events(run.id)).at(-1)).to.include({ event_type: 'retrospective_disabled', subject_user_id: owner.user.id });

      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      const reminders = async () => (await posts(run.channel_id)).filter((post) => post.message.includes('Reminder to [fill out the retrospective]'));
      expect(await reminders()).to.have.length(0);
      // A finished run takes the switch (Mattermost exempts the retrospective from the active-run check).
      expect((await api(owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: true })).status).to.equal(200);
      expect((await current(run.id)).retrospective_enabled).to.equal(true);
      expect((await events(run.id)).at(-1)).to.include({ event_type: 'retrospective_enabled' });
      expect((await reminders()).map((post) => post.type)).to.deep.equal(['custom_retro_rem']);
    });

    it('is for the owner or a system admin only, and answers 400 to a missing or non-boolean retrospective_enabled', async () => {
      const run = await start({ retrospective_enabled: true });
      await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] });
      expect((await api(teammate, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false })).status).to.equal(403);
      expect((await api(bystander, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false })).status).to.equal(403);
      expect((await api(owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, {})).status).to.equal(400);
      expect((await api(owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: 1 })).status).to.equal(400);
      expect((await current(run.id)).retrospective_enabled).to.equal(true);
      expect((await api(admin, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false })).status).to.equal(200);
      expect((await current(run.id)).retrospective_enabled).to.equal(false);
    });
  });

  describe('requests', () => {
    it('asks the run channel for a status update for whoever may see the run, and records it with the post', async () => {
      const run = await start();
      const asked = await api(bystander, 'POST', `/runs/${run.id}/request-update`);
      expect([asked.status, asked.body]).to.deep.equal([200, null]);
      const event = (await events(run.id)).at(-1)!;
      expect(event).to.include({ event_type: 'status_update_requested', subject_user_id: bystander.user.id, summary: `@${bystander.user.username} requested a status update` });
      const post = (await posts(run.channel_id)).find((candidate) => candidate.id === event.post_id)!;
      expect(post).to.include({ user_id: botId, message: `@here @${bystander.user.username} asked for a status update on [Checkout errors](/playbooks/runs/${run.id}).` });
      expect((await api(outsider, 'POST', `/runs/${run.id}/request-update`)).status).to.equal(403);
      expect((await api(owner, 'POST', '/runs/aaaaaaaaaaaaaaaaaaaaaaaaaa/request-update')).status).to.equal(403);
    });

    it('lets a participant outside the run channel ask to join it; 400 to one already in it or a finished run, 403 to others', async () => {
      const run = await start({}, { create_public_run: false });
      await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] });
      const asked = await api(teammate, 'POST', `/runs/${run.id}/request-join-channel`);
      expect([asked.status, asked.body]).to.deep.equal([200, null]);
      const post = (await posts(run.channel_id)).find((candidate) => candidate.message.startsWith(`@${teammate.user.username} takes part in this run`))!;
      expect(post.user_id).to.equal(botId);
      expect((await api(owner, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(400);
      expect((await api(bystander, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(403);
      expect((await api(outsider, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(403);
      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      expect((await api(teammate, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(400);
    });
  });

  describe('the runs of a channel', () => {
    it('lists the runs in progress of a channel the caller may read, newest first (GET /runs/channel/{id}/runs), and 403 otherwise', async () => {
      const room = await createChannelWith(admin.client, team, [owner.user.id], 'P');
      const first = await start({}, { channel_id: room.id });
      const second = await start({}, { channel_id: room.id, name: 'Second run' });
      const done = await start({}, { channel_id: room.id, name: 'Done run' });
      await api(owner, 'PUT', `/runs/${done.id}/finish`);
      const listed = await api(owner, 'GET', `/runs/channel/${room.id}/runs`);
      expect(listed.status).to.equal(200);
      expect(listed.body.map((run: { id: string }) => run.id)).to.deep.equal([second.id, first.id]);
      expect(listed.body[0]).to.include({ name: 'Second run', channel_id: room.id, current_status: 'InProgress' });
      expect((await api(bystander, 'GET', `/runs/channel/${room.id}/runs`)).status).to.equal(403);
      expect((await api(outsider, 'GET', `/runs/channel/${room.id}/runs`)).status).to.equal(403);
    });

    it('answers the channels of the runs GET /runs would list (GET /runs/channels)', async () => {
      const run = await start();
      const channelsOf = async (who: LoggedIn) => api(who, 'GET', `/runs/channels?team_id=${team.id}&participant_id=${who.user.id}`);
      const before = await channelsOf(teammate);
      expect(before.status).to.equal(200);
      expect(before.body).to.not.include(run.channel_id);
      await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] });
      // Newest run first, as GET /runs lists them.
      expect((await channelsOf(teammate)).body).to.deep.equal([run.channel_id, ...before.body]);
      expect((await api(teammate, 'GET', `/runs/channels?team_id=${team.id}&sort=nope`)).status).to.equal(400);
      expect((await api(outsider, 'GET', `/runs/channels?team_id=${team.id}`)).status).to.equal(403);
    });
  });
});

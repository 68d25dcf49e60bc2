// A run's switches and requests through a real server and the real bundle: status updates and the
// retrospective turned on and off, a status update asked for, a participant asking to join the run
// channel, and the runs of a channel — with their bad input and the refusals Mattermost gives.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import { createChannelWith } from '../../../test/helpers/chat-fixtures.ts';
import type { LoggedIn } from '../../../test/helpers/fixtures.ts';
import { eventually, RawSocket } from '../../../test/helpers/ws-client.ts';
import { newPlaybook, playbooksApi, runCast, startRun } from './helpers/playbooks-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.ts';

describe('playbooks plugin: run toggles, requests and channel runs', () => {
  const cast = runCast({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } });
  let hooks: WebhookReceiver;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(cast.ts, who, method, path, body);
  const start = async (fields: Record<string, unknown> = {}, runFields: Record<string, unknown> = {}) => startRun(cast, await newPlaybook(cast, fields), runFields);
  const current = async (runId: string) => (await api(cast.owner, 'GET', `/runs/${runId}`)).body;
  const events = async (runId: string) => (await current(runId)).timeline_events as Array<{ event_type: string; post_id: string; subject_user_id: string; summary: string }>;
  const posts = async (channelId: string): Promise<Post[]> => Object.values((await cast.admin.client.getPosts(channelId)).posts);

  before(async () => {
    hooks = await startWebhookReceiver();
  });

  after(() => hooks?.close());

  describe('status updates on and off', () => {
    it('turns them off with {success: true}: the bot says so in the channel, the timeline records it with the post, the clients hear of it', async () => {
      const run = await start({ status_update_enabled: true });
      const socket = await RawSocket.authenticated(cast.ts, cast.owner.client.getToken());
      try {
        const updated = socket.waitFor((frame) => frame.event === 'custom_playbooks_playbook_run_updated' && JSON.parse(String((frame.data as { payload: string }).payload)).status_update_enabled === false);
        const off = await api(cast.owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false });
        expect([off.status, off.body]).to.deep.equal([200, { success: true }]);
        await updated;
      } finally {
        await socket.close();
      }
      expect((await current(run.id)).status_update_enabled).to.equal(false);
      const event = (await events(run.id)).at(-1)!;
      expect(event).to.include({ event_type: 'status_updates_disabled', subject_user_id: cast.owner.user.id });
      const announcement = (await posts(run.channel_id)).find((post) => post.id === event.post_id)!;
      expect(announcement).to.include({ user_id: cast.botId, message: `@${cast.owner.user.username} disabled status updates for [Checkout errors](/playbooks/runs/${run.id}).` });

      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: true })).status).to.equal(200);
      expect((await current(run.id)).status_update_enabled).to.equal(true);
      expect((await events(run.id)).at(-1)).to.include({ event_type: 'status_updates_enabled' });
    });

    it('tells the broadcast channels, the followers and the status webhooks', async () => {
      const broadcast = await createChannelWith(cast.admin.client, cast.team, [cast.owner.user.id]);
      const run = await start({
        status_update_enabled: true, broadcast_enabled: true, broadcast_channel_ids: [broadcast.id],
        webhook_on_status_update_enabled: true, webhook_on_status_update_urls: [hooks.url],
      });
      await api(cast.bystander, 'PUT', `/runs/${run.id}/followers`);
      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(200);
      const message = `@${cast.owner.user.username} disabled status updates for [Checkout errors](/playbooks/runs/${run.id}).`;
      expect((await posts(broadcast.id)).map((post) => post.message)).to.include(message);
      const direct = await cast.bystander.client.createDirectChannel([cast.bystander.user.id, cast.botId]);
      expect(Object.values((await cast.bystander.client.getPosts(direct.id)).posts).map((post) => post.message)).to.include(message);
      await eventually(() => expect(hooks.bodies.filter((body) => body.id === run.id)).to.have.length(1));
      const hook = hooks.bodies.find((body) => body.id === run.id)!;
      expect(hook.status_update_enabled).to.equal(false);
      expect(hook.event).to.include({ type: 'status_updates_disabled', user_id: cast.owner.user.id, payload: null });
    });

    it('drops the pending reminder when they are turned off', async () => {
      const quiet = await start({ status_update_enabled: true });
      await api(cast.owner, 'POST', `/runs/${quiet.id}/reminder`, { new_reminder_seconds: 1 });
      expect((await api(cast.owner, 'PUT', `/runs/${quiet.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(200);
      // A run reminded after the quiet one was due: once its reminder is posted, the quiet one's time has passed too.
      const reminded = await start({ status_update_enabled: true });
      await api(cast.owner, 'POST', `/runs/${reminded.id}/reminder`, { new_reminder_seconds: 1 });
      const reminders = async (channelId: string) => (await posts(channelId)).filter((post) => post.type === ('custom_update_status' as never));
      await eventually(async () => expect(await reminders(reminded.channel_id)).to.have.length(1), 10_000);
      expect(await reminders(quiet.channel_id)).to.have.length(0);
    });

    it('answers 400 to a missing or non-boolean status_enabled and to a finished run, 403 to people outside the run, 404 to an unknown run', async () => {
      const run = await start({ status_update_enabled: true });
      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/status-update-enabled`, {})).status).to.equal(400);
      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: 'no' })).status).to.equal(400);
      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/status-update-enabled`, '[')).status).to.equal(400);
      expect((await api(cast.bystander, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(403);
      expect((await api(cast.outsider, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false })).status).to.equal(403);
      expect((await api(cast.owner, 'PUT', '/runs/aaaaaaaaaaaaaaaaaaaaaaaaaa/status-update-enabled', { status_enabled: false })).status).to.equal(404);
      await api(cast.owner, 'PUT', `/runs/${run.id}/finish`);
      const finished = await api(cast.owner, 'PUT', `/runs/${run.id}/status-update-enabled`, { status_enabled: false });
      expect([finished.status, finished.body.error]).to.deep.equal([400, 'cannot modify a finished run']);
      expect((await current(run.id)).status_update_enabled).to.equal(true);
    });
  });

  describe('the retrospective on and off', () => {
    it('lets the owner turn it off and on, recorded in the timeline; turning it on for a finished run reminds the channel at once', async () => {
      const run = await start({ retrospective_enabled: true });
      const off = await api(cast.owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false });
      expect([off.status, off.body]).to.deep.equal([200, { success: true }]);
      expect((await current(run.id)).retrospective_enabled).to.equal(false);
      expect((await events(run.id)).at(-1)).to.include({ event_type: 'retrospective_disabled', subject_user_id: cast.owner.user.id });

      await api(cast.owner, 'PUT', `/runs/${run.id}/finish`);
      const reminders = async () => (await posts(run.channel_id)).filter((post) => post.message.includes('Reminder to [fill out the retrospective]'));
      expect(await reminders()).to.have.length(0);
      // A finished run takes the switch (Mattermost exempts the retrospective from the active-run check).
      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: true })).status).to.equal(200);
      expect((await current(run.id)).retrospective_enabled).to.equal(true);
      expect((await events(run.id)).at(-1)).to.include({ event_type: 'retrospective_enabled' });
      expect((await reminders()).map((post) => post.type)).to.deep.equal(['custom_retro_rem']);
    });

    it('is for the owner or a system admin only, and answers 400 to a missing or non-boolean retrospective_enabled', async () => {
      const run = await start({ retrospective_enabled: true });
      await api(cast.owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [cast.teammate.user.id] });
      expect((await api(cast.teammate, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false })).status).to.equal(403);
      expect((await api(cast.bystander, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false })).status).to.equal(403);
      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, {})).status).to.equal(400);
      expect((await api(cast.owner, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: 1 })).status).to.equal(400);
      expect((await current(run.id)).retrospective_enabled).to.equal(true);
      expect((await api(cast.admin, 'PUT', `/runs/${run.id}/retrospective-enabled`, { retrospective_enabled: false })).status).to.equal(200);
      expect((await current(run.id)).retrospective_enabled).to.equal(false);
    });
  });

  describe('requests', () => {
    it('asks the run channel for a status update for whoever may see the run, and records it with the post', async () => {
      const run = await start();
      const asked = await api(cast.bystander, 'POST', `/runs/${run.id}/request-update`);
      expect([asked.status, asked.body]).to.deep.equal([200, null]);
      const event = (await events(run.id)).at(-1)!;
      expect(event).to.include({ event_type: 'status_update_requested', subject_user_id: cast.bystander.user.id, summary: `@${cast.bystander.user.username} requested a status update` });
      const post = (await posts(run.channel_id)).find((candidate) => candidate.id === event.post_id)!;
      expect(post).to.include({ user_id: cast.botId, message: `@here @${cast.bystander.user.username} asked for a status update on [Checkout errors](/playbooks/runs/${run.id}).` });
      expect((await api(cast.outsider, 'POST', `/runs/${run.id}/request-update`)).status).to.equal(403);
      expect((await api(cast.owner, 'POST', '/runs/aaaaaaaaaaaaaaaaaaaaaaaaaa/request-update')).status).to.equal(403);
    });

    it('lets a participant outside the run channel ask to join it; 400 to one already in it or a finished run, 403 to others', async () => {
      const run = await start({}, { create_public_run: false });
      await api(cast.owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [cast.teammate.user.id] });
      const asked = await api(cast.teammate, 'POST', `/runs/${run.id}/request-join-channel`);
      expect([asked.status, asked.body]).to.deep.equal([200, null]);
      const post = (await posts(run.channel_id)).find((candidate) => candidate.message.startsWith(`@${cast.teammate.user.username} takes part in this run`))!;
      expect(post.user_id).to.equal(cast.botId);
      expect((await api(cast.owner, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(400);
      expect((await api(cast.bystander, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(403);
      expect((await api(cast.outsider, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(403);
      await api(cast.owner, 'PUT', `/runs/${run.id}/finish`);
      expect((await api(cast.teammate, 'POST', `/runs/${run.id}/request-join-channel`)).status).to.equal(400);
    });
  });

  describe('the runs of a channel', () => {
    it('lists the runs in progress of a channel the caller may read, newest first (GET /runs/channel/{id}/runs), and 403 otherwise', async () => {
      const room = await createChannelWith(cast.admin.client, cast.team, [cast.owner.user.id], 'P');
      const first = await start({}, { channel_id: room.id });
      const second = await start({}, { channel_id: room.id, name: 'Second run' });
      const done = await start({}, { channel_id: room.id, name: 'Done run' });
      await api(cast.owner, 'PUT', `/runs/${done.id}/finish`);
      const listed = await api(cast.owner, 'GET', `/runs/channel/${room.id}/runs`);
      expect(listed.status).to.equal(200);
      expect(listed.body.map((run: { id: string }) => run.id)).to.deep.equal([second.id, first.id]);
      expect(listed.body[0]).to.include({ name: 'Second run', channel_id: room.id, current_status: 'InProgress' });
      expect((await api(cast.bystander, 'GET', `/runs/channel/${room.id}/runs`)).status).to.equal(403);
      expect((await api(cast.outsider, 'GET', `/runs/channel/${room.id}/runs`)).status).to.equal(403);
    });

    it('answers the channels of the runs GET /runs would list (GET /runs/channels)', async () => {
      const run = await start();
      const channelsOf = async (who: LoggedIn) => api(who, 'GET', `/runs/channels?team_id=${cast.team.id}&participant_id=${who.user.id}`);
      const before = await channelsOf(cast.teammate);
      expect(before.status).to.equal(200);
      expect(before.body).to.not.include(run.channel_id);
      await api(cast.owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [cast.teammate.user.id] });
      // Newest run first, as GET /runs lists them.
      expect((await channelsOf(cast.teammate)).body).to.deep.equal([run.channel_id, ...before.body]);
      expect((await api(cast.teammate, 'GET', `/runs/channels?team_id=${cast.team.id}&sort=nope`)).status).to.equal(400);
      expect((await api(cast.outsider, 'GET', `/runs/channels?team_id=${cast.team.id}`)).status).to.equal(403);
    });
  });
});

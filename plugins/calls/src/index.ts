// com.mattermost.calls: Parley's Calls, with Mattermost's plugin id so its WebSocket actions and
// events (`custom_com.mattermost.calls_*`), REST routes (/plugins/com.mattermost.calls/...) and
// `/call` command are the ones Mattermost's Calls clients use. This plugin keeps the calls' state
// and signalling; the media is the server's SFU, driven through api.media (media-service.ts).
import { commandTree, createRouter, definePlugin } from '@parley/plugin-api';
import { callSubcommands } from './call-commands.ts';
import { CALL_POST_TYPE } from './call-post.ts';
import { CallEvents } from './call-events.ts';
import { CallHistory } from './call-history.ts';
import { CallStore } from './call-store.ts';
import { CallsService } from './calls-service.ts';
import { Deadlines, SWEEP_JOB } from './deadlines.ts';
import { channelOfMediaCall, PlatformMediaService } from './media-service.ts';
import { RateLimiter, SESSION_MESSAGES } from './rate-limiter.ts';
import { addCallsRoutes } from './routes.ts';
import { DEFAULT_SETTINGS, readSettings, type CallsSettings } from './settings.ts';
import { websocketActions } from './websocket-actions.ts';

const VERSION = '0.1.0';

const CALL_COMMAND = {
  trigger: 'call',
  display_name: 'Call',
  description: 'Start, join or leave a call',
  helpTitle: 'Call commands',
};

export default definePlugin((api) => {
  let settings: CallsSettings = DEFAULT_SETTINGS;
  const events = new CallEvents(api.websocket);
  const deadlines = new Deadlines(api);
  const limiter = new RateLimiter(SESSION_MESSAGES);
  const store = new CallStore(api.kv);
  const media = new PlatformMediaService(api.media);
  const calls = new CallsService({ api, store, history: new CallHistory(api), events, deadlines, media, settings: () => settings });
  const startMedia = () => media.configure(settings).catch((err: unknown) => api.log.error('the media service could not be started', { error: String((err as Error)?.message ?? err) }));
  const routes = createRouter();
  addCallsRoutes(routes, { api, calls, settings: () => settings, version: VERSION });
  const onAction = websocketActions({ api, calls, events, limiter });

  return {
    async onConfigurationChange() {
      settings = await readSettings(api);
      await startMedia();
    },

    async onActivate() {
      settings = await readSettings(api);
      await startMedia();
      const { command, handler } = commandTree(api, CALL_COMMAND, callSubcommands(calls));
      await api.commands.register(command, handler);
    },

    serveHttp: routes.serve,

    webSocketMessageHasBeenPosted: onAction,

    // The SFU's answer, offer or candidate for a session: to the connection the session is on now.
    async onMediaSignal(event) {
      const call = await store.get(channelOfMediaCall(event.call_id));
      const session = call?.sessions[event.session_id];
      if (session) await events.toConnection('signal', session.conn_id, { data: event.data });
    },

    // The media service came back empty after it was lost: the calls going on are made again in it.
    async onMediaServiceRestarted() {
      await calls.mediaRestarted();
    },

    // Who speaks, as the SFU hears it from the audio.
    async onMediaVoiceActivity(event) {
      await calls.voiceChanged(channelOfMediaCall(event.call_id), event.session_id, event.speaking, 'media');
    },

    async onWebSocketDisconnect(connectionId) {
      limiter.forget(connectionId);
      await calls.disconnected(connectionId);
    },

    async userHasLeftChannel(_ctx, member) {
      await calls.memberLeft(member.channel_id, member.user_id);
    },

    async runScheduledJob(job) {
      if (job.key !== SWEEP_JOB) return;
      for (const deadline of await deadlines.takeDue()) {
        await calls.runDeadline(deadline).catch((err: unknown) => api.log.error('a calls deadline failed', { kind: deadline.kind, error: String((err as Error)?.message ?? err) }));
      }
    },

    // The call post's props are the call's record: only the plugin changes them (Mattermost's rule).
    messageWillBeUpdated(_ctx, next, previous) {
      if (previous.type === CALL_POST_TYPE) return { reject: 'Call posts cannot be edited.' };
      return { post: next };
    },
  };
});

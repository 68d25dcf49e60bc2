// media.*: the media service (an SFU) driven by a plugin — calls, participants, their signalling and
// mute. Every id and value is checked here; which calls are whose is PluginMedia's.
import type { MediaIceServer, MediaSignalInput } from '../../../media/media-protocol.ts';
import type { MediaTarget } from '../../../media/media-supervisor.ts';
import { parseMediaServiceUrl } from '../../../media/media-server-link.ts';
import { AppError } from '../../../errors/app-error.ts';
import type { PluginMedia } from '../plugin-media.ts';
import type { ApiGroup } from './api-group.ts';
import { invalidArguments, isPlainObject, type Arguments } from './arguments.ts';

const MEDIA_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_ICE_SERVERS = 10;
const MAX_URLS = 10;
/** Mattermost Calls' bounds for its RTC ports; 0 (not Mattermost's) takes a free port at start, for tests and trials on a shared host. */
const PORTS = { min: 80, max: 49151 };
const ANY_FREE_PORT = 0;
/** base64 of 64 KiB compressed SDP, with room for padding. */
const MAX_SDP_CHARS = 87_400;
const MAX_CANDIDATE_CHARS = 2048;

export function mediaApi(media: PluginMedia): ApiGroup<'media'> {
  return {
    async configure(call) {
      await media.configure(call.manifest.id, mediaTarget(call.args));
      return null;
    },
    async status() {
      return media.status();
    },
    async createCall(call) {
      await media.createCall(call.manifest.id, mediaId(call.args, 0, 'callId'));
      return null;
    },
    async endCall(call) {
      await media.endCall(call.manifest.id, mediaId(call.args, 0, 'callId'));
      return null;
    },
    async addParticipant(call) {
      await media.addParticipant(call.manifest.id, mediaId(call.args, 0, 'callId'), mediaId(call.args, 1, 'sessionId'));
      return null;
    },
    async removeParticipant(call) {
      await media.removeParticipant(call.manifest.id, mediaId(call.args, 0, 'callId'), mediaId(call.args, 1, 'sessionId'));
      return null;
    },
    async signal(call) {
      await media.signal(call.manifest.id, mediaId(call.args, 0, 'callId'), mediaId(call.args, 1, 'sessionId'), mediaSignal(call.args));
      return null;
    },
    async setMuted(call) {
      const muted = call.args.raw(2);
      if (typeof muted !== 'boolean') throw invalidArguments(call.args.method, 'muted must be true or false');
      await media.setMuted(call.manifest.id, mediaId(call.args, 0, 'callId'), mediaId(call.args, 1, 'sessionId'), muted);
      return null;
    },
  };
}

function mediaId(args: Arguments, index: number, name: string): string {
  const value = args.raw(index);
  if (typeof value !== 'string' || !MEDIA_ID.test(value)) throw invalidArguments(args.method, `${name} must be 1 to 64 letters, digits, "_" or "-"`);
  return value;
}

function mediaSignal(args: Arguments): MediaSignalInput {
  const signal = args.object(2, 'signal');
  const keys = Object.keys(signal);
  if (keys.length === 1 && typeof signal.sdpZlibBase64 === 'string' && signal.sdpZlibBase64.length <= MAX_SDP_CHARS) return { sdpZlibBase64: signal.sdpZlibBase64 };
  if (keys.length === 1 && typeof signal.candidateJson === 'string' && signal.candidateJson.length <= MAX_CANDIDATE_CHARS) return { candidateJson: signal.candidateJson };
  throw invalidArguments(args.method, `signal must be {sdpZlibBase64} (at most ${MAX_SDP_CHARS} characters) or {candidateJson} (at most ${MAX_CANDIDATE_CHARS})`);
}

/** Rtcd's URLs are short; this leaves room for a long host name and key. */
const MAX_SERVICE_URL_CHARS = 1024;

function mediaTarget(args: Arguments): MediaTarget {
  const config = args.object(0, 'config', { maxBytes: 16 * 1024 });
  const fail = (why: string) => invalidArguments(args.method, `config.${why}`);
  const address = (name: string) => {
    const value = config[name] ?? '';
    if (typeof value !== 'string' || value.length > 255 || /\s/.test(value)) throw fail(`${name} must be an address or host name without spaces`);
    return value;
  };
  const udpPort = config.udpPort;
  if (typeof udpPort !== 'number' || !Number.isInteger(udpPort) || (udpPort !== ANY_FREE_PORT && (udpPort < PORTS.min || udpPort > PORTS.max))) {
    throw fail(`udpPort must be an integer from ${PORTS.min} to ${PORTS.max}, or 0 for a free port`);
  }
  const enableTcp = config.enableTcp ?? false;
  if (typeof enableTcp !== 'boolean') throw fail('enableTcp must be true or false');
  const servers = config.iceServers ?? [];
  if (!Array.isArray(servers) || servers.length > MAX_ICE_SERVERS) throw fail(`iceServers must be a list of at most ${MAX_ICE_SERVERS} servers`);
  const serviceUrl = config.serviceUrl ?? '';
  if (typeof serviceUrl !== 'string' || serviceUrl.length > MAX_SERVICE_URL_CHARS) throw fail(`serviceUrl must be a URL of at most ${MAX_SERVICE_URL_CHARS} characters, or ''`);
  if (serviceUrl !== '') {
    try {
      parseMediaServiceUrl(serviceUrl);
    } catch (err) {
      throw new AppError('plugin.media.service_url.invalid', 400, `The media service URL cannot be used: ${(err as Error).message}.`);
    }
    return { serviceUrl };
  }
  return { config: { udpAddress: address('udpAddress'), udpPort, enableTcp, iceHostOverride: address('iceHostOverride'), iceServers: servers.map((server) => iceServer(server, fail)) } };
}

function iceServer(server: unknown, fail: (why: string) => Error): MediaIceServer {
  if (!isPlainObject(server)) throw fail('iceServers must hold objects');
  const { urls, username, credential } = server;
  const list = typeof urls === 'string' ? [urls] : urls;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_URLS || !list.every((url) => typeof url === 'string' && /^(stun|stuns|turn|turns):[^\s]{1,250}$/.test(url))) {
    throw fail('iceServers[].urls must be 1 to 10 stun:, stuns:, turn: or turns: URLs');
  }
  if ((username !== undefined && typeof username !== 'string') || (credential !== undefined && typeof credential !== 'string')) throw fail('iceServers[].username and credential must be strings');
  return { urls: list as string[], ...(username === undefined ? {} : { username }), ...(credential === undefined ? {} : { credential }) };
}

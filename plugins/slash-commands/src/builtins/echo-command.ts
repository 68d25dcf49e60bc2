// /echo "message" [delay]: posts the message as the caller, at once or after up to 10000 seconds
// (a one-shot job of api.scheduler, so a delayed echo survives a restart of the plugin).
import type { CommandResponse, PluginAPI } from '@parley/plugin-api';
import { COMMAND_TEXTS, T } from '../messages.ts';
import { newId } from '@parley/plugin-api';
import { builtinCommand, ephemeral, type Builtin } from './builtin.ts';

const MAX_DELAY_SECONDS = 10000;
/** Mattermost refuses new echoes while this many wait. */
const MAX_PENDING_ECHOES = 100;
export const ECHO_JOB_PREFIX = 'echo:';

export interface EchoRequest {
  message: string;
  delaySeconds: number;
}

/** Mattermost's parsing: a quoted message may be followed by a delay; else a trailing number is one. */
export function parseEcho(message: string): EchoRequest {
  const endQuote = message.lastIndexOf('"');
  if (message.startsWith('"') && endQuote > 1) {
    const delay = parseInteger(message.slice(endQuote).replace(/^[ "]+|[ "]+$/g, ''));
    return { message: message.slice(1, endQuote), delaySeconds: delay ?? 0 };
  }
  const lastSpace = message.lastIndexOf(' ');
  if (lastSpace !== -1) {
    const delay = parseInteger(message.slice(lastSpace).trim());
    if (delay !== undefined) return { message: message.slice(0, lastSpace), delaySeconds: delay };
  }
  return { message, delaySeconds: 0 };
}

function parseInteger(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

export interface EchoPost {
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
}

export const echoCommand: Builtin = {
  command: builtinCommand('echo', COMMAND_TEXTS.echo),
  async run({ api, args, message }): Promise<CommandResponse> {
    if (message === '') return ephemeral(T.echoMessage);
    const echo = parseEcho(message);
    if (echo.delaySeconds > MAX_DELAY_SECONDS) return ephemeral(T.echoDelay);
    const post: EchoPost = { user_id: args.user_id, channel_id: args.channel_id, root_id: args.root_id, message: echo.message };
    if (echo.delaySeconds <= 0) {
      await postEcho(api, post);
      return {};
    }
    const pending = (await api.scheduler.list()).filter((job) => job.key.startsWith(ECHO_JOB_PREFIX));
    if (pending.length >= MAX_PENDING_ECHOES) return ephemeral(T.echoHighVolume);
    await api.scheduler.schedule({ key: `${ECHO_JOB_PREFIX}${newId()}`, delayMs: echo.delaySeconds * 1000, data: post });
    return {};
  },
};

export async function postEcho(api: PluginAPI, post: EchoPost): Promise<void> {
  await api.posts.create(post);
}

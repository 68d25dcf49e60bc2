// What a built-in command is: its registration and the code answering it, run with the caller's
// permissions (every privileged step is checked with api.users.hasPermission first).
import type { Command, CommandArgs, CommandHandler, CommandResponse, PluginAPI } from '@parley/plugin-api';
import { splitCommandLine } from '../command-line.ts';
import { integrationSettings, siteUrlOf } from '../server-config.ts';

export interface BuiltinContext {
  api: PluginAPI;
  args: CommandArgs;
  /** The text after the trigger, as typed. */
  message: string;
  /** The server's address without a trailing slash, for goto_location. */
  siteUrl: string;
}

export interface Builtin {
  command: Command & { trigger: string };
  run(ctx: BuiltinContext): Promise<CommandResponse> | CommandResponse;
}

/** The handler bound to a built-in command when it is registered. */
export function builtinHandler(api: PluginAPI, builtin: Builtin): CommandHandler {
  return async (_ctx, args) => {
    const siteUrl = siteUrlOf(args, await integrationSettings(api));
    return builtin.run({ api, args, message: splitCommandLine(args.command).message, siteUrl });
  };
}

export function ephemeral(text: string): CommandResponse {
  return { response_type: 'ephemeral', text };
}

/** A registration with Mattermost's autocomplete texts. */
export function builtinCommand(trigger: string, texts: { desc: string; hint?: string }): Command & { trigger: string } {
  return { trigger, display_name: trigger, auto_complete: true, auto_complete_desc: texts.desc, auto_complete_hint: texts.hint ?? '' };
}

/** Whether an API call failed (the API rejects with an Error carrying an id). */
export async function succeeds(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch {
    return false;
  }
}

/** The call's value, or null when it failed. */
export async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch {
    return null;
  }
}

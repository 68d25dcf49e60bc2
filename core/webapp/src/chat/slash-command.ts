// A message starting with "/" is a slash command, as in Mattermost's web app: one a running plugin
// takes over in the client (ui.slash_command_hooks) goes to its action; any other is executed by the
// server (POST /commands/execute), whose answer arrives as posts, an ephemeral message or a dialog,
// and may send the user somewhere (goto_location). Run from a thread's reply box, the command carries
// the thread's root (root_id and parent_id, as Mattermost's web app sends them), so its answer lands
// in the thread.
import type { CommandArgs } from '@mattermost/types/integrations';
import { client } from '../client.ts';
import { currentPluginUi } from '../plugin-surfaces/plugin-ui-store.ts';
import { matchSlashCommandHook } from '../plugin-surfaces/slash-command-hooks.ts';
import { goTo, runSurfaceAction, type SurfaceHost } from '../plugin-surfaces/surface-action.ts';
import { rememberActionPlace } from './dialog-place.ts';

/** True for what Mattermost treats as a command: "/" then a letter or digit ("// not a command" is a message). */
export function isSlashCommand(text: string): boolean {
  return /^\/[^\s/]/.test(text);
}

export async function runSlashCommand(text: string, where: { teamId: string; channelId: string; rootId: string }, host: SurfaceHost): Promise<void> {
  const place = { teamId: where.teamId, channelId: where.channelId, postId: '' };
  rememberActionPlace(place);
  const hook = matchSlashCommandHook(currentPluginUi(), text);
  if (hook) return runSurfaceAction(hook.pluginId, hook.surfaceId, hook.action, place, host);
  const answer = await client.executeCommand(text, { channel_id: where.channelId, team_id: where.teamId, root_id: where.rootId, parent_id: where.rootId } as CommandArgs);
  if (answer.goto_location) goTo(answer.goto_location);
}

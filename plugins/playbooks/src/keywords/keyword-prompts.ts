// Keyword triggers: a message that holds one of a playbook's `signal_any_keywords` (the playbook's
// `signal_any_keywords_enabled` on) gets its author an ephemeral "run the playbook?" prompt, with
// a button that opens the run dialog and one that stops prompts in the thread (Mattermost
// Playbooks' keyword suggestions and server/api/signal.go). Only playbooks the author may run are
// offered; bots, system messages and the plugin's own posts never trigger one.
import { jsonResponse, type PluginAPI, type Post, type PostActionIntegrationRequest, type Router } from '@parley/plugin-api';
import { runDialog, RUN_DIALOG_PATH } from '../command/playbook-command.ts';
import { authenticated } from '../http/playbook-routes.ts';
import { badRequest } from '../http/playbooks-error.ts';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { Playbook } from '../playbooks/playbook.ts';

export const RUN_PLAYBOOK_PATH = '/api/v0/signal/keywords/run-playbook';
export const IGNORE_THREAD_PATH = '/api/v0/signal/keywords/ignore-thread';
/** Threads a user asked not to be prompted in, remembered for a while (as Mattermost keeps them in memory). */
const MAX_IGNORED_THREADS = 10_000;

export class KeywordPrompts {
  #api: PluginAPI;
  #playbooks: PlaybookService;
  #botUserId = '';
  #ignored = new Set<string>();

  constructor(api: PluginAPI, playbooks: PlaybookService) {
    this.#api = api;
    this.#playbooks = playbooks;
  }

  /** The plugin's bot, whose posts never trigger a prompt. */
  setBotUserId(botUserId: string): void {
    this.#botUserId = botUserId;
  }

  /** The messageHasBeenPosted hook: one query of the triggers, and nothing more unless a keyword is in the message. */
  async messageHasBeenPosted(post: Post): Promise<void> {
    if (post.type.startsWith('system_') || post.user_id === this.#botUserId || post.message === '') return;
    const threadId = post.root_id !== '' ? post.root_id : post.id;
    if (this.#ignored.has(`${threadId}:${post.user_id}`)) return;
    const text = post.message.toLowerCase();
    const matches = (await this.#playbooks.withKeywordTriggers())
      .map((playbook) => ({ playbook, triggers: playbook.signal_any_keywords.filter((keyword) => text.includes(keyword.toLowerCase())) }))
      .filter((match) => match.triggers.length > 0);
    if (matches.length === 0) return;

    const [channel, author] = await Promise.all([this.#api.channels.get(post.channel_id), this.#api.users.get(post.user_id)]);
    if (author.is_bot) return;
    const access = new PlaybookAccess(this.#api, post.user_id);
    const offered: Playbook[] = [];
    const triggers = new Set<string>();
    for (const { playbook, triggers: found } of matches) {
      if (playbook.team_id !== channel.team_id || !(await access.canView(playbook))) continue;
      offered.push(playbook);
      for (const trigger of found) triggers.add(trigger);
    }
    if (offered.length === 0) return;
    await this.#api.posts.sendEphemeral(post.user_id, { channel_id: post.channel_id, root_id: threadId, message: promptText(offered, [...triggers]), props: { attachments: [promptAttachment(offered, post.id)] } });
  }

  addRoutes(router: Router): void {
    router
      .post(RUN_PLAYBOOK_PATH, authenticated(async (request) => {
        const click = decodeClick(request.body);
        const playbookId = typeof click.context?.selected_option === 'string' ? click.context.selected_option : '';
        const playbook = await this.#playbooks.get(new PlaybookAccess(this.#api, request.user_id), playbookId);
        if (playbook.delete_at !== 0) return jsonResponse(200, { ephemeral_text: `The playbook ${playbook.title} is archived; it cannot be run.` });
        const postId = typeof click.context?.postID === 'string' ? click.context.postID : '';
        await this.#api.dialogs.open(click.trigger_id, `/plugins/playbooks${RUN_DIALOG_PATH}`, runDialog([{ text: playbook.title, value: playbook.id }], request.user_id, postId));
        await this.#api.posts.deleteEphemeral(request.user_id, click.post_id).catch(() => undefined);
        return jsonResponse(200, {});
      }))
      .post(IGNORE_THREAD_PATH, authenticated(async (request) => {
        const click = decodeClick(request.body);
        const threadId = typeof click.context?.threadID === 'string' ? click.context.threadID : '';
        if (threadId !== '') this.#ignore(`${threadId}:${request.user_id}`);
        await this.#api.posts.deleteEphemeral(request.user_id, click.post_id).catch(() => undefined);
        return jsonResponse(200, {});
      }));
  }

  #ignore(key: string): void {
    if (this.#ignored.size >= MAX_IGNORED_THREADS) this.#ignored.delete(this.#ignored.values().next().value!);
    this.#ignored.add(key);
  }
}

function promptText(playbooks: Playbook[], triggers: string[]): string {
  const found = triggers.length === 1 ? `\`${triggers[0]}\` is a trigger` : `\`${triggers.join('`, `')}\` are triggers`;
  if (playbooks.length === 1) return `${found} for the [${playbooks[0]!.title}](/playbooks/playbooks/${playbooks[0]!.id}) playbook, would you like to run it?`;
  return `${found} for the multiple playbooks, would you like to run one of them?`;
}

/** "Yes, run playbook" (a select when several playbooks match) and "No, ignore thread". */
function promptAttachment(playbooks: Playbook[], postId: string): Record<string, unknown> {
  const threadContext = { postID: postId, threadID: postId };
  const ignore = { id: 'ignoreKeywordsButton', type: 'button', name: 'No, ignore thread', integration: { url: `/plugins/playbooks${IGNORE_THREAD_PATH}`, context: threadContext } };
  const run = playbooks.length === 1
    ? { id: 'runPlaybookButton', type: 'button', name: 'Yes, run playbook', style: 'primary', integration: { url: `/plugins/playbooks${RUN_PLAYBOOK_PATH}`, context: { postID: postId, selected_option: playbooks[0]!.id } } }
    : { id: 'playbookIDButton', type: 'select', name: 'Select a playbook', options: playbooks.map((playbook) => ({ text: playbook.title, value: playbook.id })), integration: { url: `/plugins/playbooks${RUN_PLAYBOOK_PATH}`, context: { postID: postId } } };
  return { actions: [run, ignore] };
}

function decodeClick(body: string): PostActionIntegrationRequest {
  let click: unknown;
  try {
    click = JSON.parse(body);
  } catch {
    throw badRequest('playbooks.signal.decode', 'unable to decode post action integration request');
  }
  if (typeof click !== 'object' || click === null || typeof (click as PostActionIntegrationRequest).trigger_id !== 'string') {
    throw badRequest('playbooks.signal.decode', 'unable to decode post action integration request: it has no trigger_id');
  }
  return click as PostActionIntegrationRequest;
}

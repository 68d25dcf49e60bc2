// The /playbook slash command (Mattermost Playbooks' command, server/command): start a run through
// a dialog, and in a run's channel show it and its timeline, change its owner, check, add and
// remove items, post a status update (through a dialog) and finish it; anywhere, list what the user
// has to do. Every action goes through the run services, with their checks.
import {
  commandTree, ephemeral, HttpError, isValidId, jsonResponse,
  type AutocompleteArg, type AutocompleteListItem, type Dialog, type PluginAPI, type PostActionIntegrationRequest, type RoutedRequest, type Router, type Subcommand, type SubcommandContext, type SubmitDialogRequest,
} from '@parley/plugin-api';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import { parseBody, type ChecklistItem } from '../playbooks/playbook.ts';
import type { RunChecklists } from '../runs/run-checklists.ts';
import { REMINDER_BUTTON_PATH, type RunService } from '../runs/run-service.ts';
import { runUrl, type Run } from '../runs/run.ts';
import { authenticated } from '../http/playbook-routes.ts';
import { badRequest } from '../http/playbooks-error.ts';

export const RUN_DIALOG_PATH = '/api/v0/runs/dialog';
export const STATUS_DIALOG_PATH = '/api/v0/runs/{id}/update-status-dialog';

type Wire = Record<string, any>;

/** Where the arguments' suggestions come from (Mattermost's paths; checklists and items counted from 0, as Mattermost's commands count them). */
export const CHECKLIST_AUTOCOMPLETE_PATH = '/api/v0/runs/checklist-autocomplete';
export const ITEM_AUTOCOMPLETE_PATH = '/api/v0/runs/checklist-autocomplete-item';

export function playbookCommand(api: PluginAPI, playbooks: PlaybookService, runs: RunService, checklists: RunChecklists) {
  const access = (userId: string) => new PlaybookAccess(api, userId);
  const runHere = async (context: SubcommandContext): Promise<Wire> => {
    try {
      return await runs.getByChannel(access(context.args.user_id), context.args.channel_id);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) throw new HttpError(404, 'playbooks.command.no_run', 'This channel has no run: use the command in a run\'s channel.');
      throw err;
    }
  };
  /** The item `<checklist #> <item #>` (from 0, as Mattermost counts them) names in this channel's run, or what to tell the user instead. */
  const itemHere = async (context: SubcommandContext, name: string): Promise<{ run: Wire; item: Wire; checklistIndex: number; itemIndex: number } | string> => {
    const [checklist, item] = context.words.map(Number);
    if (!Number.isInteger(checklist) || !Number.isInteger(item) || checklist! < 0 || item! < 0) return `Give the checklist and item numbers, counted from 0: \`/playbook ${name} 0 1\`.`;
    const run = await runHere(context);
    const found = run.checklists[checklist!]?.items[item!];
    if (!found) return `${run.name} has no item ${item} in checklist ${checklist}.`;
    return { run, item: found, checklistIndex: checklist!, itemIndex: item! };
  };
  // A refused or failed action answers the user with its reason, as Mattermost's command does.
  const guarded = (run: Subcommand['run']): Subcommand['run'] => async (context) => {
    try {
      return await run(context);
    } catch (err) {
      if (err instanceof HttpError) return ephemeral(err.status === 403 ? 'You do not have permission to do this in this run.' : err.message);
      throw err;
    }
  };

  const subcommands: Subcommand[] = [
    {
      name: 'run',
      help: 'Starts a run: pick a playbook and name the run in a dialog',
      run: guarded(async ({ args }) => {
        if (!args.trigger_id) return ephemeral('This client sent no trigger id, so the dialog cannot open; start the run from the REST API instead.');
        const page = await playbooks.list(access(args.user_id), { teamId: args.team_id, sort: 'title', direction: 'asc', page: 0, perPage: 200, searchTerm: '', withArchived: false });
        if (page.items.length === 0) return ephemeral('There is no playbook in this team you may run. Create one first.');
        await api.dialogs.open(args.trigger_id, `/plugins/playbooks${RUN_DIALOG_PATH}`, runDialog(page.items.map((playbook) => ({ text: playbook.title, value: playbook.id })), args.user_id));
        return {};
      }),
    },
    {
      name: 'info',
      help: 'Shows the run of this channel: owner, status and checklists',
      run: guarded(async (context) => ephemeral(await describe(api, await runHere(context)))),
    },
    {
      name: 'owner',
      help: 'Shows the owner, or makes @user the owner of this channel\'s run',
      autocomplete: { Hint: '[@username]', Arguments: [{ Type: 'TextInput', HelpText: 'The new owner', Data: { Hint: '[@username]' } }] },
      run: guarded(async (context) => {
        const run = await runHere(context);
        const wanted = context.words[0]?.replace(/^@/, '');
        if (!wanted) return ephemeral(`The owner is @${(await api.users.get(run.owner_user_id)).username}.`);
        const user = await api.users.getByUsername(wanted).catch(() => null);
        if (!user) return ephemeral(`There is no user @${wanted}.`);
        await runs.changeOwner(access(context.args.user_id), run.id, user.id);
        return ephemeral(`@${user.username} is now the owner of ${run.name}.`);
      }),
    },
    {
      name: 'finish',
      help: 'Finishes this channel\'s run',
      run: guarded(async (context) => {
        const run = await runHere(context);
        await runs.finish(access(context.args.user_id), run.id);
        return ephemeral(`${run.name} is finished.`);
      }),
    },
    {
      name: 'update',
      help: 'Posts a status update for this channel\'s run, written in a dialog',
      run: guarded(async (context) => {
        const run = await runHere(context);
        if (!context.args.trigger_id) return ephemeral('This client sent no trigger id, so the dialog cannot open.');
        await api.dialogs.open(context.args.trigger_id, `/plugins/playbooks${STATUS_DIALOG_PATH.replace('{id}', run.id)}`, statusDialog(run));
        return {};
      }),
    },
    {
      name: 'check',
      help: 'Checks (or unchecks) an item of this channel\'s run: checklist and item numbers from 0',
      autocomplete: { Hint: '<checklist #> <item #>', Arguments: [itemArgument('The item to check or uncheck')] },
      run: guarded(async (context) => {
        const target = await itemHere(context, 'check');
        if (typeof target === 'string') return ephemeral(target);
        const state = target.item.state === 'closed' ? '' : 'closed';
        await runs.setItemState(access(context.args.user_id), target.run.id, target.checklistIndex, target.itemIndex, state);
        return ephemeral(`${state === 'closed' ? 'Checked' : 'Unchecked'} "${target.item.title}".`);
      }),
    },
    {
      name: 'checkadd',
      help: 'Adds an item to a checklist of this channel\'s run: checklist number from 0, then the item\'s text',
      autocomplete: { Hint: '<checklist #> <item text>', Arguments: [{ Type: 'DynamicList', HelpText: 'The checklist to add to', Data: { FetchURL: `/plugins/playbooks${CHECKLIST_AUTOCOMPLETE_PATH}` } }, { Type: 'TextInput', HelpText: 'The new item', Data: { Hint: '<item text>' } }] },
      run: guarded(async (context) => {
        const checklist = Number(context.words[0]);
        const title = context.words.slice(1).join(' ').trim();
        if (!Number.isInteger(checklist) || checklist < 0 || title === '') return ephemeral('Give the checklist number, counted from 0, and the item\'s text: `/playbook checkadd 0 Call the vendor`.');
        const run = await runHere(context);
        if (!run.checklists[checklist]) return ephemeral(`${run.name} has no checklist ${checklist}.`);
        await runs.addItem(access(context.args.user_id), run.id, checklist, { ...EMPTY_ITEM, title });
        return ephemeral(`Added "${title}" to ${run.checklists[checklist].title}.`);
      }),
    },
    {
      name: 'checkremove',
      help: 'Removes an item of this channel\'s run: checklist and item numbers from 0',
      autocomplete: { Hint: '<checklist #> <item #>', Arguments: [itemArgument('The item to remove')] },
      run: guarded(async (context) => {
        const target = await itemHere(context, 'checkremove');
        if (typeof target === 'string') return ephemeral(target);
        await checklists.removeItem(access(context.args.user_id), target.run.id, target.checklistIndex, target.itemIndex);
        return ephemeral(`Removed "${target.item.title}".`);
      }),
    },
    {
      name: 'timeline',
      help: 'Shows the timeline of this channel\'s run',
      run: guarded(async (context) => {
        const run = await runHere(context);
        const events = run.timeline_events as Wire[];
        if (events.length === 0) return ephemeral('There are no timeline events to display.');
        const lines = [`#### Timeline of ${run.name}`, '| Time | Event |', '| --- | --- |'];
        for (const event of events) lines.push(`| ${new Date(event.event_at).toISOString().replace('T', ' ').slice(0, 16)} UTC | ${event.summary || event.event_type} |`);
        return ephemeral(lines.join('\n'));
      }),
    },
    {
      name: 'todo',
      help: 'Lists your runs in progress, the items assigned to you and the status updates you owe',
      run: guarded(async ({ args }) => ephemeral(todoDigest(await runs.activeRunsOf(args.user_id), args.user_id, Date.now()))),
    },
  ];
  return commandTree(api, { trigger: 'playbook', display_name: 'Playbooks', description: 'Playbook runs: start, follow and finish them', helpTitle: 'Playbook commands' }, subcommands);
}

/** The argument that names an item, suggested from the run of the channel being typed in. */
function itemArgument(help: string): AutocompleteArg {
  return { Type: 'DynamicList', HelpText: help, Data: { FetchURL: `/plugins/playbooks${ITEM_AUTOCOMPLETE_PATH}` } };
}

const EMPTY_ITEM: ChecklistItem = { id: '', title: '', description: '', state: '', state_modified: 0, assignee_id: '', assignee_modified: 0, command: '', command_last_run: 0, due_date: 0, delete_at: 0, update_at: 0 };

/**
 * The suggestions for the command's arguments: the checklists or items of the runs in the channel
 * the user types in, which the user may read and see (Mattermost answers 404 otherwise, not to
 * reveal a private channel).
 */
export function addCommandAutocompleteRoutes(router: Router, api: PluginAPI, runs: RunService): void {
  const runsHere = async (request: RoutedRequest) => {
    const channelId = request.query.channel_id ?? '';
    if (!isValidId(channelId)) throw badRequest('playbooks.autocomplete.channel_id', 'channel_id is required');
    const mayRead = await api.users.hasPermission(request.user_id, 'read_channel', { channel_id: channelId }).catch(() => false);
    const visible = mayRead ? await runs.visibleInChannel(new PlaybookAccess(api, request.user_id), channelId) : [];
    if (visible.length === 0) throw new HttpError(404, 'playbooks.run.not_found', 'Not found', `no run the user may see in channel ${channelId}`);
    // The commands act on the channel's newest run.
    return visible[0]!;
  };
  router
    .get(CHECKLIST_AUTOCOMPLETE_PATH, authenticated(async (request) => {
      const run = await runsHere(request);
      return jsonResponse(200, run.checklists.map((checklist, i): AutocompleteListItem => ({ Item: String(i), Hint: `"${checklist.title}"` })));
    }))
    .get(ITEM_AUTOCOMPLETE_PATH, authenticated(async (request) => {
      const run = await runsHere(request);
      return jsonResponse(200, run.checklists.flatMap((checklist, i) => checklist.items.map((item, j): AutocompleteListItem => ({ Item: `${i} ${j}`, Hint: `"${item.title}"` }))));
    }));
}

/** `/playbook todo`: the user's runs in progress, the open items assigned to them, and the runs whose status update is overdue. */
function todoDigest(active: Run[], userId: string, now: number): string {
  if (active.length === 0) return 'You have no runs in progress.';
  const overdue = active.filter((run) => run.owner_user_id === userId && run.status_update_enabled && run.previous_reminder > 0 && (run.last_status_update_at || run.create_at) + run.previous_reminder / 1e6 < now);
  const assigned = active.flatMap((run) => run.checklists.flatMap((checklist) => checklist.items.filter((item) => item.assignee_id === userId && item.state !== 'closed' && item.state !== 'skipped').map((item) => ({ run, item }))));
  const lines: string[] = [];
  if (overdue.length > 0) lines.push(`##### Status updates overdue: ${overdue.length}`, ...overdue.map((run) => `- [${run.name}](${runUrl(run.id)})`), '');
  lines.push(`##### Your tasks: ${assigned.length}`, ...assigned.map(({ run, item }) => `- [${run.name}](${runUrl(run.id)}): ${item.title}${item.due_date > 0 && item.due_date < now ? ' (overdue)' : ''}`), '');
  lines.push(`##### Runs in progress: ${active.length}`, ...active.map((run) => `- [${run.name}](${runUrl(run.id)})`));
  return lines.join('\n');
}

/** The submissions of the command's dialogs: start a run, post a status update. */
export function addCommandDialogRoutes(router: Router, api: PluginAPI, runs: RunService): void {
  router
    .post(RUN_DIALOG_PATH, authenticated(async (request) => {
      const submit = JSON.parse(request.body) as SubmitDialogRequest;
      if (submit.cancelled) return { status: 200 };
      const value = (name: string) => (typeof submit.submission?.[name] === 'string' ? (submit.submission[name] as string) : '');
      if (!isValidId(value('playbook_id'))) return jsonResponse(200, { errors: { playbook_id: 'Pick a playbook.' } });
      if (value('name').trim() === '') return jsonResponse(200, { errors: { name: 'Name the run.' } });
      const owner = isValidId(value('owner_user_id')) ? value('owner_user_id') : request.user_id;
      await runs.create(new PlaybookAccess(api, request.user_id), { name: value('name'), description: value('description'), owner_user_id: owner, team_id: submit.team_id ?? '', playbook_id: value('playbook_id'), channel_id: '', post_id: postIdOf(submit.state), create_public_run: null });
      return { status: 200 };
    }))
    .post(STATUS_DIALOG_PATH, authenticated(async (request) => {
      const submit = JSON.parse(request.body) as SubmitDialogRequest;
      if (submit.cancelled) return { status: 200 };
      const message = typeof submit.submission?.message === 'string' ? submit.submission.message : '';
      if (message.trim() === '') return jsonResponse(200, { errors: { message: 'Write the update.' } });
      const reminder = Number(submit.submission?.reminder ?? 0);
      await runs.updateStatus(new PlaybookAccess(api, request.user_id), request.params.id!, message, Number.isSafeInteger(reminder) && reminder > 0 ? reminder : 0);
      return { status: 200 };
    }))
    .post(REMINDER_BUTTON_PATH, authenticated(async (request) => {
      // A click on the reminder's button: the clicking user, if they may change the run, gets the update dialog.
      const click = parseBody(request.body === '' ? '{}' : request.body, 'post action integration request') as Partial<PostActionIntegrationRequest>;
      if (typeof click?.trigger_id !== 'string') throw badRequest('playbooks.run.decode', 'missing request data: the click has no trigger_id');
      const run = await runs.getManageable(new PlaybookAccess(api, request.user_id), request.params.id!);
      await api.dialogs.open(click.trigger_id, `/plugins/playbooks${STATUS_DIALOG_PATH.replace('{id}', String(run.id))}`, statusDialog(run));
      return jsonResponse(200, {});
    }));
}

/**
 * The dialog that starts a run. With one playbook offered it comes chosen; `postId` (the message
 * that suggested the run) travels in the dialog's state and becomes the run's post_id.
 */
export function runDialog(playbookOptions: Array<{ text: string; value: string }>, userId: string, postId = ''): Dialog {
  return {
    callback_id: 'playbooks_run',
    title: 'Start a run',
    submit_label: 'Start run',
    state: JSON.stringify({ post_id: postId }),
    elements: [
      { display_name: 'Playbook', name: 'playbook_id', type: 'select', options: playbookOptions, ...(playbookOptions.length === 1 ? { default: playbookOptions[0]!.value } : {}) },
      { display_name: 'Run name', name: 'name', type: 'text', max_length: 64 },
      { display_name: 'Owner', name: 'owner_user_id', type: 'select', data_source: 'users', default: userId },
      { display_name: 'Summary', name: 'description', type: 'textarea', optional: true },
    ],
  };
}

/** The post id a run dialog carries in its state, when it is one. */
function postIdOf(state: string | undefined): string {
  try {
    const postId = (JSON.parse(state ?? '') as { post_id?: unknown }).post_id;
    return isValidId(postId) ? postId : '';
  } catch {
    return '';
  }
}

function statusDialog(run: Wire): Dialog {
  const minutes = [15, 30, 60, 240, 1440];
  return {
    callback_id: 'playbooks_status',
    title: 'Post a status update',
    introduction_text: `For **${run.name}**: posted in the run channel${run.status_update_broadcast_channels_enabled ? ' and the broadcast channels' : ''}.`,
    submit_label: 'Post update',
    elements: [
      { display_name: 'Update', name: 'message', type: 'textarea', default: run.reminder_message_template || '' },
      { display_name: 'Next update in', name: 'reminder', type: 'select', default: String(run.reminder_timer_default_seconds || 3600), options: minutes.map((m) => ({ text: m < 60 ? `${m} minutes` : `${m / 60} hours`, value: String(m * 60) })) },
    ],
  };
}

/** The run in a few lines, its checklists numbered as `/playbook check` counts them. */
async function describe(api: PluginAPI, run: Wire): Promise<string> {
  const owner = await api.users.get(run.owner_user_id).then((user) => `@${user.username}`, () => run.owner_user_id);
  const marks: Record<string, string> = { closed: '[x]', skipped: '[-]', in_progress: '[~]', '': '[ ]' };
  const lines = [`#### ${run.name}`, `**Owner:** ${owner} · **Status:** ${run.current_status} · **Tasks:** ${run.task_completed}/${run.task_total}`];
  if (run.summary) lines.push('', run.summary);
  run.checklists.forEach((checklist: Wire, i: number) => {
    lines.push('', `**${i}. ${checklist.title}**`);
    checklist.items.forEach((item: Wire, j: number) => lines.push(`${i}.${j} ${marks[item.state] ?? '[ ]'} ${item.title}`));
  });
  return lines.join('\n');
}

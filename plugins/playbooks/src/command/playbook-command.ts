// The /playbook slash command (Mattermost Playbooks' command, server/command): start a run through
// a dialog, and in a run's channel show it, change its owner, check items, post a status update
// (through a dialog) and finish it. Every action goes through the run service, with its checks.
import { commandTree, ephemeral, HttpError, isValidId, jsonResponse, type Dialog, type PluginAPI, type Router, type Subcommand, type SubcommandContext, type SubmitDialogRequest } from '@parley/plugin-api';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { RunService } from '../runs/run-service.ts';
import { authenticated } from '../http/playbook-routes.ts';

export const RUN_DIALOG_PATH = '/api/v0/runs/dialog';
export const STATUS_DIALOG_PATH = '/api/v0/runs/{id}/update-status-dialog';

type Wire = Record<string, any>;

export function playbookCommand(api: PluginAPI, playbooks: PlaybookService, runs: RunService) {
  const access = (userId: string) => new PlaybookAccess(api, userId);
  const runHere = async (context: SubcommandContext): Promise<Wire> => {
    try {
      return await runs.getByChannel(access(context.args.user_id), context.args.channel_id);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) throw new HttpError(404, 'playbooks.command.no_run', 'This channel has no run: use the command in a run\'s channel.');
      throw err;
    }
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
      autocomplete: { Hint: '[@username]' },
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
      help: 'Checks (or unchecks) an item of this channel\'s run: checklist and item numbers from 1',
      autocomplete: { Hint: '<checklist #> <item #>' },
      run: guarded(async (context) => {
        const [checklist, item] = context.words.map(Number);
        if (!Number.isInteger(checklist) || !Number.isInteger(item) || checklist! < 1 || item! < 1) return ephemeral('Give the checklist and item numbers, counted from 1: `/playbook check 1 2`.');
        const run = await runHere(context);
        const found = run.checklists[checklist! - 1]?.items[item! - 1];
        if (!found) return ephemeral(`${run.name} has no item ${item} in checklist ${checklist}.`);
        const state = found.state === 'closed' ? '' : 'closed';
        await runs.setItemState(access(context.args.user_id), run.id, checklist! - 1, item! - 1, state);
        return ephemeral(`${state === 'closed' ? 'Checked' : 'Unchecked'} "${found.title}".`);
      }),
    },
  ];
  return commandTree(api, { trigger: 'playbook', display_name: 'Playbooks', description: 'Playbook runs: start, follow and finish them', helpTitle: 'Playbook commands' }, subcommands);
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
      // The state is the post a run was started from ("Run playbook" in its menu).
      await runs.create(new PlaybookAccess(api, request.user_id), { name: value('name'), description: value('description'), owner_user_id: owner, team_id: submit.team_id ?? '', playbook_id: value('playbook_id'), channel_id: '', post_id: isValidId(submit.state) ? submit.state : '', create_public_run: null });
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
    }));
}

export function runDialog(playbookOptions: Array<{ text: string; value: string }>, userId: string): Dialog {
  return {
    callback_id: 'playbooks_run',
    title: 'Start a run',
    submit_label: 'Start run',
    elements: [
      { display_name: 'Playbook', name: 'playbook_id', type: 'select', options: playbookOptions },
      { display_name: 'Run name', name: 'name', type: 'text', max_length: 64 },
      { display_name: 'Owner', name: 'owner_user_id', type: 'select', data_source: 'users', default: userId },
      { display_name: 'Summary', name: 'description', type: 'textarea', optional: true },
    ],
  };
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
    lines.push('', `**${i + 1}. ${checklist.title}**`);
    checklist.items.forEach((item: Wire, j: number) => lines.push(`${i + 1}.${j + 1} ${marks[item.state] ?? '[ ]'} ${item.title}`));
  });
  return lines.join('\n');
}

// The routes behind the post menu's "Run playbook" and "Add to run timeline" (plugin.json's
// ui.post_menu_actions), as Mattermost Playbooks' post menu does them: each opens a dialog for the
// user who clicked, with the trigger id the server sent; "Add to run timeline" is then submitted to
// Mattermost's /api/v0/runs/add-to-timeline-dialog. The server has checked the user may read the post.
import { HttpError, isValidId, jsonResponse, type Dialog, type PluginAPI, type Router, type SubmitDialogRequest } from '@parley/plugin-api';
import { RUN_DIALOG_PATH, runDialog } from '../command/playbook-command.ts';
import { authenticated } from '../http/playbook-routes.ts';
import { badRequest } from '../http/playbooks-error.ts';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { RunService } from '../runs/run-service.ts';

export const RUN_PLAYBOOK_SURFACE_PATH = '/ui/run-playbook';
export const ADD_TO_TIMELINE_SURFACE_PATH = '/ui/add-to-timeline';
export const ADD_TO_TIMELINE_DIALOG_PATH = '/api/v0/runs/add-to-timeline-dialog';

/** What the server POSTs when a surface calling a route is used (ui-contract.ts). */
interface SurfaceUse {
  user_id: string;
  channel_id: string;
  team_id: string;
  post_id: string;
  trigger_id: string;
}

/** A summary suggested from the post, as Mattermost cuts it: its first 40 characters. */
const SUMMARY_CHARS = 40;

export function addPostMenuRoutes(router: Router, api: PluginAPI, playbooks: PlaybookService, runs: RunService): void {
  const access = (userId: string) => new PlaybookAccess(api, userId);

  router
    .post(RUN_PLAYBOOK_SURFACE_PATH, authenticated(async (request) => {
      const use = decodeUse(request.body);
      const page = await playbooks.list(access(request.user_id), { teamId: use.team_id, sort: 'title', direction: 'asc', page: 0, perPage: 200, searchTerm: '', withArchived: false });
      if (page.items.length === 0) return jsonResponse(200, { ephemeral_text: 'There is no playbook in this team you may run. Create one first.' });
      const dialog = runDialog(page.items.map((playbook) => ({ text: playbook.title, value: playbook.id })), request.user_id, use.post_id);
      await api.dialogs.open(use.trigger_id, `/plugins/playbooks${RUN_DIALOG_PATH}`, dialog);
      return jsonResponse(200, {});
    }))
    .post(ADD_TO_TIMELINE_SURFACE_PATH, authenticated(async (request) => {
      const use = decodeUse(request.body);
      const mine = await runs.list(access(request.user_id), { teamId: use.team_id, ownerId: '', participantId: request.user_id, participantOrFollowerId: '', playbookId: '', statuses: [], since: 0, searchTerm: '', sort: 'create_at', direction: 'desc', page: 0, perPage: 200 });
      if (mine.items.length === 0) return jsonResponse(200, { ephemeral_text: 'You take part in no run of this team: a message can be added to the timeline of a run you are in.' });
      const post = await api.posts.get(use.post_id);
      const here = mine.items.filter((run) => run.channel_id === post.channel_id);
      await api.dialogs.open(use.trigger_id, `/plugins/playbooks${ADD_TO_TIMELINE_DIALOG_PATH}`, addToTimelineDialog(mine.items, here.length === 1 ? String(here[0]!.id) : '', post.message, post.id));
      return jsonResponse(200, {});
    }))
    .post(ADD_TO_TIMELINE_DIALOG_PATH, authenticated(async (request) => {
      const submit = JSON.parse(request.body) as SubmitDialogRequest;
      if (submit.cancelled) return { status: 200 };
      if (submit.user_id !== request.user_id) throw badRequest('playbooks.timeline.user', "interactive dialog's userID must be the same as the requester's userID");
      const runId = typeof submit.submission?.playbook_run === 'string' ? submit.submission.playbook_run : '';
      const summary = typeof submit.submission?.summary === 'string' ? submit.submission.summary : '';
      if (!isValidId(runId)) return jsonResponse(200, { errors: { playbook_run: 'Pick a run.' } });
      if (summary.trim() === '') return jsonResponse(200, { errors: { summary: 'Write a summary.' } });
      const postId = postIdOfState(submit.state);
      const post = await api.posts.get(postId).catch(() => null);
      if (!post) throw badRequest('playbooks.timeline.post', "couldn't get post ID");
      // Whoever adds a message to a timeline must be able to read it.
      if (!(await api.users.hasPermission(request.user_id, 'read_channel', { channel_id: post.channel_id }).catch(() => false))) throw new HttpError(403, 'playbooks.not_authorized', 'Not authorized');
      await runs.addPostToTimeline(access(request.user_id), runId, post, summary);
      return { status: 200 };
    }));
}

function decodeUse(body: string): SurfaceUse {
  const use = JSON.parse(body) as Partial<SurfaceUse>;
  if (typeof use.trigger_id !== 'string' || use.trigger_id === '') throw badRequest('playbooks.ui.trigger_id', 'the surface was used without a trigger id, so no dialog can open');
  return { user_id: use.user_id ?? '', channel_id: use.channel_id ?? '', team_id: use.team_id ?? '', post_id: use.post_id ?? '', trigger_id: use.trigger_id };
}

/** Mattermost's dialog state for "Add to run timeline": `{"post_id": ...}`. */
function postIdOfState(state: string): string {
  try {
    const postId = (JSON.parse(state) as { post_id?: unknown }).post_id;
    if (typeof postId === 'string' && isValidId(postId)) return postId;
  } catch {
    // refused below
  }
  throw badRequest('playbooks.timeline.state', 'failed to unmarshal dialog state');
}

function addToTimelineDialog(runs: Array<Record<string, unknown>>, defaultRunId: string, message: string, postId: string): Dialog {
  const summary = message.length > SUMMARY_CHARS ? `${message.slice(0, SUMMARY_CHARS)}...` : message;
  return {
    callback_id: 'playbooks_add_to_timeline',
    title: 'Add to run timeline',
    submit_label: 'Add',
    state: JSON.stringify({ post_id: postId }),
    elements: [
      { display_name: 'Run', name: 'playbook_run', type: 'select', options: runs.map((run) => ({ text: String(run.name), value: String(run.id) })), default: defaultRunId },
      { display_name: 'Summary', name: 'summary', type: 'text', max_length: 64, default: summary, placeholder: 'Short summary shown in the timeline', help_text: 'Max 64 characters' },
    ],
  };
}

// The parts of a run both views draw — the run's page (playbooks.html) and the run panel of the
// right-hand sidebar (run-panel.html): its checklists with each item's state and assignee, the
// status update form and the updates posted, the retrospective with its metrics, and the timeline.
// Every control changes the run through Mattermost's REST routes, then the view reloads the run.
import { field, h, options, when } from './dom.ts';
import { personName, type MetricConfig, type Person, type PlaybooksClient, type Run, type RunDetails } from './playbooks-client.ts';

export interface RunContext {
  run: Run;
  people: Map<string, Person>;
  client: PlaybooksClient;
  /** Runs an action on the run, then reloads and draws it again (or shows why it failed). */
  act: (action: () => Promise<unknown>) => Promise<void>;
}

/** Mattermost's choices for the next status update, in seconds. */
const NEXT_UPDATE: ReadonlyArray<readonly [string, string]> = [
  ['900', '15 minutes'],
  ['1800', '30 minutes'],
  ['3600', '1 hour'],
  ['14400', '4 hours'],
  ['86400', '1 day'],
  ['604800', '1 week'],
];

/**
 * What the user has typed and not yet sent, by control id: a run drawn again (after someone else's
 * change arrives) keeps it.
 */
const drafts = new Map<string, string>();

/** A text control that keeps its draft across redraws. */
function drafted<T extends HTMLInputElement | HTMLTextAreaElement>(control: T, id: string, initial: string): T {
  control.value = drafts.get(id) ?? initial;
  control.addEventListener('input', () => drafts.set(id, control.value));
  return control;
}

const EVENT_NAMES: Record<string, string> = {
  incident_created: 'Run started',
  status_updated: 'Status update',
  owner_changed: 'Owner changed',
  task_state_modified: 'Task state changed',
  assignee_changed: 'Assignee changed',
  ran_slash_command: 'Slash command ran',
  event_from_post: 'Event from a message',
  participants_changed: 'Participants changed',
  run_finished: 'Run finished',
  run_restored: 'Run restored',
  published_retrospective: 'Retrospective published',
  canceled_retrospective: 'Retrospective canceled',
  status_update_requested: 'Status update requested',
  status_update_snoozed: 'Status update snoozed',
};

/** Who owns the run, its state and progress, and the finish or restore button. */
export function runSummary(view: RunContext, headingLevel: 'h1' | 'h2'): HTMLElement {
  const { run } = view;
  const finished = run.current_status === 'Finished';
  return h(
    'section',
    { className: 'run-summary', 'aria-label': 'Run overview' },
    h(headingLevel, { className: 'run-name' }, run.name),
    h(
      'p',
      {},
      h('span', { className: `badge ${finished ? 'finished' : 'in-progress'}` }, finished ? 'Finished' : 'In progress'),
      ` Owner: ${personName(view.people, run.owner_user_id)} · ${run.participant_ids.length} participant${run.participant_ids.length === 1 ? '' : 's'} · Started ${when(run.create_at)}`,
    ),
    run.summary ? h('p', { className: 'run-description' }, run.summary) : null,
    h(
      'p',
      { className: 'actions' },
      finished
        ? h('button', { type: 'button', id: 'restore-run', onclick: () => void view.act(() => view.client.runAction(run.id, 'PUT', '/restore')) }, 'Restart run')
        : h('button', { type: 'button', id: 'finish-run', onclick: () => void view.act(() => view.client.runAction(run.id, 'PUT', '/finish')) }, 'Finish run'),
    ),
  );
}

/** The checklists: a checkbox per item (checked off or open), skip or restore, and its assignee. */
export function checklistsSection(view: RunContext): HTMLElement {
  const { run } = view;
  const assignees: Array<readonly [string, string]> = [['', 'No assignee'], ...[...view.people.values()].map((person) => [person.id, `@${person.username}`] as const)];
  return h(
    'section',
    { className: 'checklists', 'aria-labelledby': 'checklists-heading' },
    h('h2', { id: 'checklists-heading' }, 'Checklists'),
    h('p', { className: 'progress-text' }, `${run.task_completed} of ${run.task_total} tasks done`),
    h('progress', { value: run.task_completed, max: Math.max(run.task_total, 1), 'aria-label': 'Tasks done' }),
    ...run.checklists.map((checklist, c) =>
      h(
        'div',
        { className: 'checklist' },
        h('h3', {}, checklist.title),
        h(
          'ul',
          {},
          ...checklist.items.map((item, i) => {
            const base = `/checklists/${c}/item/${i}`;
            const skipped = item.state === 'skipped';
            const id = `item-${c}-${i}`;
            const assignee = h('select', { 'aria-label': `Assignee of "${item.title}"`, onchange: (event) => void view.act(() => view.client.runAction(run.id, 'PUT', `${base}/assignee`, { assignee_id: (event.target as HTMLSelectElement).value })) }, ...options(assignees, item.assignee_id));
            assignee.id = `assignee-${c}-${i}`;
            // An assignee who left the team still shows.
            if (item.assignee_id && !view.people.has(item.assignee_id)) assignee.append(h('option', { value: item.assignee_id, selected: true }, personName(view.people, item.assignee_id)));
            return h(
              'li',
              { className: `item state-${item.state || 'open'}` },
              h(
                'div',
                { className: 'item-main' },
                h('input', { type: 'checkbox', id, checked: item.state === 'closed', disabled: skipped, onchange: (event) => void view.act(() => view.client.runAction(run.id, 'PUT', `${base}/state`, { new_state: (event.target as HTMLInputElement).checked ? 'closed' : '' })) }),
                h('label', { for: id }, item.title),
                item.state === 'in_progress' ? h('span', { className: 'badge' }, 'In progress') : null,
                skipped ? h('span', { className: 'badge' }, 'Skipped') : null,
              ),
              item.description ? h('p', { className: 'item-description' }, item.description) : null,
              item.due_date > 0 ? h('p', { className: item.due_date < Date.now() && item.state !== 'closed' ? 'due overdue' : 'due' }, `Due ${when(item.due_date)}`) : null,
              item.command
                ? h(
                    'p',
                    { className: 'command' },
                    h('code', {}, item.command),
                    // Runs as the viewer in the run channel (POST .../run); Mattermost's label says whether it ran before.
                    h('button', { type: 'button', id: `run-command-${c}-${i}`, className: 'quiet', 'aria-label': `${item.command_last_run ? 'Rerun' : 'Run'} ${item.command} for "${item.title}"`, onclick: () => void view.act(() => view.client.runAction(run.id, 'POST', `${base}/run`)) }, item.command_last_run ? 'Rerun' : 'Run'),
                  )
                : null,
              h(
                'div',
                { className: 'item-tools' },
                assignee,
                h('button', { type: 'button', id: `skip-${c}-${i}`, className: 'quiet', 'aria-label': `${skipped ? 'Restore' : 'Skip'} "${item.title}"`, onclick: () => void view.act(() => view.client.runAction(run.id, 'PUT', `${base}/${skipped ? 'restore' : 'skip'}`)) }, skipped ? 'Restore' : 'Skip'),
              ),
            );
          }),
        ),
      ),
    ),
  );
}

/** The form for a status update (while the run is in progress) and, on the run's page, the updates posted. */
export function statusSection(view: RunContext, details: RunDetails | null): HTMLElement {
  const { run } = view;
  const message = drafted(h('textarea', { rows: 4, required: true }), 'status-message', run.reminder_message_template ?? '');
  const reminder = h('select', {}, ...options(NEXT_UPDATE, String(run.reminder_timer_default_seconds || 3600)));
  const form = h(
    'form',
    {
      className: 'status-form',
      onsubmit: (event) => {
        event.preventDefault();
        if (message.value.trim() === '') {
          message.focus();
          return;
        }
        void view.act(async () => {
          await view.client.runAction(run.id, 'POST', '/status', { message: message.value, reminder: Number(reminder.value) });
          drafts.delete('status-message');
        });
      },
    },
    field('status-message', 'Status update', message),
    field('status-reminder', 'Next update in', reminder),
    h('button', { type: 'submit', id: 'post-status' }, 'Post update'),
  );
  return h(
    'section',
    { className: 'status-updates', 'aria-labelledby': 'status-heading' },
    h('h2', { id: 'status-heading' }, 'Status updates'),
    run.last_status_update_at > 0 ? h('p', { className: 'hint' }, `Last update ${when(run.last_status_update_at)}`) : h('p', { className: 'hint' }, 'No status update yet.'),
    run.current_status === 'InProgress' ? form : null,
    details && details.status_updates.length > 0
      ? h('ol', { className: 'updates', 'aria-label': 'Status updates posted' }, ...details.status_updates.map((update) => h('li', {}, h('p', { className: 'meta' }, `${update.author ? `@${update.author.username}` : 'Someone'} · ${when(update.create_at)}`), h('p', { className: 'message' }, update.message))))
      : null,
  );
}

/** The retrospective: its text and the playbook's metrics, saved or published with Mattermost's routes. */
export function retrospectiveSection(view: RunContext, metrics: MetricConfig[]): HTMLElement {
  const { run } = view;
  const text = drafted(h('textarea', { rows: 6 }), 'retro-text', run.retrospective ?? '');
  const inputs = metrics.map((metric, index) => {
    const stored = run.metrics_data?.find((data) => data.metric_config_id === metric.id)?.value ?? null;
    const shown = stored === null ? '' : metric.type === 'metric_duration' ? String(Math.round(stored / 60000)) : String(stored);
    const input = drafted(h('input', { type: 'number', min: 0, step: 1 }), `metric-${index}`, shown);
    return { metric, input, field: field(`metric-${index}`, `${metric.title} (${metricUnit(metric)})`, input, metric.target !== null ? `Target: ${metricValue(metric, metric.target)}` : '') };
  });
  const body = () => ({
    retrospective: text.value,
    metrics: inputs.filter(({ input }) => input.value !== '').map(({ metric, input }) => ({ metric_config_id: metric.id ?? '', value: metric.type === 'metric_duration' ? Number(input.value) * 60000 : Number(input.value) })),
  });
  return h(
    'section',
    { className: 'retrospective', 'aria-labelledby': 'retro-heading' },
    h('h2', { id: 'retro-heading' }, 'Retrospective'),
    run.retrospective_published_at > 0 ? h('p', { className: 'hint' }, `Published ${when(run.retrospective_published_at)}`) : null,
    field('retro-text', 'Report', text),
    ...inputs.map((input) => input.field),
    h(
      'p',
      { className: 'actions' },
      h('button', { type: 'button', id: 'save-retro', onclick: () => void view.act(() => sendRetrospective(view, '/retrospective', body())) }, 'Save'),
      h('button', { type: 'button', id: 'publish-retro', onclick: () => void view.act(() => sendRetrospective(view, '/retrospective/publish', body())) }, 'Publish'),
    ),
  );
}

/** The timeline, oldest first, each event removable by those who may change the run. */
export function timelineSection(view: RunContext, limit = Infinity): HTMLElement {
  const events = view.run.timeline_events ?? [];
  const shown = events.slice(Math.max(0, events.length - limit));
  return h(
    'section',
    { className: 'timeline', 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading' }, 'Timeline'),
    shown.length === 0
      ? h('p', { className: 'hint' }, 'Nothing has happened yet.')
      : h(
          'ol',
          {},
          ...shown.map((event) =>
            h(
              'li',
              { 'data-event-type': event.event_type },
              h('p', { className: 'meta' }, `${EVENT_NAMES[event.event_type] ?? event.event_type} · ${when(event.event_at)}`),
              h('p', {}, event.summary),
              h('button', { type: 'button', className: 'quiet', id: `delete-event-${event.id}`, 'aria-label': `Delete event "${event.summary}"`, onclick: () => void view.act(() => view.client.runAction(view.run.id, 'DELETE', `/timeline/${event.id}`)) }, 'Delete'),
            ),
          ),
        ),
  );
}

async function sendRetrospective(view: RunContext, path: string, body: unknown): Promise<void> {
  await view.client.runAction(view.run.id, 'POST', path, body);
  for (const id of [...drafts.keys()]) if (id === 'retro-text' || id.startsWith('metric-')) drafts.delete(id);
}

export function metricUnit(metric: MetricConfig): string {
  return metric.type === 'metric_duration' ? 'minutes' : metric.type === 'metric_currency' ? 'amount' : 'number';
}

/** A metric's value as people read it: durations in minutes. */
export function metricValue(metric: MetricConfig, value: number): string {
  return metric.type === 'metric_duration' ? `${Math.round(value / 60000)} minutes` : String(value);
}

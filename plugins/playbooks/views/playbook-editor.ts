// The full page's playbook editor (a new playbook, or one of the list): title and description,
// members and their roles, checklists with their items (assignee, due time after the run starts,
// slash command), what a run does when it starts (its channel, owner, invitations, webhooks), key
// metrics with targets, keyword triggers, status update settings with their broadcast, and the
// retrospective — saved with Mattermost's POST /playbooks or PUT /playbooks/{id} (the whole playbook,
// as Mattermost's web app sends it). Typing changes the draft; adding or removing a part draws the
// form again, keeping the focus. A refused save keeps the draft as it is, with the server's reason.
import { field, h, options, type Child } from './dom.ts';
import { checkboxField, linesField, personSelect, textControl, type EditorContext } from './editor-controls.ts';
import { PageSection, type PageApp } from './page-app.ts';
import { broadcastEditor, runStartEditor } from './playbook-actions-editor.ts';
import { membersEditor, PLAYBOOK_ADMIN, rolesFor } from './playbook-members-editor.ts';
import type { Checklist, Item, MetricConfig, Person, PickableChannel, Playbook } from './playbooks-client.ts';
import { metricUnit } from './run-sections.ts';

const MAX_METRICS = 4;
const METRIC_TYPES: ReadonlyArray<readonly [MetricConfig['type'], string]> = [
  ['metric_duration', 'Duration (minutes)'],
  ['metric_currency', 'Dollars'],
  ['metric_integer', 'Integer'],
];
const UPDATE_INTERVALS: ReadonlyArray<readonly [string, string]> = [
  ['900', 'Every 15 minutes'],
  ['1800', 'Every 30 minutes'],
  ['3600', 'Every hour'],
  ['14400', 'Every 4 hours'],
  ['86400', 'Every day'],
  ['604800', 'Every week'],
];
/** Mattermost's retrospective reminder choices; 0 reminds once, when the run finishes. */
const RETROSPECTIVE_INTERVALS: ReadonlyArray<readonly [string, string]> = [
  ['0', 'Once'],
  ['3600', 'Every hour'],
  ['14400', 'Every 4 hours'],
  ['86400', 'Every day'],
  ['604800', 'Every week'],
];
/** The units a task's due time after the run's start is given in, in milliseconds. */
const DUE_UNITS: ReadonlyArray<readonly [string, string]> = [
  [String(60_000), 'minutes'],
  [String(3_600_000), 'hours'],
  [String(86_400_000), 'days'],
];

/** A new playbook's draft: its creator its admin, a new private channel per run. */
function newPlaybook(teamId: string, creatorId: string): Playbook {
  return {
    id: '',
    title: '',
    description: '',
    team_id: teamId,
    public: true,
    delete_at: 0,
    checklists: [{ title: 'Checklist', items: [] }],
    metrics: [],
    num_stages: 0,
    num_steps: 0,
    num_runs: 0,
    last_run_at: 0,
    signal_any_keywords: [],
    signal_any_keywords_enabled: false,
    status_update_enabled: true,
    reminder_timer_default_seconds: 86400,
    reminder_message_template: '',
    webhook_on_status_update_enabled: false,
    webhook_on_status_update_urls: [],
    retrospective_enabled: true,
    retrospective_template: '',
    retrospective_reminder_interval_seconds: 0,
    members: [{ user_id: creatorId, roles: rolesFor(PLAYBOOK_ADMIN) }],
    channel_mode: 'create_new_channel',
    channel_id: '',
    channel_name_template: '',
    create_public_playbook_run: false,
    default_owner_enabled: false,
    default_owner_id: '',
    invite_users_enabled: false,
    invited_user_ids: [],
    broadcast_enabled: false,
    broadcast_channel_ids: [],
    webhook_on_creation_enabled: false,
    webhook_on_creation_urls: [],
  };
}

/** The largest unit a due time is a whole number of (minutes for none). */
function dueUnitOf(millis: number): number {
  const units = DUE_UNITS.map(([value]) => Number(value)).reverse();
  return units.find((unit) => millis > 0 && millis % unit === 0) ?? units[units.length - 1]!;
}

/** A task's due time after the run starts: an amount (empty for none) and its unit. */
function dueFields(id: string, task: string, item: Item): HTMLElement {
  const unit = dueUnitOf(item.due_date);
  const amount = h('input', { type: 'number', min: 0, step: 1, value: item.due_date > 0 ? String(item.due_date / unit) : '' });
  const units = h('select', {}, ...options(DUE_UNITS, String(unit)));
  const update = () => (item.due_date = amount.value === '' ? 0 : Math.max(0, Math.round(Number(amount.value) * Number(units.value))));
  amount.addEventListener('input', update);
  units.addEventListener('change', update);
  return h('div', { className: 'editor-row' }, field(`${id}-due`, `${task} due after the run starts`, amount, 'Empty: no due time'), field(`${id}-due-unit`, `${task} due time unit`, units));
}

export function playbookEditor(app: PageApp, root: HTMLElement, status: HTMLElement, playbookId: string): PageSection {
  let draft: Playbook | null = null;
  let people: Person[] = [];
  let channels: PickableChannel[] = [];
  const redraw = () => void section.refresh();

  const checklistFields = (playbook: Playbook, checklist: Checklist, c: number): HTMLElement =>
    h(
      'fieldset',
      { className: 'checklist-editor' },
      h('legend', {}, `Checklist ${c + 1}`),
      field(`checklist-${c}-title`, 'Checklist name', textControl(checklist.title, (value) => (checklist.title = value))),
      ...checklist.items.map((item, i) =>
        h(
          'div',
          { className: 'editor-item' },
          field(`item-${c}-${i}-title`, `Task ${i + 1}`, textControl(item.title, (value) => (item.title = value))),
          field(`item-${c}-${i}-description`, `Description of task ${i + 1}`, textControl(item.description, (value) => (item.description = value))),
          h('button', { type: 'button', className: 'danger', id: `item-${c}-${i}-remove`, 'aria-label': `Remove task ${i + 1} of checklist ${c + 1}`, onclick: () => { checklist.items.splice(i, 1); redraw(); } }, 'Remove'),
          h(
            'div',
            { className: 'editor-row item-settings' },
            field(`item-${c}-${i}-assignee`, `Assignee of task ${i + 1}`, personSelect(people, item.assignee_id, 'No assignee', (userId) => (item.assignee_id = userId))),
            dueFields(`item-${c}-${i}`, `Task ${i + 1}`, item),
            field(`item-${c}-${i}-command`, `Slash command of task ${i + 1}`, textControl(item.command, (value) => (item.command = value.trim()), { placeholder: '/command' })),
          ),
        ),
      ),
      h(
        'p',
        { className: 'actions' },
        h('button', { type: 'button', id: `checklist-${c}-add-item`, className: 'quiet', onclick: () => { checklist.items.push({ title: '', description: '', state: '', assignee_id: '', command: '', due_date: 0 }); redraw(); } }, `Add a task to checklist ${c + 1}`),
        h('button', { type: 'button', id: `checklist-${c}-remove`, className: 'danger', onclick: () => { playbook.checklists.splice(c, 1); redraw(); } }, `Remove checklist ${c + 1}`),
      ),
    );

  const metricFields = (playbook: Playbook, metric: MetricConfig, m: number): HTMLElement => {
    const target = h('input', { type: 'number', min: 0, step: 1, value: metric.target === null ? '' : String(metric.type === 'metric_duration' ? Math.round(metric.target / 60000) : metric.target), oninput: (event) => {
      const value = (event.target as HTMLInputElement).value;
      metric.target = value === '' ? null : metric.type === 'metric_duration' ? Number(value) * 60000 : Number(value);
    } });
    const type = h('select', { onchange: (event) => { metric.type = (event.target as HTMLSelectElement).value as MetricConfig['type']; redraw(); } }, ...options(METRIC_TYPES, metric.type));
    return h(
      'fieldset',
      { className: 'metric-editor' },
      h('legend', {}, `Metric ${m + 1}`),
      h(
        'div',
        { className: 'editor-row' },
        field(`metric-${m}-title`, 'Metric name', textControl(metric.title, (value) => (metric.title = value))),
        field(`metric-${m}-type`, 'Type', type),
        field(`metric-${m}-target`, `Target (${metricUnit(metric)})`, target),
      ),
      field(`metric-${m}-description`, 'Description', textControl(metric.description, (value) => (metric.description = value))),
      h('button', { type: 'button', className: 'danger', id: `metric-${m}-remove`, onclick: () => { playbook.metrics.splice(m, 1); redraw(); } }, `Remove metric ${m + 1}`),
    );
  };

  const save = async (playbook: Playbook) => {
    if (playbook.title.trim() === '') throw new Error('a playbook needs a title');
    const badCommand = playbook.checklists.flatMap((checklist) => checklist.items).find((item) => item.command !== '' && !item.command.startsWith('/'));
    if (badCommand) throw new Error(`the command of task "${badCommand.title}" must start with a slash (/)`);
    if (playbook.id === '') {
      const { id: _none, ...body } = playbook;
      const created = await app.client.call<{ id: string }>('POST', '/api/v0/playbooks', body);
      app.go(`/playbooks/${created.id}`);
      return;
    }
    await app.client.call('PUT', `/api/v0/playbooks/${playbook.id}`, playbook);
  };

  const form = (playbook: Playbook): HTMLElement => {
    const archivedNow = playbook.delete_at > 0;
    const ctx: EditorContext = { playbook, people, channels, redraw };
    return h(
      'form',
      {
        'aria-label': 'Playbook',
        onsubmit: (event) => {
          event.preventDefault();
          void section.act(() => save(playbook), 'The playbook is saved.');
        },
      },
      archivedNow ? h('p', { className: 'hint' }, 'This playbook is archived: restore it from the list to change it.') : null,
      field('playbook-title', 'Title', textControl(playbook.title, (value) => (playbook.title = value), { required: true, maxlength: 1024 })),
      field('playbook-description', 'Description', textControl(playbook.description, (value) => (playbook.description = value), {}, true)),
      checkboxField('playbook-public', 'Everyone in the team may see and run this playbook', playbook.public, (value) => { playbook.public = value; redraw(); }),
      ...membersEditor(ctx),
      h('h2', {}, 'Checklists'),
      ...playbook.checklists.map((checklist, c) => checklistFields(playbook, checklist, c)),
      h('button', { type: 'button', id: 'add-checklist', className: 'quiet', onclick: () => { playbook.checklists.push({ title: '', items: [] }); redraw(); } }, 'Add a checklist'),
      ...runStartEditor(ctx),
      h('h2', {}, 'Key metrics'),
      ...playbook.metrics.map((metric, m) => metricFields(playbook, metric, m)),
      playbook.metrics.length < MAX_METRICS ? h('button', { type: 'button', id: 'add-metric', className: 'quiet', onclick: () => { playbook.metrics.push({ title: '', description: '', type: 'metric_duration', target: null }); redraw(); } }, 'Add a metric') : h('p', { className: 'hint' }, `A playbook has at most ${MAX_METRICS} metrics.`),
      h('h2', {}, 'Keyword triggers'),
      checkboxField('keywords-enabled', 'Prompt to run this playbook when a message contains a keyword', playbook.signal_any_keywords_enabled, (value) => (playbook.signal_any_keywords_enabled = value)),
      field('keywords', 'Keywords', textControl(playbook.signal_any_keywords.join(', '), (value) => (playbook.signal_any_keywords = value.split(',').map((word) => word.trim()).filter((word) => word !== ''))), 'Separate keywords with commas'),
      h('h2', {}, 'Status updates'),
      checkboxField('status-enabled', 'Expect status updates', playbook.status_update_enabled, (value) => (playbook.status_update_enabled = value)),
      field('status-interval', 'Update reminder', h('select', { onchange: (event) => (playbook.reminder_timer_default_seconds = Number((event.target as HTMLSelectElement).value)) }, ...options(withCurrent(UPDATE_INTERVALS, playbook.reminder_timer_default_seconds), String(playbook.reminder_timer_default_seconds)))),
      field('status-template', 'Update template', textControl(playbook.reminder_message_template, (value) => (playbook.reminder_message_template = value), {}, true)),
      ...broadcastEditor(ctx),
      checkboxField('webhooks-enabled', 'Send status updates to outgoing webhooks', playbook.webhook_on_status_update_enabled, (value) => (playbook.webhook_on_status_update_enabled = value)),
      linesField('webhook-urls', 'Status update webhook URLs', playbook.webhook_on_status_update_urls, (urls) => (playbook.webhook_on_status_update_urls = urls)),
      h('h2', {}, 'Retrospective'),
      checkboxField('retro-enabled', 'Ask for a retrospective', playbook.retrospective_enabled, (value) => (playbook.retrospective_enabled = value)),
      field('retro-reminder', 'Retrospective reminder', h('select', { onchange: (event) => (playbook.retrospective_reminder_interval_seconds = Number((event.target as HTMLSelectElement).value)) }, ...options(withCurrent(RETROSPECTIVE_INTERVALS, playbook.retrospective_reminder_interval_seconds), String(playbook.retrospective_reminder_interval_seconds)))),
      field('retro-template', 'Retrospective template', textControl(playbook.retrospective_template, (value) => (playbook.retrospective_template = value), {}, true)),
      h('p', { className: 'actions' }, h('button', { type: 'submit', id: 'save-playbook', disabled: archivedNow }, playbook.id ? 'Save' : 'Create playbook'), h('button', { type: 'button', className: 'quiet', onclick: () => app.go('/playbooks') }, 'Back to playbooks')),
    );
  };

  const section: PageSection = new PageSection(root, status, async (): Promise<Child[]> => {
    if (!draft) {
      if (playbookId === 'new' && !app.teamId) return [h('h1', {}, 'New playbook'), h('p', {}, 'Open Playbooks from a team to create a playbook in it.')];
      const loaded = playbookId === 'new' ? newPlaybook(app.teamId, app.bridge.context.user.id) : await app.client.playbook(playbookId);
      // The pickers' choices, loaded once with the draft: the people and channels of its team.
      [people, channels] = await Promise.all([app.client.people(loaded.team_id).then((found) => [...found.values()]), app.client.channels(loaded.team_id)]);
      draft = loaded;
    }
    return [h('h1', {}, draft.id ? `Edit ${draft.title || 'playbook'}` : 'New playbook'), form(draft)];
  });
  return section;
}

/** The interval choices, with the playbook's own when it is none of them. */
function withCurrent(choices: ReadonlyArray<readonly [string, string]>, seconds: number): ReadonlyArray<readonly [string, string]> {
  return choices.some(([value]) => value === String(seconds)) ? choices : [...choices, [String(seconds), `Every ${Math.round(seconds / 60)} minutes`]];
}

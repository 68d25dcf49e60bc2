// The full page's list of playbooks: search, archived ones on request, and for each its checklists,
// runs and last run, with edit, run (a small form: the run's name and summary), duplicate and
// archive or restore — Mattermost's playbooks list, on its REST routes.
import { field, h, when, type Child } from './dom.ts';
import { PageSection, type PageApp } from './page-app.ts';
import type { Page, Playbook, Run } from './playbooks-client.ts';

export function playbooksList(app: PageApp, root: HTMLElement, status: HTMLElement): PageSection {
  const { client } = app;
  let search = '';
  let withArchived = false;
  let starting: Playbook | null = null;

  const searchBox = h('input', { type: 'search', oninput: (event) => {
    search = (event.target as HTMLInputElement).value;
    void section.refresh();
  } });
  const archived = h('input', { type: 'checkbox', id: 'with-archived', onchange: (event) => {
    withArchived = (event.target as HTMLInputElement).checked;
    void section.refresh();
  } });

  const startForm = (playbook: Playbook): HTMLElement => {
    const name = h('input', { type: 'text', required: true, maxlength: 64, value: playbook.title });
    const summary = h('textarea', { rows: 3 });
    return h(
      'form',
      {
        className: 'start-run',
        'aria-label': `Start a run of ${playbook.title}`,
        onsubmit: (event) => {
          event.preventDefault();
          void section.act(async () => {
            // As Mattermost's run modal: the playbook's default owner when it names one, else the caller.
            const owner = playbook.default_owner_enabled && playbook.default_owner_id !== '' ? playbook.default_owner_id : app.bridge.context.user.id;
            const run = await client.call<Run>('POST', '/api/v0/runs', { name: name.value, description: summary.value, owner_user_id: owner, team_id: playbook.team_id, playbook_id: playbook.id });
            app.go(`/runs/${run.id}`);
          });
        },
      },
      h('h2', {}, `Start a run of ${playbook.title}`),
      field('run-name', 'Run name', name),
      field('run-summary', 'Summary', summary),
      h('p', { className: 'actions' }, h('button', { type: 'submit', id: 'start-run' }, 'Start run'), h('button', { type: 'button', className: 'quiet', onclick: () => { starting = null; void section.refresh(); } }, 'Cancel')),
    );
  };

  const row = (playbook: Playbook): HTMLElement => {
    const archivedNow = playbook.delete_at > 0;
    return h(
      'tr',
      {},
      h('td', {}, h('button', { type: 'button', className: 'link', onclick: () => app.go(`/playbooks/${playbook.id}`) }, playbook.title), archivedNow ? h('span', { className: 'badge' }, ' Archived') : null),
      h('td', {}, `${playbook.num_stages} checklist${playbook.num_stages === 1 ? '' : 's'}, ${playbook.num_steps} task${playbook.num_steps === 1 ? '' : 's'}`),
      h('td', {}, String(playbook.num_runs)),
      h('td', {}, playbook.last_run_at > 0 ? when(playbook.last_run_at) : 'Never'),
      h(
        'td',
        { className: 'actions' },
        archivedNow
          ? h('button', { type: 'button', className: 'quiet', 'aria-label': `Restore ${playbook.title}`, onclick: () => void section.act(() => client.call('PUT', `/api/v0/playbooks/${playbook.id}/restore`), `${playbook.title} is restored.`) }, 'Restore')
          : h('button', { type: 'button', 'aria-label': `Run ${playbook.title}`, onclick: () => { starting = playbook; void section.refresh(); } }, 'Run'),
        h('button', { type: 'button', className: 'quiet', 'aria-label': `Duplicate ${playbook.title}`, onclick: () => void section.act(() => client.call('POST', `/api/v0/playbooks/${playbook.id}/duplicate`), `${playbook.title} is duplicated.`) }, 'Duplicate'),
        archivedNow ? null : h('button', { type: 'button', className: 'quiet', 'aria-label': `Archive ${playbook.title}`, onclick: () => void section.act(() => client.call('DELETE', `/api/v0/playbooks/${playbook.id}`), `${playbook.title} is archived.`) }, 'Archive'),
      ),
    );
  };

  // The heading and the filters are drawn once, outside the results drawn again (runs-list.ts says why).
  const results = h('div', {});
  root.replaceChildren(
    h('h1', {}, 'Playbooks'),
    h('div', { className: 'filters' }, field('playbook-search', 'Search playbooks', searchBox), h('div', { className: 'field inline' }, archived, h('label', { for: 'with-archived' }, 'Show archived playbooks')), app.teamId ? h('button', { type: 'button', id: 'create-playbook', onclick: () => app.go('/playbooks/new') }, 'Create playbook') : null),
    results,
  );

  const section: PageSection = new PageSection(results, status, async (): Promise<Child[]> => {
    const query = new URLSearchParams({ sort: 'title', direction: 'asc', per_page: '200' });
    if (app.teamId) query.set('team_id', app.teamId);
    if (search) query.set('search_term', search);
    if (withArchived) query.set('with_archived', 'true');
    const page: Page<Playbook> = await client.playbooks(query);
    return [
      page.items.length === 0
        ? h('p', {}, search ? 'No playbook matches the search.' : 'There is no playbook yet. Create one: a checklist your team follows each time.')
        : h(
            'table',
            { 'aria-label': 'Playbooks' },
            h('thead', {}, h('tr', {}, ...['Title', 'Checklists', 'Runs', 'Last run', 'Actions'].map((title) => h('th', { scope: 'col' }, title)))),
            h('tbody', {}, ...page.items.map(row)),
          ),
      starting ? startForm(starting) : null,
    ];
  });
  return section;
}

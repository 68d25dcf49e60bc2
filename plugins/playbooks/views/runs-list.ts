// The full page's list of runs, with Mattermost's filters (status, owner, participant, playbook,
// search) and pages of 20: GET /api/v0/runs with its query parameters. A run's name opens its page.
import { field, h, options, when, type Child } from './dom.ts';
import { PageSection, type PageApp } from './page-app.ts';
import { personName, type Person, type Playbook, type Run } from './playbooks-client.ts';

const PER_PAGE = 20;
const STATUSES: ReadonlyArray<readonly [string, string]> = [
  ['InProgress', 'In progress'],
  ['Finished', 'Finished'],
  ['', 'All'],
];

export function runsList(app: PageApp, root: HTMLElement, status: HTMLElement): PageSection {
  const { client } = app;
  const filter = { statuses: 'InProgress', owner: '', participant: false, playbookId: '', search: '', page: 0 };
  let playbooks: Playbook[] | null = null;
  let people = new Map<string, Person>();
  const changed = (apply: () => void) => () => {
    apply();
    filter.page = 0;
    void section.refresh();
  };

  const statusSelect = h('select', {}, ...options(STATUSES, filter.statuses));
  statusSelect.addEventListener('change', changed(() => (filter.statuses = statusSelect.value)));
  const ownerSelect = h('select', {}, ...options([['', 'Anyone'], ['me', 'Me']], filter.owner));
  ownerSelect.addEventListener('change', changed(() => (filter.owner = ownerSelect.value)));
  const participant = h('input', { type: 'checkbox', id: 'filter-participant' });
  participant.addEventListener('change', changed(() => (filter.participant = participant.checked)));
  const playbookSelect = h('select', {}, ...options([['', 'Any playbook']], ''));
  playbookSelect.addEventListener('change', changed(() => (filter.playbookId = playbookSelect.value)));
  const searchBox = h('input', { type: 'search' });
  searchBox.addEventListener('input', changed(() => (filter.search = searchBox.value)));

  const row = (run: Run, titles: Map<string, string>): HTMLElement =>
    h(
      'tr',
      {},
      h('td', {}, h('button', { type: 'button', className: 'link', onclick: () => app.go(`/runs/${run.id}`) }, run.name)),
      h('td', {}, h('span', { className: `badge ${run.current_status === 'Finished' ? 'finished' : 'in-progress'}` }, run.current_status === 'Finished' ? 'Finished' : 'In progress')),
      h('td', {}, personName(people, run.owner_user_id)),
      h('td', {}, titles.get(run.playbook_id) ?? ''),
      h('td', {}, when(run.create_at)),
      h('td', {}, `${run.task_completed} / ${run.task_total}`),
    );

  // The heading and the filters are drawn once: a control moved into each new drawing would leave
  // the page (and take the focus with it) before the drawing replaced the old one, so what was being
  // typed into the search box then went nowhere. Only the results below them are drawn again.
  const results = h('div', {});
  root.replaceChildren(
    h('h1', {}, 'Runs'),
    h(
      'div',
      { className: 'filters', role: 'group', 'aria-label': 'Filters' },
      field('filter-status', 'Status', statusSelect),
      field('filter-owner', 'Owner', ownerSelect),
      field('filter-playbook', 'Playbook', playbookSelect),
      field('filter-search', 'Search runs', searchBox),
      h('div', { className: 'field inline' }, participant, h('label', { for: 'filter-participant' }, 'Only runs I take part in')),
    ),
    results,
  );

  const section: PageSection = new PageSection(results, status, async (): Promise<Child[]> => {
    if (!playbooks) {
      const query = new URLSearchParams({ sort: 'title', direction: 'asc', per_page: '200', with_archived: 'true' });
      if (app.teamId) query.set('team_id', app.teamId);
      playbooks = (await client.playbooks(query)).items;
      people = await client.people(app.teamId);
      playbookSelect.replaceChildren(...options([['', 'Any playbook'], ...playbooks.map((playbook) => [playbook.id, playbook.title] as const)], filter.playbookId));
    }
    const query = new URLSearchParams({ sort: 'create_at', direction: 'desc', page: String(filter.page), per_page: String(PER_PAGE) });
    if (app.teamId) query.set('team_id', app.teamId);
    if (filter.statuses) query.set('statuses', filter.statuses);
    if (filter.owner) query.set('owner_user_id', filter.owner);
    if (filter.participant) query.set('participant_id', 'me');
    if (filter.playbookId) query.set('playbook_id', filter.playbookId);
    if (filter.search) query.set('search_term', filter.search);
    const page = await client.runs(query);
    const titles = new Map(playbooks.map((playbook) => [playbook.id, playbook.title]));
    const pages = Math.max(page.page_count, 1);
    return [
      page.items.length === 0
        ? h('p', {}, 'No run matches these filters.')
        : h(
            'table',
            { 'aria-label': 'Runs' },
            h('thead', {}, h('tr', {}, ...['Name', 'Status', 'Owner', 'Playbook', 'Started', 'Tasks done'].map((title) => h('th', { scope: 'col' }, title)))),
            h('tbody', {}, ...page.items.map((run) => row(run, titles))),
          ),
      h(
        'p',
        { className: 'actions' },
        h('button', { type: 'button', id: 'runs-previous', className: 'quiet', disabled: filter.page === 0, onclick: () => { filter.page -= 1; void section.refresh(); } }, 'Previous page'),
        h('span', {}, `Page ${filter.page + 1} of ${pages} (${page.total_count} run${page.total_count === 1 ? '' : 's'})`),
        h('button', { type: 'button', id: 'runs-next', className: 'quiet', disabled: !page.has_more, onclick: () => { filter.page += 1; void section.refresh(); } }, 'Next page'),
      ),
    ];
  });
  return section;
}

// The Playbooks UI in Debian's chromium, on the plugin UI contract: the full-page view (the playbook
// editor, the runs list and a run's page at /plug/playbooks/playbooks/...), the run panel of the
// chat's right-hand sidebar opened from the channel header, the post menu's "Run playbook" and "Add
// to run timeline", and status update posts drawn from their props. Every check of what happened
// is made through the REST API, as another client would see it.
import { expect } from 'chai';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { launchBrowser } from '../../../test/helpers/browser.ts';
import { signedInChatPage } from '../../../test/helpers/chat-pages.ts';
import { seriousViolations } from '../../../test/helpers/accessibility.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

describe('playbooks web UI (browser)', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let browser: Browser;
  let playbookId: string;
  const pageErrors: string[] = [];

  before(async () => {
    ({ ts, admin } = await startServerWithPlaybooks());
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    const created = await playbooksApi(ts, alice, 'POST', '/playbooks', playbookBody(team.id, { title: 'Database outage', invited_user_ids: [bob.user.id], invite_users_enabled: true }));
    expect(created.status).to.equal(201);
    playbookId = created.body.id;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => expect(pageErrors).to.deep.equal([]));

  /** Starts a run of the playbook through the API, with alice as its owner and bob invited. */
  async function startRun(name: string): Promise<{ id: string; channel_id: string }> {
    const answer = await playbooksApi(ts, alice, 'POST', '/runs', { name, owner_user_id: alice.user.id, team_id: team.id, playbook_id: playbookId });
    expect(answer.status).to.equal(201);
    return answer.body;
  }
  /** A run started and finished through the API. */
  async function finishedRun(name: string): Promise<void> {
    const run = await startRun(name);
    expect((await playbooksApi(ts, alice, 'PUT', `/runs/${run.id}/finish`)).status).to.equal(200);
  }
  /** The full page's runs list of the team, opened in `p`: its frame and its table. */
  async function openRunsList(p: Page): Promise<{ list: FrameLocator; table: Locator }> {
    await p.goto(`/plug/playbooks/playbooks/runs?team_id=${team.id}`);
    const list = fullPage(p);
    return { list, table: list.getByRole('table', { name: 'Runs' }) };
  }
  const runOf = async (id: string) => (await playbooksApi(ts, alice, 'GET', `/runs/${id}`)).body;
  const page = (who: LoggedIn) => signedInChatPage(browser, ts, who, pageErrors);
  const fullPage = (p: Page): FrameLocator => p.frameLocator('main.plugin-view-page iframe.plugin-view');

  it('creates a playbook in the editor with a checklist, a task, a metric, keyword triggers and status update settings, then edits it', async () => {
    const p = await page(alice);
    try {
      await p.goto(`/plug/playbooks/playbooks?team_id=${team.id}`);
      const view = fullPage(p);
      await view.getByRole('heading', { name: 'Playbooks' }).waitFor();
      await view.getByRole('button', { name: 'Create playbook' }).click();
      await eventually(() => expect(new URL(p.url()).pathname).to.equal('/plug/playbooks/playbooks/playbooks/new'), 10_000);
      const editor = fullPage(p);
      await editor.getByRole('heading', { name: 'New playbook' }).waitFor();
      await editor.getByLabel('Title').fill('Release train');
      await editor.getByLabel('Description').fill('Ship every other Tuesday.');
      await editor.getByLabel('Checklist name').fill('Prepare');
      await editor.getByRole('button', { name: 'Add a task to checklist 1' }).click();
      await editor.getByLabel('Task 1', { exact: true }).fill('Cut the branch');
      await editor.getByRole('button', { name: 'Add a metric' }).click();
      await editor.getByLabel('Metric name').fill('Time to ship');
      await editor.getByLabel('Target (minutes)').fill('90');
      await editor.getByLabel('Prompt to run this playbook when a message contains a keyword').check();
      await editor.getByLabel('Keywords').fill('release, ship it');
      await editor.getByLabel('Update reminder').selectOption('3600');
      await editor.getByLabel('Send status updates to outgoing webhooks').check();
      await editor.getByLabel('Status update webhook URLs').fill('https://hooks.example.com/release');
      await editor.getByRole('button', { name: 'Create playbook' }).click();
      await eventually(() => expect(new URL(p.url()).pathname).to.match(/^\/plug\/playbooks\/playbooks\/playbooks\/[a-z0-9]{26}$/), 10_000);
      const id = new URL(p.url()).pathname.split('/').pop()!;
      const saved = (await playbooksApi(ts, alice, 'GET', `/playbooks/${id}`)).body;
      expect(saved).to.deep.include({ title: 'Release train', description: 'Ship every other Tuesday.', team_id: team.id, signal_any_keywords_enabled: true, signal_any_keywords: ['release', 'ship it'], reminder_timer_default_seconds: 3600, webhook_on_status_update_enabled: true, webhook_on_status_update_urls: ['https://hooks.example.com/release'] });
      expect(saved.checklists.map((c: { title: string; items: Array<{ title: string }> }) => [c.title, c.items.map((i) => i.title)])).to.deep.equal([['Prepare', ['Cut the branch']]]);
      expect(saved.metrics.map((m: Record<string, unknown>) => [m.title, m.type, m.target])).to.deep.equal([['Time to ship', 'metric_duration', 5_400_000]]);

      // The same page edits it: the loaded playbook, a second checklist, saved with PUT.
      const again = fullPage(p);
      await again.getByRole('heading', { name: 'Edit Release train' }).waitFor();
      expect(await again.getByLabel('Title').inputValue()).to.equal('Release train');
      await again.getByRole('button', { name: 'Add a checklist' }).click();
      await again.locator('#checklist-1-title').fill('Ship');
      await again.getByLabel('Title').fill('Release train (fortnightly)');
      await again.getByRole('button', { name: 'Save' }).click();
      await again.getByRole('status').filter({ hasText: 'The playbook is saved.' }).waitFor();
      const edited = (await playbooksApi(ts, alice, 'GET', `/playbooks/${id}`)).body;
      expect(edited.title).to.equal('Release train (fortnightly)');
      expect(edited.checklists.map((c: { title: string }) => c.title)).to.deep.equal(['Prepare', 'Ship']);
    } finally {
      await p.context().close();
    }
  });

  it('shows the server\'s reason in the editor when a save is refused, and keeps what was typed', async () => {
    const p = await page(alice);
    try {
      await p.goto(`/plug/playbooks/playbooks/playbooks/new?team_id=${team.id}`);
      const editor = fullPage(p);
      await editor.getByLabel('Title').fill('Bad hooks');
      await editor.getByLabel('Status update webhook URLs').fill('ftp://example.com/hook');
      await editor.getByRole('button', { name: 'Create playbook' }).click();
      const failure = editor.getByRole('status').filter({ hasText: 'That did not work' });
      await failure.waitFor();
      expect(await failure.textContent()).to.match(/http/i);
      expect(await editor.getByLabel('Title').inputValue()).to.equal('Bad hooks');
      expect(new URL(p.url()).pathname).to.equal('/plug/playbooks/playbooks/playbooks/new');
    } finally {
      await p.context().close();
    }
  });

  it('lists runs with filters and opens a run\'s page: checking and assigning an item, posting a status update; the timeline records them', async () => {
    const live = await startRun('Primary failover');
    await finishedRun('Old incident');
    const p = await page(alice);
    try {
      const { list, table } = await openRunsList(p);
      await table.getByRole('button', { name: 'Primary failover' }).waitFor();
      expect(await table.getByRole('button', { name: 'Old incident' }).count(), 'in progress only, at first').to.equal(0);
      await list.getByLabel('Status').selectOption('Finished');
      await table.getByRole('button', { name: 'Old incident' }).waitFor();
      expect(await table.getByRole('button', { name: 'Primary failover' }).count()).to.equal(0);
      await list.getByLabel('Status').selectOption('');
      await list.getByLabel('Search runs').fill('failover');
      await eventually(async () => expect(await table.getByRole('row').count()).to.equal(2), 10_000);
      await table.getByRole('button', { name: 'Primary failover' }).click();

      await eventually(() => expect(new URL(p.url()).pathname).to.equal(`/plug/playbooks/playbooks/runs/${live.id}`), 10_000);
      const run = fullPage(p);
      await run.getByRole('heading', { name: 'Primary failover', level: 1 }).waitFor();
      expect(await run.getByText('Owner: @' + alice.user.username).count()).to.equal(1);
      await run.getByRole('checkbox', { name: 'Page the on-call' }).check();
      await run.getByRole('listitem').filter({ hasText: 'checked off checklist item "Page the on-call"' }).waitFor();
      await run.getByLabel('Assignee of "Open a bridge"').selectOption(bob.user.id);
      await run.getByRole('listitem').filter({ hasText: `assigned checklist item "Open a bridge" to @${bob.user.username}` }).waitFor();
      await run.getByRole('button', { name: 'Run /echo paged for "Page the on-call"' }).click();
      await run.getByRole('listitem').filter({ hasText: 'ran the slash command' }).waitFor();
      await run.getByRole('button', { name: 'Rerun /echo paged for "Page the on-call"' }).waitFor();
      await run.getByRole('textbox', { name: 'Status update' }).fill('Failover done.\nWatching replication lag.');
      await run.getByLabel('Next update in').selectOption('1800');
      await run.getByRole('button', { name: 'Post update' }).click();
      await run.getByRole('list', { name: 'Status updates posted' }).getByText('Failover done.').waitFor();

      const stored = await runOf(live.id);
      expect(stored.checklists[0].items.map((item: { state: string; assignee_id: string }) => [item.state, item.assignee_id])).to.deep.equal([['closed', ''], ['', bob.user.id]]);
      expect(stored.previous_reminder).to.equal(1800 * 1e9);
      expect(stored.timeline_events.map((event: { event_type: string }) => event.event_type)).to.deep.equal(['incident_created', 'task_state_modified', 'assignee_changed', 'ran_slash_command', 'status_updated']);
      expect(await seriousViolations(p.frames().find((frame) => frame.url().includes('/public/playbooks.html'))!)).to.deep.equal([]);
      expect(await seriousViolations(p)).to.deep.equal([]);
    } finally {
      await p.context().close();
    }
  });

  it('keeps the focus in the runs search box while the list is drawn again, so what is typed next filters it', async () => {
    // A list whose answer arrived while the search box had the focus was drawn again and took the focus
    // away: what was typed next went nowhere and the list stayed unfiltered.
    await finishedRun('Quokka drill');
    await startRun('Wombat drill');
    const p = await page(alice);
    try {
      const { list, table } = await openRunsList(p);
      await table.getByRole('button', { name: 'Wombat drill' }).waitFor();
      // The list of every status is answered only once the search box has the focus.
      let answer: () => void = () => {};
      const held = new Promise<void>((resolve) => (answer = resolve));
      const everyStatus = (url: URL) => url.pathname === '/plugins/playbooks/api/v0/runs' && !url.searchParams.has('statuses');
      await p.route(everyStatus, async (route) => {
        await held;
        await route.continue();
      });
      await list.getByLabel('Status').selectOption('');
      const search = list.getByLabel('Search runs');
      await search.focus();
      answer();
      await table.getByRole('button', { name: 'Quokka drill' }).waitFor();

      await p.keyboard.type('quokka');
      expect(await search.inputValue(), 'typed into the search box').to.equal('quokka');
      await table.getByRole('button', { name: 'Wombat drill' }).waitFor({ state: 'detached' });
      expect(await table.getByRole('row').count()).to.equal(2);
      expect(await search.evaluate((box) => box === document.activeElement), 'the search box keeps the focus').to.equal(true);
    } finally {
      await p.context().close();
    }
  });

  it('shows the run of a run channel in the right-hand panel from the channel header, and follows changes made elsewhere live', async () => {
    const run = await startRun('Cache stampede');
    const channel = await alice.client.getChannel(run.channel_id);
    const p = await page(alice);
    try {
      await p.goto(`/${team.name}/channels/${channel.name}`);
      await p.getByRole('button', { name: 'Playbook run' }).click();
      const aside = p.getByRole('complementary', { name: 'Playbook run' });
      await aside.waitFor();
      const panel = p.frameLocator('aside iframe.plugin-view');
      await panel.getByRole('heading', { name: 'Cache stampede' }).waitFor();
      expect(await panel.getByText('0 of 3 tasks done').count()).to.equal(1);
      await panel.getByRole('checkbox', { name: 'Open a bridge' }).check();
      await panel.getByText('1 of 3 tasks done').waitFor();
      expect((await runOf(run.id)).checklists[0].items[1].state).to.equal('closed');
      // Bob checks another item through the API: the panel shows it without a reload.
      expect((await playbooksApi(ts, bob, 'PUT', `/runs/${run.id}/checklists/1/item/0/state`, { new_state: 'closed' })).status).to.equal(200);
      await panel.getByText('2 of 3 tasks done').waitFor();
      expect(await panel.getByRole('checkbox', { name: 'Write the timeline' }).isChecked()).to.equal(true);
      // A status update from the panel is posted in the channel and drawn from its props.
      await panel.getByRole('textbox', { name: 'Status update' }).fill('Cache warmed, **traffic back**.');
      await panel.getByRole('button', { name: 'Post update' }).click();
      const post = p.getByRole('log', { name: `Messages in ${channel.display_name}` }).getByRole('listitem').filter({ hasText: 'Cache warmed, traffic back.' });
      await post.waitFor();
      expect(await post.locator('.surface-badge').textContent()).to.equal('Status update');
      // The update itself is Markdown, as any message; the run's name and author (props) stay text.
      expect(await post.locator('.surface-post-text strong').allTextContents()).to.deep.equal(['Cache stampede', 'traffic back']);
      expect(await post.locator('.surface-progress span').textContent()).to.equal('2 of 3 tasks checked');
      expect(await post.locator('.surface-post-text').first().textContent()).to.equal(`Cache stampede · posted by ${alice.user.username}`);
      // "Open the run details page" goes to the run's full page.
      await panel.getByRole('button', { name: 'Open the run details page' }).click();
      await fullPage(p).getByRole('heading', { name: 'Cache stampede', level: 1 }).waitFor();
      expect(new URL(p.url()).pathname).to.equal(`/plug/playbooks/playbooks/runs/${run.id}`);
    } finally {
      await p.context().close();
    }
  });

  it('tells in the panel that a channel has no run', async () => {
    const p = await page(bob);
    try {
      await p.goto(`/${team.name}/channels/town-square`);
      await p.getByRole('button', { name: 'Playbook run' }).click();
      await p.frameLocator('aside iframe.plugin-view').getByText('This channel has no playbook run.').waitFor();
    } finally {
      await p.context().close();
    }
  });

  it('adds a message to a run\'s timeline and starts a run from a message, through the post menu\'s dialogs', async () => {
    const run = await startRun('Disk full');
    const channel: Channel = await alice.client.getChannel(run.channel_id);
    const message = await bob.client.createPost({ channel_id: run.channel_id, message: 'The disk on db-2 is at 100% since 10:02' } as never);
    const p = await page(alice);
    try {
      await p.goto(`/${team.name}/channels/${channel.name}`);
      const item = p.getByRole('log', { name: `Messages in ${channel.display_name}` }).getByRole('listitem').filter({ hasText: 'The disk on db-2' });
      await item.hover();
      await item.getByRole('button', { name: 'Message actions' }).click();
      await item.getByRole('menuitem', { name: 'Add to run timeline' }).click();
      const dialog = p.getByRole('dialog', { name: 'Add to run timeline' });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Summary').inputValue()).to.equal('The disk on db-2 is at 100% since 10:02');
      await dialog.getByLabel('Summary').fill('db-2 disk full');
      await dialog.getByRole('button', { name: 'Add' }).click();
      await dialog.waitFor({ state: 'detached' });
      const event = (await runOf(run.id)).timeline_events.find((e: { event_type: string }) => e.event_type === 'event_from_post');
      expect(event).to.deep.include({ summary: 'db-2 disk full', post_id: message.id, subject_user_id: bob.user.id, creator_user_id: alice.user.id, event_at: message.create_at });

      await item.hover();
      await item.getByRole('button', { name: 'Message actions' }).click();
      await item.getByRole('menuitem', { name: 'Run playbook' }).click();
      const start = p.getByRole('dialog', { name: 'Start a run' });
      await start.waitFor();
      await start.getByLabel('Playbook').selectOption({ label: 'Database outage' });
      await start.getByLabel('Run name').fill('Disk full, again');
      await start.getByRole('button', { name: 'Start run' }).click();
      await start.waitFor({ state: 'detached' }).catch(async (err: Error) => {
        throw new Error(`${err.message}; the dialog says: ${await start.textContent()}`);
      });
      const started = (await playbooksApi(ts, alice, 'GET', `/runs?team_id=${team.id}&search_term=${encodeURIComponent('Disk full, again')}`)).body.items;
      expect(started.map((r: Record<string, unknown>) => [r.name, r.playbook_id, r.post_id])).to.deep.equal([['Disk full, again', playbookId, message.id]]);
    } finally {
      await p.context().close();
    }
  });

  it('refuses timeline additions and view data to users outside the run or the team, and bad submissions', async () => {
    const run = await startRun('Private matter');
    const carol = await createUser(ts, admin.client);
    await admin.client.addToTeam(team.id, carol.user.id);
    const outsider = await createUser(ts, admin.client);
    const secret = await alice.client.createPost({ channel_id: run.channel_id, message: 'only for the run channel' } as never);
    const townSquare = await admin.client.getChannelByName(team.id, 'town-square');
    const open = await alice.client.createPost({ channel_id: townSquare.id, message: 'everyone reads this' } as never);
    const submit = (who: LoggedIn, state: string, runId = run.id, userId = who.user.id) =>
      fetch(`${ts.url}/plugins/playbooks/api/v0/runs/add-to-timeline-dialog`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${who.client.getToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'dialog_submission', callback_id: 'playbooks_add_to_timeline', state, user_id: userId, channel_id: '', team_id: team.id, submission: { playbook_run: runId, summary: 'sneaked in' }, cancelled: false }),
      });
    expect((await submit(carol, JSON.stringify({ post_id: open.id }))).status, 'not a participant').to.equal(403);
    expect((await submit(bob, JSON.stringify({ post_id: secret.id }), run.id)).status, 'a participant who can read it').to.equal(200);
    const other = await startRun('Another matter');
    await playbooksApi(ts, alice, 'POST', `/runs/${other.id}/owner`, { owner_id: carol.user.id });
    expect((await submit(carol, JSON.stringify({ post_id: secret.id }), other.id)).status, 'a message carol cannot read').to.equal(403);
    expect((await submit(bob, 'not json')).status).to.equal(400);
    expect((await submit(bob, JSON.stringify({ post_id: open.id }), run.id, carol.user.id)).status, 'someone else\'s submission').to.equal(400);
    const added = (await runOf(run.id)).timeline_events.filter((e: { event_type: string }) => e.event_type === 'event_from_post');
    expect(added.map((e: { post_id: string }) => e.post_id)).to.deep.equal([secret.id]);
    expect((await runOf(other.id)).timeline_events.filter((e: { event_type: string }) => e.event_type === 'event_from_post')).to.deep.equal([]);

    const ui = (who: LoggedIn | null, path: string) => fetch(`${ts.url}/plugins/playbooks${path}`, { headers: who ? { Authorization: `Bearer ${who.client.getToken()}` } : {} });
    expect((await ui(outsider, `/ui/people?team_id=${team.id}`)).status, 'not on the team').to.equal(403);
    expect((await ui(null, `/ui/people?team_id=${team.id}`)).status).to.equal(401);
    expect((await ui(bob, '/ui/people')).status).to.equal(400);
    const people = (await (await ui(bob, `/ui/people?team_id=${team.id}`)).json()) as Array<{ id: string }>;
    expect(people.map((person) => person.id)).to.include.members([alice.user.id, bob.user.id, carol.user.id]);
    expect((await ui(outsider, `/ui/runs/${run.id}/details`)).status, 'outside the team').to.equal(403);
    expect((await ui(carol, `/ui/runs/${run.id}/details`)).status, 'a team member sees the runs of a public playbook').to.equal(200);
    const details = (await (await ui(bob, `/ui/runs/${run.id}/details`)).json()) as { channel: { url: string } };
    expect(details.channel.url).to.match(new RegExp(`^/${team.name}/channels/`));
  });
});

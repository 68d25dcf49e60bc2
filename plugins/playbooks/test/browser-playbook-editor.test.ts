// The Playbooks editor's every part in Debian's chromium: members and their roles, each task's
// assignee, due time and slash command, the run channel, the default owner, the invitations, the run
// start webhooks, the broadcast of status updates and the retrospective reminder — set in the editor,
// saved, and checked through the REST API as another client would see them; a save the server
// refuses; and a run started from an edited playbook, which must follow what was set.
import { expect } from 'chai';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { launchBrowser } from '../../../test/helpers/browser.ts';
import { signedInChatPage } from '../../../test/helpers/chat-pages.ts';
import { seriousViolations } from '../../../test/helpers/accessibility.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.ts';

interface StoredItem {
  title: string;
  assignee_id: string;
  due_date: number;
  command: string;
}

describe('playbook editor (browser)', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let statusRoom: Channel;
  let browser: Browser;
  let hooks: WebhookReceiver;
  const pageErrors: string[] = [];

  before(async () => {
    hooks = await startWebhookReceiver();
    ({ ts, admin } = await startServerWithPlaybooks({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } }));
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    statusRoom = await createChannelWith(admin.client, team, [alice.user.id]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
    await hooks?.close();
  });
  afterEach(() => expect(pageErrors).to.deep.equal([]));

  const page = (who: LoggedIn) => signedInChatPage(browser, ts, who, pageErrors);
  const fullPage = (p: Page): FrameLocator => p.frameLocator('main.plugin-view-page iframe.plugin-view');
  const stored = async (id: string) => (await playbooksApi(ts, alice, 'GET', `/playbooks/${id}`)).body;
  const at = (who: LoggedIn) => `@${who.user.username}`;

  /**
   * Sets what a run does when it starts, as both the first and the last test want it: a new public
   * channel named from `template`, bob its owner, carol invited, the webhook receiver told, and
   * status updates broadcast to alice's status room.
   */
  async function setRunStart(editor: FrameLocator, template: string): Promise<void> {
    await editor.getByLabel('Create a new channel for each run').check();
    await editor.getByLabel('Channel name template').fill(template);
    await editor.getByLabel('Make the run channel public').check();
    await editor.getByLabel('Assign a default owner').check();
    await editor.getByLabel('Default owner', { exact: true }).selectOption({ label: at(bob) });
    await editor.getByLabel('Invite people to each run').check();
    await editor.getByLabel('Search people to invite').fill(carol.user.username);
    await editor.getByRole('button', { name: `Invite ${at(carol)}` }).click();
    await editor.getByRole('list', { name: 'People invited' }).getByText(at(carol)).waitFor();
    await editor.getByLabel('Send outgoing webhooks when a run starts').check();
    await editor.getByLabel('Run start webhook URLs').fill(hooks.url);
    await editor.getByLabel('Broadcast status updates to other channels').check();
    await editor.getByRole('group', { name: 'Broadcast channels' }).getByLabel(`${statusRoom.display_name} (public)`).check();
  }

  it('sets members and roles, each task\'s assignee, due time and command, the run channel, owner, invitations, webhooks, broadcast and retrospective reminder, and saves them', async () => {
    const p = await page(alice);
    try {
      await p.goto(`/plug/playbooks/playbooks/playbooks/new?team_id=${team.id}`);
      const editor = fullPage(p);
      await editor.getByRole('heading', { name: 'New playbook' }).waitFor();
      await editor.getByLabel('Title').fill('Payments outage');
      await editor.getByLabel('Everyone in the team may see and run this playbook').uncheck();

      // Members: the creator is the first admin; bob is added and made an admin, carol added then removed.
      const members = editor.getByRole('table', { name: 'Members' });
      expect(await members.getByRole('combobox', { name: `Role of ${at(alice)}` }).inputValue()).to.equal('playbook_admin');
      await editor.getByLabel('Search people to add as members').fill(bob.user.username);
      await editor.getByRole('button', { name: `Add ${at(bob)}` }).click();
      await members.getByRole('combobox', { name: `Role of ${at(bob)}` }).waitFor();
      expect(await editor.getByLabel('Search people to add as members').evaluate((box) => box === document.activeElement), 'the focus is back in the search box').to.equal(true);
      await members.getByRole('combobox', { name: `Role of ${at(bob)}` }).selectOption({ label: 'Admin' });
      await editor.getByLabel('Search people to add as members').fill(carol.user.username);
      await editor.getByRole('button', { name: `Add ${at(carol)}` }).click();
      await members.getByRole('button', { name: `Remove ${at(carol)} from the members` }).click();
      await members.getByRole('row').filter({ hasText: at(carol) }).waitFor({ state: 'detached' });

      // A task with an assignee, a due time two hours after the start and a slash command.
      await editor.getByLabel('Checklist name').fill('Triage');
      await editor.getByRole('button', { name: 'Add a task to checklist 1' }).click();
      await editor.getByLabel('Task 1', { exact: true }).fill('Page the payments on-call');
      await editor.getByLabel('Assignee of task 1').selectOption({ label: at(bob) });
      await editor.getByLabel('Task 1 due after the run starts').fill('2');
      await editor.getByLabel('Task 1 due time unit').selectOption({ label: 'hours' });
      await editor.getByLabel('Slash command of task 1').fill('/echo paging payments');

      // What a run does when it starts, and status updates broadcast too; a retrospective reminder every 4 hours.
      await setRunStart(editor, 'Payments: {{name}}');
      await editor.getByLabel('Retrospective reminder').selectOption({ label: 'Every 4 hours' });
      expect(await seriousViolations(p.frames().find((frame) => frame.url().includes('/public/playbooks.html'))!)).to.deep.equal([]);

      await editor.getByRole('button', { name: 'Create playbook' }).click();
      await eventually(() => expect(new URL(p.url()).pathname).to.match(/^\/plug\/playbooks\/playbooks\/playbooks\/[a-z0-9]{26}$/), 10_000);
      const id = new URL(p.url()).pathname.split('/').pop()!;
      const saved = await stored(id);
      expect(saved).to.deep.include({
        public: false,
        channel_mode: 'create_new_channel',
        channel_name_template: 'Payments: {{name}}',
        create_public_playbook_run: true,
        default_owner_enabled: true,
        default_owner_id: bob.user.id,
        invite_users_enabled: true,
        webhook_on_creation_enabled: true,
        broadcast_enabled: true,
        retrospective_reminder_interval_seconds: 14400,
      });
      expect(saved.invited_user_ids).to.deep.equal([carol.user.id]);
      expect(saved.webhook_on_creation_urls).to.deep.equal([hooks.url]);
      expect(saved.broadcast_channel_ids).to.deep.equal([statusRoom.id]);
      expect(saved.members.map((m: { user_id: string; roles: string[] }) => [m.user_id, m.roles])).to.deep.equal([
        [alice.user.id, ['playbook_member', 'playbook_admin']],
        [bob.user.id, ['playbook_member', 'playbook_admin']],
      ]);
      const items: StoredItem[] = saved.checklists[0].items;
      expect(items.map((item) => [item.title, item.assignee_id, item.due_date, item.command])).to.deep.equal([['Page the payments on-call', bob.user.id, 2 * 3_600_000, '/echo paging payments']]);

      // Editing it again: the page shows what is stored, and links an existing channel instead.
      const again = fullPage(p);
      await again.getByRole('heading', { name: 'Edit Payments outage' }).waitFor();
      expect(await again.getByLabel('Task 1 due after the run starts').inputValue()).to.equal('2');
      expect(await again.getByLabel('Retrospective reminder').inputValue()).to.equal('14400');
      await again.getByLabel('Link an existing channel to every run').check();
      await again.getByLabel('Channel to link').selectOption({ label: `${statusRoom.display_name} (public)` });
      await again.getByRole('button', { name: 'Save' }).click();
      await again.getByRole('status').filter({ hasText: 'The playbook is saved.' }).waitFor();
      expect(await stored(id)).to.deep.include({ channel_mode: 'link_existing_channel', channel_id: statusRoom.id });
    } finally {
      await p.context().close();
    }
  });

  it('shows the server\'s refusal when a member without manage_roles changes a role, keeps the draft, and saves it once the role is left alone', async () => {
    const created = await playbooksApi(ts, alice, 'POST', '/playbooks', playbookBody(team.id, {
      title: 'Card network down',
      public: false,
      members: [{ user_id: alice.user.id, roles: ['playbook_member', 'playbook_admin'] }, { user_id: bob.user.id, roles: ['playbook_member'] }],
    }));
    expect(created.status).to.equal(201);
    const id: string = created.body.id;
    const before = await stored(id);
    const p = await page(bob);
    try {
      await p.goto(`/plug/playbooks/playbooks/playbooks/${id}?team_id=${team.id}`);
      const editor = fullPage(p);
      await editor.getByRole('heading', { name: 'Edit Card network down' }).waitFor();
      await editor.locator('#playbook-description').fill('Call the card network first.');
      await editor.getByRole('combobox', { name: `Role of ${at(bob)}` }).selectOption({ label: 'Admin' });
      await editor.getByRole('button', { name: 'Save' }).click();
      const refusal = editor.getByRole('status').filter({ hasText: 'That did not work' });
      await refusal.waitFor();
      expect(await refusal.textContent()).to.contain('attempted to change member roles without permissions');
      // Nothing is lost: the draft is as bob left it, and the stored playbook as it was.
      expect(await editor.locator('#playbook-description').inputValue()).to.equal('Call the card network first.');
      expect(await editor.getByRole('combobox', { name: `Role of ${at(bob)}` }).inputValue()).to.equal('playbook_admin');
      const after = await stored(id);
      expect([after.description, after.members, after.update_at]).to.deep.equal([before.description, before.members, before.update_at]);

      await editor.getByRole('combobox', { name: `Role of ${at(bob)}` }).selectOption({ label: 'Member' });
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.getByRole('status').filter({ hasText: 'The playbook is saved.' }).waitFor();
      const saved = await stored(id);
      expect(saved.description).to.equal('Call the card network first.');
      expect(saved.members).to.deep.equal(before.members);
    } finally {
      await p.context().close();
    }
  });

  it('starts a run from the edited playbook with the named channel, the invited people, the default owner, the creation webhook and the broadcast', async () => {
    const created = await playbooksApi(ts, alice, 'POST', '/playbooks', playbookBody(team.id, { title: 'Fraud spike' }));
    expect(created.status).to.equal(201);
    const id: string = created.body.id;
    const p = await page(alice);
    try {
      await p.goto(`/plug/playbooks/playbooks/playbooks/${id}?team_id=${team.id}`);
      const editor = fullPage(p);
      await editor.getByRole('heading', { name: 'Edit Fraud spike' }).waitFor();
      await setRunStart(editor, 'Fraud: {{name}}');
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.getByRole('status').filter({ hasText: 'The playbook is saved.' }).waitFor();

      // Run it from the list, as a user would.
      await editor.getByRole('button', { name: 'Back to playbooks' }).click();
      const list = fullPage(p);
      await list.getByRole('button', { name: 'Run Fraud spike' }).click();
      await list.getByLabel('Run name').fill('Card testing attack');
      await list.getByRole('button', { name: 'Start run' }).click();
      await eventually(() => expect(new URL(p.url()).pathname).to.match(/^\/plug\/playbooks\/playbooks\/runs\/[a-z0-9]{26}$/), 10_000);
      const runId = new URL(p.url()).pathname.split('/').pop()!;
      const run = (await playbooksApi(ts, alice, 'GET', `/runs/${runId}`)).body;
      expect(run.owner_user_id).to.equal(bob.user.id);
      expect(run.participant_ids).to.have.members([bob.user.id, alice.user.id, carol.user.id]);
      const channel = await admin.client.getChannel(run.channel_id);
      expect([channel.display_name, channel.type]).to.deep.equal(['Fraud: Card testing attack', 'O']);
      expect((await admin.client.getChannelMember(run.channel_id, carol.user.id)).user_id).to.equal(carol.user.id);
      await eventually(() => expect(hooks.bodies.map((body) => body.id)).to.include(runId), 10_000);

      // A status update goes to the broadcast channel too.
      expect((await playbooksApi(ts, bob, 'POST', `/runs/${runId}/status`, { message: 'Blocked the attacking BINs.', reminder: 3600 })).status).to.equal(200);
      await eventually(async () => {
        const posts = await admin.client.getPosts(statusRoom.id);
        expect(Object.values(posts.posts).map((post) => post.message).join('\n')).to.contain('Blocked the attacking BINs.');
      }, 10_000);
    } finally {
      await p.context().close();
    }
  });

  it('offers the editor the caller\'s own open channels of the team, and only to team members', async () => {
    const joined = await createChannelWith(admin.client, team, [carol.user.id], 'P');
    const archived = await createChannelWith(admin.client, team, [carol.user.id]);
    await admin.client.deleteChannel(archived.id);
    const outsider = await createUser(ts, admin.client);
    const ui = (who: LoggedIn | null, path: string) => fetch(`${ts.url}/plugins/playbooks${path}`, { headers: who ? { Authorization: `Bearer ${who.client.getToken()}` } : {} });
    const offered = (await (await ui(carol, `/ui/channels?team_id=${team.id}`)).json()) as Array<{ id: string; type: string; display_name: string }>;
    expect(offered.map((channel) => channel.id)).to.include(joined.id);
    expect(offered.map((channel) => channel.id), 'archived, and a channel carol is not in').to.not.include.members([archived.id, statusRoom.id]);
    expect(offered.find((channel) => channel.id === joined.id)).to.deep.include({ type: 'P', display_name: joined.display_name });
    expect((await ui(outsider, `/ui/channels?team_id=${team.id}`)).status, 'not on the team').to.equal(403);
    expect((await ui(null, `/ui/channels?team_id=${team.id}`)).status).to.equal(401);
    expect((await ui(carol, '/ui/channels')).status).to.equal(400);
  });
});

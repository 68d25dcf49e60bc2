// System Console > User Management > Teams and Channels in Debian's chromium: the lists searched,
// a team's and a channel's page — members added, made admins and removed, privacy changed, archived
// and unarchived — each step checked in what the server reports.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, logInThroughPage, openPage } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

describe('System Console teams and channels (browser)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let otherTeam: Team;
  let secret: Channel;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const goTo = async (link: string) => {
    await page.getByRole('navigation', { name: 'System Console' }).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: link }).waitFor();
  };
  const confirmIn = async (title: string, button: string) => {
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.getByRole('button', { name: button }).click();
    await dialog.waitFor({ state: 'detached' });
  };
  const members = () => page.getByRole('table', { name: 'Members' });
  const memberRow = (who: LoggedIn) => members().getByRole('row').filter({ has: page.getByRole('link', { name: `@${who.user.username}` }) });

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id]);
    otherTeam = await createTeamWith(admin.client, [bob.user.id]);
    // A private channel the admin is not in.
    secret = await createChannelWith(bob.client, otherTeam, [bob.user.id], 'P');
    browser = await launchBrowser();
    page = await openPage(browser, ts, '/admin_console/user_management/teams', pageErrors);
    await logInThroughPage(page, admin.user.username, PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'script errors in the page').to.deep.equal([]);
  });

  it('lists teams and finds one with the search box', async () => {
    await goTo('Teams');
    const teams = page.getByRole('table', { name: 'Teams' });
    await teams.getByRole('link', { name: team.display_name }).waitFor();
    await teams.getByRole('link', { name: otherTeam.display_name }).waitFor();
    await page.getByLabel('Search teams').fill(otherTeam.name);
    await page.getByRole('status').filter({ hasText: 'Teams 1–1' }).waitFor();
    expect(await teams.getByRole('rowheader').allTextContents()).to.have.length(1);
    expect(await teams.getByRole('row').nth(1).textContent()).to.include(otherTeam.display_name).and.include('Invite only');
  });

  it('has no accessibility violation of serious or critical impact on the teams list (axe-core)', async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('adds a member to a team, makes them a team admin and removes them', async () => {
    await page.getByRole('link', { name: otherTeam.display_name }).click();
    await page.getByRole('heading', { level: 1, name: `Team Configuration: ${otherTeam.display_name}` }).waitFor();
    await memberRow(bob).waitFor();
    await page.getByLabel('Add Members').fill(alice.user.username);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await memberRow(alice).waitFor();
    expect((await admin.client.getTeamMember(otherTeam.id, alice.user.id)).delete_at).to.equal(0);

    await page.getByLabel(`Role of @${alice.user.username}`).selectOption({ label: 'Team Admin' });
    await page.locator('#members-status').filter({ hasText: 'is now a Team Admin' }).waitFor();
    expect((await admin.client.getTeamMember(otherTeam.id, alice.user.id)).scheme_admin).to.equal(true);

    await page.getByRole('button', { name: `Remove @${alice.user.username}` }).click();
    await memberRow(alice).waitFor({ state: 'detached' });
    expect((await alice.client.getMyTeams()).map((t) => t.id)).not.to.include(otherTeam.id);
  });

  it('shows the server’s refusal of a username that does not exist, and adds nobody', async () => {
    const before = (await admin.client.getTeamMembers(otherTeam.id)).length;
    await page.getByLabel('Add Members').fill('nobody-by-this-name');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('#members-error').waitFor();
    expect((await admin.client.getTeamMembers(otherTeam.id)).length).to.equal(before);
    expect(await members().getByRole('row').count()).to.equal(before + 1);
  });

  it('has no accessibility violation of serious or critical impact on a team’s page (axe-core)', async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('lets anyone join a team, then archives and unarchives it', async () => {
    await page.getByRole('button', { name: 'Let anyone join' }).click();
    await page.locator('#team-action-status').filter({ hasText: 'Anyone with an account can now join' }).waitFor();
    expect(await admin.client.getTeam(otherTeam.id)).to.include({ allow_open_invite: true, type: 'O' });

    await page.getByRole('button', { name: 'Archive Team' }).click();
    await confirmIn('Archive Team', 'Archive');
    await page.locator('#team-action-status').filter({ hasText: 'is archived' }).waitFor();
    expect((await admin.client.getTeam(otherTeam.id)).delete_at).to.be.above(0);
    expect(await page.getByLabel('Add Members').count()).to.equal(0);

    await page.getByRole('button', { name: 'Unarchive Team' }).click();
    await page.locator('#team-action-status').filter({ hasText: 'is unarchived' }).waitFor();
    expect((await admin.client.getTeam(otherTeam.id)).delete_at).to.equal(0);
    expect((await bob.client.getMyTeams()).map((t) => t.id)).to.include(otherTeam.id);
  });

  it('lists every team channel, private ones of other teams included, and finds one by name', async () => {
    await goTo('Channels');
    const channels = page.getByRole('table', { name: 'Channels' });
    await page.getByLabel('Search channels').fill(secret.name);
    await channels.getByRole('link', { name: secret.display_name }).waitFor();
    const row = channels.getByRole('row').filter({ hasText: secret.display_name });
    expect(await row.textContent()).to.include(otherTeam.display_name).and.include('Private');
  });

  it('has no accessibility violation of serious or critical impact on the channels list (axe-core)', async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('converts a channel to public and back after a confirmation, and makes a member channel admin', async () => {
    await page.getByRole('link', { name: secret.display_name }).click();
    await page.getByRole('heading', { level: 1, name: `Channel Configuration: ${secret.display_name}` }).waitFor();
    await page.getByRole('button', { name: 'Convert to Public' }).click();
    await confirmIn('Convert to Public Channel', 'Convert to Public');
    await page.locator('#channel-action-status').filter({ hasText: 'is now public' }).waitFor();
    expect((await admin.client.getChannel(secret.id)).type).to.equal('O');
    await page.getByRole('button', { name: 'Convert to Private' }).click();
    await confirmIn('Convert to Private Channel', 'Convert to Private');
    await page.locator('#channel-action-status').filter({ hasText: 'is now private' }).waitFor();
    expect((await admin.client.getChannel(secret.id)).type).to.equal('P');

    const carol = await createUser(ts, admin.client, uniqueName('carol'));
    await admin.client.addToTeam(otherTeam.id, carol.user.id);
    await page.getByLabel('Add Members').fill(carol.user.username);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await memberRow(carol).waitFor();
    await page.getByLabel(`Role of @${carol.user.username}`).selectOption({ label: 'Channel Admin' });
    await page.locator('#members-status').filter({ hasText: 'is now a Channel Admin' }).waitFor();
    expect((await admin.client.getChannelMember(secret.id, carol.user.id)).scheme_admin).to.equal(true);
  });

  it('has no accessibility violation of serious or critical impact on a channel’s page (axe-core)', async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('archives a channel and unarchives it', async () => {
    await page.getByRole('button', { name: 'Archive Channel' }).click();
    await confirmIn('Archive Channel', 'Archive');
    await page.locator('#channel-action-status').filter({ hasText: 'is archived' }).waitFor();
    expect((await admin.client.getChannel(secret.id)).delete_at).to.be.above(0);
    expect(await page.getByRole('button', { name: 'Convert to Public' }).count()).to.equal(0);
    await page.getByRole('button', { name: 'Unarchive Channel' }).click();
    await page.locator('#channel-action-status').filter({ hasText: 'is unarchived' }).waitFor();
    expect((await admin.client.getChannel(secret.id)).delete_at).to.equal(0);
  });
});

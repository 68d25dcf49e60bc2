// Reactions and files in the end-user web client (Debian's chromium, two people in two browser
// contexts): a reaction picked from the emoji picker with the keyboard alone reaches the other person
// live, who adds theirs; an image attached through the file input is posted and opens in the preview
// on the other side; a text file's preview shows its text, markup included, as text.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { pngFile } from '../helpers/file-fixtures.ts';

describe('chat web client: reactions and files (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  const pageErrors: string[] = [];

  const log = (page: Page) => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const postWith = (page: Page, text: string) => log(page).locator('li.post', { hasText: text });
  const composer = (page: Page) => page.getByLabel(`Write to ${channel.display_name}`);

  async function openChannel(...pages: Page[]): Promise<void> {
    await Promise.all(pages.map((page) => page.goto(`/${team.name}/channels/${channel.name}`)));
    await Promise.all(pages.map((page) => log(page).waitFor()));
  }

  /** Attaches `files` through the composer's file input and waits until every one is uploaded. */
  async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await page.getByLabel('Attach files').setInputFiles(files);
    const tray = page.getByRole('list', { name: 'Attached files' });
    for (const file of files) await tray.locator('li', { hasText: file.name }).getByText('Uploaded').waitFor();
  }

  /** The id of the file named `name` on the newest post of the channel. */
  async function fileIdOf(who: LoggedIn, name: string): Promise<string> {
    const list = await who.client.getPosts(channel.id, 0, 1);
    const files = list.posts[list.order[0]]?.metadata?.files ?? [];
    return files.find((f) => f.name === name)?.id ?? 'missing';
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    browser = await launchBrowser();
    [alicePage, bobPage] = await Promise.all([signedInChatPage(browser, ts, alice, pageErrors), signedInChatPage(browser, ts, bob, pageErrors)]);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors).to.deep.equal([]);
  });

  it('reacts from the emoji picker with the keyboard alone; the other sees it live, adds theirs, and counts and pressed states follow', async function () {
    this.timeout(40_000);
    const post = await alice.client.createPost({ channel_id: channel.id, message: 'react to this one' });
    await openChannel(alicePage, bobPage);

    await postWith(alicePage, 'react to this one').getByRole('button', { name: 'Message actions' }).focus();
    await alicePage.keyboard.press('Enter');
    await alicePage.getByRole('menuitem', { name: 'Add reaction' }).waitFor();
    // Reply comes first, as in Mattermost's menu; the reaction is the next item.
    await alicePage.keyboard.press('ArrowDown');
    expect(await alicePage.evaluate(() => document.activeElement?.textContent?.trim())).to.equal('Add reaction');
    await alicePage.keyboard.press('Enter');
    const search = alicePage.getByRole('combobox', { name: 'Search emojis' });
    await search.waitFor();
    expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('aria-label'))).to.equal('Search emojis');
    await alicePage.keyboard.type('thumbs');
    const grid = alicePage.getByRole('listbox', { name: 'Emoji' });
    // The first match is selected; the arrows move the selection through the grid and back.
    expect(await grid.getByRole('option', { selected: true }).getAttribute('aria-label')).to.equal(':+1:');
    await alicePage.keyboard.press('ArrowRight');
    expect(await grid.getByRole('option', { selected: true }).getAttribute('aria-label')).to.equal(':-1:');
    await alicePage.keyboard.press('ArrowLeft');
    await alicePage.keyboard.press('Enter');
    await search.waitFor({ state: 'detached' });

    const mineOnAlice = postWith(alicePage, 'react to this one').getByRole('button', { name: 'You reacted with :+1:' });
    await mineOnAlice.waitFor();
    expect(await mineOnAlice.getAttribute('aria-pressed')).to.equal('true');
    const onBob = postWith(bobPage, 'react to this one').getByRole('button', { name: `${alice.user.username} reacted with :+1:` });
    await onBob.waitFor();
    expect(await onBob.getAttribute('aria-pressed')).to.equal('false');
    expect(await onBob.locator('.reaction-count').textContent()).to.equal('1');
    expect(await onBob.locator('.emoji-glyph').textContent()).to.equal('👍');

    await onBob.click();
    const bothOnBob = postWith(bobPage, 'react to this one').getByRole('button', { name: `You and ${alice.user.username} reacted with :+1:` });
    await bothOnBob.waitFor();
    expect(await bothOnBob.getAttribute('aria-pressed')).to.equal('true');
    expect(await bothOnBob.locator('.reaction-count').textContent()).to.equal('2');
    const bothOnAlice = postWith(alicePage, 'react to this one').getByRole('button', { name: `You and ${bob.user.username} reacted with :+1:` });
    await bothOnAlice.waitFor();
    expect(await bothOnAlice.locator('.reaction-count').textContent()).to.equal('2');
    const stored = await admin.getReactionsForPost(post.id);
    expect(stored.map((r) => [r.user_id, r.emoji_name]).sort()).to.deep.equal([[alice.user.id, '+1'], [bob.user.id, '+1']].sort());
    // The chat shell's own findings (sidebar group toggles, the log's list items) are not this feature's.
    const mine = (await seriousViolations(alicePage)).filter((v) => v.targets.some((target) => /reaction|emoji/.test(target)));
    expect(mine).to.deep.equal([]);

    // Taking mine back: Alice's reaction goes, live on Bob's side too.
    await bothOnAlice.click();
    await postWith(bobPage, 'react to this one').getByRole('button', { name: 'You reacted with :+1:' }).waitFor();
    expect(await postWith(alicePage, 'react to this one').getByRole('button', { name: `${bob.user.username} reacted with :+1:` }).getAttribute('aria-pressed')).to.equal('false');
  });

  it('puts the emoji used last first in the picker, opened from the post\'s own Add reaction button', async function () {
    this.timeout(20_000);
    const item = postWith(alicePage, 'react to this one');
    await item.hover();
    await item.getByRole('button', { name: 'Add reaction' }).click();
    const grid = alicePage.getByRole('listbox', { name: 'Emoji' });
    expect(await grid.getByRole('option').first().getAttribute('aria-label')).to.equal(':+1:');
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
    await alicePage.keyboard.press('Escape');
    await grid.waitFor({ state: 'detached' });
  });

  it('offers the server\'s custom emoji in the picker and shows a reaction with one as its picture, live', async function () {
    this.timeout(30_000);
    const name = uniqueName('party').toLowerCase().replace(/[^a-z0-9_-]/g, '');
    const emoji = await bob.client.createCustomEmoji({ name, creator_id: bob.user.id }, await pngFile(`${name}.png`, 32, 32));
    await alice.client.createPost({ channel_id: channel.id, message: 'custom emoji welcome' });
    await openChannel(alicePage, bobPage);

    await postWith(alicePage, 'custom emoji welcome').getByRole('button', { name: 'Message actions' }).focus();
    await alicePage.keyboard.press('Enter');
    await alicePage.getByRole('menuitem', { name: 'Add reaction' }).click();
    await alicePage.getByRole('combobox', { name: 'Search emojis' }).waitFor();
    await alicePage.keyboard.type(name);
    const option = alicePage.getByRole('listbox', { name: 'Emoji' }).getByRole('option', { name: `:${name}:` });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).to.equal('true');
    expect(await option.locator('img').getAttribute('src')).to.equal(`${ts.url}/api/v4/emoji/${emoji.id}/image`);
    await alicePage.keyboard.press('Enter');

    const onBob = postWith(bobPage, 'custom emoji welcome').getByRole('button', { name: `${alice.user.username} reacted with :${name}:` });
    await onBob.locator('img.emoji-glyph').waitFor();
    expect(await onBob.locator('img.emoji-glyph').getAttribute('src')).to.equal(`${ts.url}/api/v4/emoji/${emoji.id}/image`);
  });

  it('posts an image attached through the file input with an empty message; the other sees its thumbnail live and opens the preview', async function () {
    this.timeout(30_000);
    await openChannel(alicePage, bobPage);
    const png = Buffer.from(await (await pngFile('dots.png', 40, 30)).arrayBuffer());
    await attach(alicePage, [{ name: 'dots.png', mimeType: 'image/png', buffer: png }]);
    await composer(alicePage).press('Enter');

    const thumbnail = log(bobPage).getByRole('button', { name: 'Open dots.png' });
    await thumbnail.waitFor();
    const image = thumbnail.getByRole('img', { name: 'dots.png' });
    expect(await image.getAttribute('src')).to.equal(`${ts.url}/api/v4/files/${await fileIdOf(alice, 'dots.png')}/thumbnail`);
    expect(await image.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).to.be.greaterThan(0);
    await thumbnail.click();
    const preview = bobPage.getByRole('dialog', { name: 'dots.png' });
    await preview.waitFor();
    expect(await preview.getByRole('img', { name: 'dots.png' }).getAttribute('src')).to.match(/\/preview$/);
    expect(await preview.getByRole('link', { name: 'Download dots.png' }).getAttribute('href')).to.match(/\/api\/v4\/files\/[a-z0-9]{26}\?download=1$/);
    expect(await seriousViolations(bobPage)).to.deep.equal([]);
    await bobPage.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    expect(await log(alicePage).getByRole('button', { name: 'Open dots.png' }).count()).to.equal(1);
    expect(await alicePage.getByRole('list', { name: 'Attached files' }).count()).to.equal(0);
  });

  it('uploads a file dropped anywhere on the channel and posts it with the message', async function () {
    this.timeout(30_000);
    await openChannel(alicePage, bobPage);
    const dropped = await alicePage.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['dropped contents'], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    });
    const channelArea = alicePage.getByRole('main', { name: channel.display_name });
    await channelArea.dispatchEvent('dragover', { dataTransfer: dropped });
    await channelArea.dispatchEvent('drop', { dataTransfer: dropped });
    await alicePage.getByRole('list', { name: 'Attached files' }).locator('li', { hasText: 'dropped.csv' }).getByText('Uploaded').waitFor();
    await composer(alicePage).fill('a dropped file');
    await composer(alicePage).press('Enter');
    const card = postWith(bobPage, 'a dropped file').locator('.file-card');
    await card.getByRole('link', { name: 'Download dropped.csv' }).waitFor();
    expect(await card.textContent()).to.contain('CSV 16 B');
  });

  it('shows an upload the server refuses as an error, and sends nothing while only that file is attached', async function () {
    this.timeout(30_000);
    await openChannel(alicePage);
    const before = (await admin.getPosts(channel.id)).order.length;
    await admin.patchConfig({ FileSettings: { MaxFileSize: 1024 } } as unknown as Parameters<Client4['patchConfig']>[0]);
    try {
      await alicePage.getByLabel('Attach files').setInputFiles([{ name: 'too-big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(8 * 1024, 'x') }]);
      const refused = alicePage.getByRole('list', { name: 'Attached files' }).locator('li', { hasText: 'too-big.txt' }).getByRole('alert');
      await refused.waitFor();
      expect(await refused.textContent()).to.equal('Unable to upload file too-big.txt: it is larger than the limit of 1024 bytes.');
      await composer(alicePage).press('Enter');
      expect((await admin.getPosts(channel.id)).order.length).to.equal(before);
      await alicePage.getByRole('button', { name: 'Remove too-big.txt' }).click();
      expect(await alicePage.getByRole('list', { name: 'Attached files' }).count()).to.equal(0);
    } finally {
      await admin.patchConfig({ FileSettings: { MaxFileSize: 104857600 } } as unknown as Parameters<Client4['patchConfig']>[0]);
    }
  });

  it('shows a text file\'s preview as text, a <script> in it included, and leaves out a file removed before sending', async function () {
    this.timeout(30_000);
    await openChannel(alicePage, bobPage);
    const markup = '<script>window.__ran = true</script><b>not bold</b>';
    await attach(alicePage, [
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(`first line\n${markup}\n`) },
      { name: 'drop-me.txt', mimeType: 'text/plain', buffer: Buffer.from('unwanted') },
    ]);
    await alicePage.getByRole('button', { name: 'Remove drop-me.txt' }).click();
    await composer(alicePage).fill('the notes are attached');
    await composer(alicePage).press('Enter');

    const item = postWith(bobPage, 'the notes are attached');
    await item.getByRole('button', { name: 'Preview notes.txt' }).click();
    const preview = bobPage.getByRole('dialog', { name: 'notes.txt' });
    const contents = preview.getByLabel('Contents of notes.txt');
    await contents.waitFor();
    expect(await contents.textContent()).to.equal(`first line\n${markup}\n`);
    expect(await preview.locator('script, b').count()).to.equal(0);
    expect(await bobPage.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).to.equal(undefined);
    await bobPage.keyboard.press('Escape');
    expect(await item.getByRole('link', { name: 'Download notes.txt' }).getAttribute('href')).to.match(/\?download=1$/);
    expect(await item.getByText('drop-me.txt').count()).to.equal(0);

    const posts = await admin.getPosts(channel.id);
    const sent = Object.values(posts.posts).find((p) => p.message === 'the notes are attached');
    expect(sent?.file_ids).to.have.length(1);
  });
});

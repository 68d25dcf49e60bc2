// The message components (core/webapp/src/message) in Debian's chromium: a test page bundled with
// esbuild renders them with fixture props, served from a loopback server, and the suite reads the
// DOM and drives it with the keyboard and mouse. No Parley server is needed: the components'
// callbacks write what they receive into window.__log.
import { expect } from 'chai';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.ts';
import { eventually } from '../helpers/ws-client.ts';

const MESSAGE_COMPONENTS = path.resolve(import.meta.dirname, '../../core/webapp/src/message/index.ts');
const APP_CSS = path.resolve(import.meta.dirname, '../../core/webapp/src/app.css');

/** Markdown that tries to run script, each payload rendered as its own message. */
const XSS_PAYLOADS = [
  `<script>window.__pwned = 'script'</script>`,
  `<img src=x onerror="window.__pwned = 'img'">`,
  `<svg onload="window.__pwned = 'svg'"><script>window.__pwned = 'svg-script'</script></svg>`,
  `<iframe src="javascript:window.__pwned = 'iframe'"></iframe>`,
  `<a href="javascript:window.__pwned = 'raw-a'">raw anchor</a>`,
  `<details open ontoggle="window.__pwned = 'details'">x</details>`,
  `<math><mi xlink:href="javascript:window.__pwned = 'math'">m</mi></math>`,
  `<style>body { display: none }</style>`,
  `[plain](javascript:window.__pwned='link')`,
  `[case](JaVaScRiPt:window.__pwned='case')`,
  `[entity](&#106;avascript:window.__pwned='entity')`,
  `[hex entity](&#x6A;avascript:window.__pwned='hex')`,
  `[tab](java&#x09;script:window.__pwned='tab')`,
  `[control](&#x01;javascript:window.__pwned='control')`,
  `[angle](<javascript:window.__pwned='angle'>)`,
  `[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0nZGF0YSc8L3NjcmlwdD4=)`,
  `[vb](vbscript:msgbox(1))`,
  `[reference]\n\n[reference]: javascript:window.__pwned='reference'`,
  `![image](javascript:window.__pwned='image')`,
  `![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)`,
  `[title](https://example.com "x\\" onmouseover=\\"window.__pwned='title'")`,
  `[title2](https://example.com 'x&quot; onmouseover=&quot;window.__pwned=1')`,
  `<https://example.com/" onmouseover="window.__pwned='autolink'>`,
  `&lt;script&gt;window.__pwned = 'entities'&lt;/script&gt;`,
  '```html\n<script>window.__pwned = \'fenced\'</script>\n```',
  '`<img src=x onerror="window.__pwned = \'codespan\'">`',
];

const PAGE_SOURCE = `
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Markdown, PostAttachments, InteractiveDialog } from ${JSON.stringify(MESSAGE_COMPONENTS)};
// The app's own stylesheet too, so the page looks as the components will in the app.
import ${JSON.stringify(APP_CSS)};

window.__log = [];
const log = (...entry) => window.__log.push(entry);
const USERS = [{ text: 'bob', value: 'u-bob' }, { text: 'carol', value: 'u-carol' }];
const context = {
  teamName: 'core-team',
  currentUsername: 'alice',
  isCustomEmoji: (name) => name === 'partyparrot',
  onHashtag: (tag) => log('hashtag', tag),
  onMention: (username) => log('mention', username),
  onNavigate: (path) => log('navigate', path),
  channelDisplayName: (name) => (name === 'off-topic' ? 'Off-Topic' : undefined),
  searchUsers: async (term) => USERS.filter((user) => user.text.includes(term)),
  searchChannels: async () => [{ text: 'Town Square', value: 'c-town' }],
};

const RICH = [
  '# Release notes',
  'Hello @alice, @bob. and @here: see ~town-square, ~off-topic and #release-notes :smile: :partyparrot: :nonexistent: :) <3 10:30:45',
  'Mail me@example.com, not a#tag; visit https://example.com/docs or [the guide](https://example.com/guide "The guide") or [settings](/core-team/settings) or [the next page](next?tab=2#top).',
  '',
  '\`\`\`python',
  'def greet(name):',
  '    return "hi " + name  # a comment',
  '\`\`\`',
  '',
  '| Name | Count |',
  '|:-----|------:|',
  '| apples | 3 |',
  '| pears | 12 |',
  '',
  '- [x] written',
  '- [ ] reviewed',
  '',
  '> quoted ~~struck~~ **bold** _italic_ \`inline code\`',
  'line one',
  'line two',
].join('\\n');

const XSS = ${JSON.stringify(XSS_PAYLOADS)};

let release;
const ATTACHMENTS = [
  {
    fallback: 'Deploy request',
    color: 'good',
    pretext: 'A deploy needs **approval**',
    author_name: 'Deploy bot',
    author_icon: 'https://example.com/bot.png',
    author_link: 'https://example.com/bot',
    title: 'Deploy v2.1',
    title_link: 'https://example.com/deploys/21',
    text: 'Requested by @bob with :rocket:',
    fields: [
      { title: 'Environment', value: 'production', short: true },
      { title: 'Version', value: 21, short: true },
      { title: 'Notes', value: 'All *green*', short: false },
    ],
    image_url: 'https://example.com/chart.png',
    thumb_url: 'https://example.com/thumb.png',
    footer: 'Deploys',
    footer_icon: 'https://example.com/footer.png',
    actions: [
      { id: 'approve', name: 'Approve', type: 'button', style: 'primary' },
      { id: 'fail', name: 'Break', type: 'button', style: 'danger' },
      { id: 'pick', name: 'Pick one', type: 'select', options: [{ text: 'One', value: 'one' }, { text: 'Two', value: 'two' }] },
      { id: 'assign', name: 'Assignee', type: 'select', data_source: 'users' },
    ],
  },
  {
    fallback: 'hostile',
    color: 'red; background: url(javascript:alert(1))',
    title: 'Hostile <img src=x onerror="window.__pwned = \\'att-title\\'">',
    title_link: 'javascript:window.__pwned = "att-link"',
    author_name: 'Mallory',
    author_link: 'data:text/html,<script>window.__pwned = 1</script>',
    author_icon: 'javascript:window.__pwned = "att-icon"',
    text: '<script>window.__pwned = "att-text"</script>',
    image_url: 'javascript:window.__pwned = "att-image"',
    footer: '<b onmouseover="window.__pwned = 1">footer</b>',
  },
];

async function onAction(actionId, selected, action) {
  if (action.id !== actionId) throw new Error('the action given is not the one taken');
  log('action', actionId, selected ?? null);
  if (actionId === 'fail') throw new Error('The integration is down');
  if (actionId === 'approve') await new Promise((resolve) => { release = resolve; });
}
window.__releaseAction = () => release?.();

const DIALOG = {
  callback_id: 'signup',
  title: 'Create account',
  icon_url: 'https://example.com/icon.png',
  introduction_text: 'Fill in **all** fields <img src=x onerror="window.__pwned = \\'dialog\\'">',
  submit_label: 'Create',
  elements: [
    { display_name: 'Username', name: 'username', type: 'text', subtype: '', default: '', placeholder: 'jdoe', help_text: 'Letters and digits', optional: false, min_length: 3, max_length: 20, data_source: '', options: [] },
    { display_name: 'Email', name: 'email', type: 'text', subtype: 'email', default: '', placeholder: '', help_text: '', optional: false, min_length: 0, max_length: 0, data_source: '', options: [] },
    { display_name: 'Age', name: 'age', type: 'text', subtype: 'number', default: '', placeholder: '', help_text: '', optional: true, min_length: 0, max_length: 0, data_source: '', options: [] },
    { display_name: 'About', name: 'about', type: 'textarea', subtype: '', default: 'hi', placeholder: '', help_text: '', optional: true, min_length: 0, max_length: 200, data_source: '', options: [] },
    { display_name: 'Team', name: 'team', type: 'select', subtype: '', default: '', placeholder: 'Choose a team', help_text: '', optional: false, min_length: 0, max_length: 0, data_source: '', options: [{ text: 'Red', value: 'red' }, { text: 'Blue', value: 'blue' }] },
    { display_name: 'Manager', name: 'manager', type: 'select', subtype: '', default: '', placeholder: '', help_text: '', optional: true, min_length: 0, max_length: 0, data_source: 'users', options: [] },
    { display_name: 'Size', name: 'size', type: 'radio', subtype: '', default: 'm', placeholder: '', help_text: '', optional: false, min_length: 0, max_length: 0, data_source: '', options: [{ text: 'Small', value: 's' }, { text: 'Medium', value: 'm' }] },
    { display_name: 'Terms', name: 'terms', type: 'bool', subtype: '', default: 'false', placeholder: 'I accept the terms', help_text: '', optional: false, min_length: 0, max_length: 0, data_source: '', options: [] },
  ],
};

function DialogHarness() {
  const [open, setOpen] = useState(false);
  const onSubmit = async (submission) => {
    log('submit', submission);
    if (submission.username === 'taken') return { errors: { username: 'That username is taken.' } };
    if (submission.username === 'down') throw new Error('The integration did not answer');
    setOpen(false);
  };
  return (
    <section id="dialog">
      <button type="button" onClick={() => setOpen(true)}>Open dialog</button>
      {open && <InteractiveDialog dialog={DIALOG} context={context} onSubmit={onSubmit} onCancel={() => { log('cancel'); setOpen(false); }} />}
    </section>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <section id="rich"><Markdown text={RICH} context={context} /></section>
    <section id="xss">{XSS.map((text, index) => <Markdown key={index} text={text} context={context} />)}</section>
    <section id="attachments"><PostAttachments attachments={ATTACHMENTS} context={context} onAction={onAction} /></section>
    <DialogHarness />
  </StrictMode>,
);
`;

const PAGE_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Messages</title><link rel="stylesheet" href="/page.css"></head><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>';

type LogEntry = unknown[];

describe('message rendering (browser)', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let alerts: string[];
  /** React's development warnings (keys, controlled inputs) and page errors. */
  let consoleErrors: string[];

  before(async () => {
    const bundled = await build({
      stdin: { contents: PAGE_SOURCE, resolveDir: import.meta.dirname, loader: 'tsx', sourcefile: 'page.tsx' },
      bundle: true,
      format: 'esm',
      jsx: 'automatic',
      outdir: 'out',
      entryNames: 'page',
      write: false,
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'warning',
    });
    const files = new Map<string, { type: string; body: string }>([['/', { type: 'text/html', body: PAGE_HTML }]]);
    for (const file of bundled.outputFiles) {
      const name = `/${path.basename(file.path)}`;
      files.set(name, { type: name.endsWith('.css') ? 'text/css' : 'text/javascript', body: file.text });
    }
    server = createServer((request, response) => {
      const file = files.get(new URL(request.url ?? '/', 'http://page.invalid').pathname);
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': `${file.type}; charset=utf-8` }).end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // --no-sandbox: Chromium's sandbox cannot start as root (CI runs as root); the page is our own.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    alerts = [];
    consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    // Images point at example.com: answer them here, so nothing leaves the machine.
    await page.route(/^https?:\/\/example\.com\//, (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.locator('#dialog button').waitFor();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const logged = (): Promise<LogEntry[]> => page.evaluate(() => (window as unknown as { __log: LogEntry[] }).__log);
  const pwned = (): Promise<unknown> => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

  describe('<Markdown>', () => {
    it('runs none of the XSS payloads, and leaves no script, frame, handler or script URL in the DOM', async () => {
      const xss = page.locator('#xss');
      await page.locator('#xss .markdown').nth(XSS_PAYLOADS.length - 1).waitFor();
      // Hover and click every link and image, in case a handler slipped through.
      for (const element of await xss.locator('a, img, span, p').all()) await element.hover({ force: true, timeout: 1000 }).catch(() => undefined);
      const found = await xss.evaluate((root) => {
        const elements = Array.from(root.querySelectorAll('*'));
        return {
          dangerous: elements.filter((el) => ['SCRIPT', 'IFRAME', 'SVG', 'OBJECT', 'EMBED', 'STYLE', 'MATH', 'DETAILS', 'svg', 'math'].includes(el.tagName)).map((el) => el.tagName),
          handlers: elements.flatMap((el) => Array.from(el.attributes).filter((attr) => /^on/i.test(attr.name)).map((attr) => `${el.tagName}.${attr.name}`)),
          hrefs: Array.from(root.querySelectorAll('a')).filter((a) => a.hasAttribute('href')).map((a) => (a as HTMLAnchorElement).protocol),
          srcs: Array.from(root.querySelectorAll('img')).map((img) => new URL((img as HTMLImageElement).src).protocol),
          text: root.textContent ?? '',
        };
      });
      expect(found.dangerous, 'no dangerous element').to.deep.equal([]);
      expect(found.handlers, 'no on* attribute').to.deep.equal([]);
      expect(found.hrefs.every((protocol) => ['http:', 'https:', 'mailto:'].includes(protocol)), `link protocols ${found.hrefs.join(', ')}`).to.equal(true);
      expect(found.srcs.every((protocol) => protocol === 'http:' || protocol === 'https:'), `image protocols ${found.srcs.join(', ')}`).to.equal(true);
      // Raw HTML is shown as the text it is, entities as the characters they name.
      expect(found.text).to.include(`<script>window.__pwned = 'script'</script>`);
      expect(found.text).to.include(`<script>window.__pwned = 'entities'</script>`);
      // The refused links keep their text.
      expect(found.text).to.include('plain').and.to.include('entity').and.to.include('data');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await pwned()).to.equal(undefined);
      expect(alerts).to.deep.equal([]);
    });

    it('keeps a link title with quotes as one attribute', async () => {
      const titled = page.locator('#xss a', { hasText: 'title2' });
      expect(await titled.getAttribute('title')).to.equal('x" onmouseover="window.__pwned=1');
      expect(await titled.evaluate((a) => a.getAttributeNames().sort())).to.deep.equal(['href', 'rel', 'target', 'title']);
    });

    it('highlights a fenced code block in its language', async () => {
      const code = page.locator('#rich pre code.language-python');
      expect(await code.locator('.hljs-keyword').first().textContent()).to.equal('def');
      expect(await code.locator('.hljs-string').first().textContent()).to.equal('"hi "');
      expect(await code.locator('.hljs-comment').first().textContent()).to.equal('# a comment');
      expect(await page.locator('#rich pre').getAttribute('aria-label')).to.equal('Code (python)');
    });

    it('renders a GitHub table with its column alignment, a task list, a quote and line breaks', async () => {
      const headers = await page.locator('#rich table th').allTextContents();
      expect(headers).to.deep.equal(['Name', 'Count']);
      expect(await page.locator('#rich table tbody tr').nth(1).locator('td').allTextContents()).to.deep.equal(['pears', '12']);
      expect(await page.locator('#rich table td').nth(1).evaluate((td) => getComputedStyle(td).textAlign)).to.equal('right');
      const boxes = page.locator('#rich li.task input[type="checkbox"]');
      expect(await boxes.count()).to.equal(2);
      expect([await boxes.nth(0).isChecked(), await boxes.nth(1).isChecked(), await boxes.nth(0).isDisabled()]).to.deep.equal([true, false, true]);
      expect(await page.locator('#rich blockquote del').textContent()).to.equal('struck');
      expect(await page.locator('#rich blockquote code').textContent()).to.equal('inline code');
      expect(await page.locator('#rich blockquote br').count()).to.equal(2);
      expect(await page.getByRole('heading', { name: 'Release notes', level: 1 }).count()).to.equal(1);
    });

    it('highlights mentions, the user\'s own and the channel-wide ones apart from others\'', async () => {
      expect(await page.locator('#rich .mention-me').allTextContents()).to.deep.equal(['@alice']);
      expect(await page.locator('#rich .mention-other').allTextContents()).to.deep.equal(['@bob']);
      expect(await page.locator('#rich .mention-group').allTextContents()).to.deep.equal(['@here']);
      const colours = await page.locator('#rich .mention').evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
      expect(colours[0]).to.not.equal(colours[1]);
      // The full stop after @bob is punctuation, and an email address is no mention.
      expect(await page.locator('#rich p').nth(0).textContent()).to.include('@bob. and');
      await page.locator('#rich .mention-other').click();
      expect((await logged()).at(-1)).to.deep.equal(['mention', 'bob']);
    });

    it('links ~channel names to the team\'s channel and lets the app route them', async () => {
      expect(await page.locator('#rich a.channel-link').nth(1).textContent()).to.equal('~Off-Topic');
      const link = page.locator('#rich a.channel-link').first();
      expect(await link.textContent()).to.equal('~town-square');
      expect(await link.getAttribute('href')).to.equal('/core-team/channels/town-square');
      await link.click();
      expect((await logged()).at(-1)).to.deep.equal(['navigate', '/core-team/channels/town-square']);
    });

    it('makes #hashtags buttons that search, and leaves a#b as text', async () => {
      const tag = page.getByRole('button', { name: '#release-notes' });
      await tag.focus();
      await page.keyboard.press('Enter');
      expect((await logged()).at(-1)).to.deep.equal(['hashtag', 'release-notes']);
      expect(await page.locator('#rich .hashtag').count()).to.equal(1);
    });

    it('shows emoji shortcodes and emoticons as characters, custom emoji as their image, and unknown names as typed', async () => {
      const smile = page.getByRole('img', { name: ':smile:' });
      expect(await smile.textContent()).to.equal('😄');
      expect(await page.locator('#rich img.custom-emoji').getAttribute('src')).to.equal('/api/v4/emoji/name/partyparrot/image');
      expect(await page.locator('#rich p').nth(0).textContent()).to.include(':nonexistent:');
      expect(await page.getByRole('img', { name: ':slightly_smiling_face:' }).textContent()).to.equal('🙂');
      expect(await page.getByRole('img', { name: ':heart:' }).textContent()).to.equal('❤️');
      expect(await page.locator('#rich p').nth(0).textContent()).to.include('10:30:45');
    });

    it('opens outside links in a new tab without an opener, and routes server links in the app', async () => {
      const guide = page.locator('#rich a', { hasText: 'the guide' });
      expect([await guide.getAttribute('href'), await guide.getAttribute('target'), await guide.getAttribute('rel'), await guide.getAttribute('title')]).to.deep.equal(['https://example.com/guide', '_blank', 'noopener noreferrer', 'The guide']);
      const autolink = page.locator('#rich a', { hasText: 'https://example.com/docs' });
      expect(await autolink.getAttribute('href')).to.equal('https://example.com/docs');
      expect(await page.locator('#rich a', { hasText: 'me@example.com' }).getAttribute('href')).to.equal('mailto:me@example.com');
      const settings = page.locator('#rich a', { hasText: 'settings' });
      expect(await settings.getAttribute('target')).to.equal(null);
      await settings.click();
      expect((await logged()).at(-1)).to.deep.equal(['navigate', '/core-team/settings']);
      await page.locator('#rich a', { hasText: 'the next page' }).click();
      expect((await logged()).at(-1)).to.deep.equal(['navigate', '/next?tab=2#top']);
    });
  });

  describe('<PostAttachments>', () => {
    it('shows the attachment\'s colour, author, title, Markdown text, short fields, images and footer', async () => {
      const card = page.getByRole('article', { name: 'Deploy v2.1' });
      expect(await card.evaluate((el) => getComputedStyle(el).borderLeftColor)).to.equal('rgb(46, 184, 134)');
      expect(await page.locator('#attachments .attachment').first().locator('> .markdown strong').textContent()).to.equal('approval');
      expect(await card.locator('.attachment-author a').getAttribute('href')).to.equal('https://example.com/bot');
      expect(await card.getByRole('heading', { name: 'Deploy v2.1' }).locator('a').getAttribute('href')).to.equal('https://example.com/deploys/21');
      expect(await card.locator('.mention-other').textContent()).to.equal('@bob');
      expect(await card.locator('.attachment-field.short dt').allTextContents()).to.deep.equal(['Environment', 'Version']);
      expect(await card.locator('.attachment-field:not(.short) dd em').textContent()).to.equal('green');
      expect(await card.locator('.attachment-field.short dd').nth(1).textContent()).to.equal('21');
      expect(await card.locator('.attachment-image').getAttribute('src')).to.equal('https://example.com/chart.png');
      expect(await card.locator('.attachment-thumb').getAttribute('src')).to.equal('https://example.com/thumb.png');
      expect(await card.locator('.attachment-footer').textContent()).to.equal('Deploys');
    });

    it('drops an attachment\'s script URLs and hostile colour, and shows its HTML as text', async () => {
      const card = page.getByRole('article', { name: /^Hostile/ });
      expect(await card.locator('a').count()).to.equal(0);
      expect(await card.locator('img').count()).to.equal(0);
      expect(await card.getAttribute('style')).to.equal(null);
      expect(await card.locator('.attachment-footer').textContent()).to.equal('<b onmouseover="window.__pwned = 1">footer</b>');
      expect(await card.evaluate((el) => Array.from(el.querySelectorAll('*')).some((child) => Array.from(child.attributes).some((attr) => /^on/i.test(attr.name))))).to.equal(false);
      expect(await pwned()).to.equal(undefined);
    });

    it('calls onAction with the button\'s id and disables the button until the action is done', async () => {
      const approve = page.getByRole('button', { name: 'Approve' });
      await approve.focus();
      await page.keyboard.press('Enter');
      await eventually(async () => expect(await approve.isDisabled()).to.equal(true));
      expect((await logged()).at(-1)).to.deep.equal(['action', 'approve', null]);
      await page.evaluate(() => (window as unknown as { __releaseAction(): void }).__releaseAction());
      await eventually(async () => expect(await approve.isEnabled()).to.equal(true));
    });

    it('shows the error of an action that failed', async () => {
      await page.getByRole('button', { name: 'Break' }).click();
      const alert = page.getByRole('group', { name: 'Actions' }).first().getByRole('alert');
      expect(await alert.textContent()).to.equal('The integration is down');
      expect(await page.getByRole('button', { name: 'Break' }).isEnabled()).to.equal(true);
    });

    it('calls onAction with a static select\'s chosen option', async () => {
      await page.getByRole('combobox', { name: 'Pick one' }).selectOption('two');
      await eventually(async () => expect((await logged()).at(-1)).to.deep.equal(['action', 'pick', 'two']));
    });

    it('takes a select\'s action from the keyboard on Enter, not on each arrow key', async () => {
      const before = (await logged()).length;
      await page.getByRole('combobox', { name: 'Pick one' }).focus();
      await page.keyboard.press('ArrowUp');
      expect(await page.getByRole('combobox', { name: 'Pick one' }).inputValue()).to.equal('one');
      expect((await logged()).length, 'nothing taken while moving').to.equal(before);
      await page.keyboard.press('Enter');
      await eventually(async () => expect((await logged()).at(-1)).to.deep.equal(['action', 'pick', 'one']));
    });

    it('fills a users select through searchUsers and calls onAction with the chosen user\'s id', async () => {
      await page.getByRole('searchbox', { name: 'Search Assignee' }).fill('car');
      const select = page.getByRole('combobox', { name: 'Assignee' });
      await eventually(async () => expect(await select.locator('option').allTextContents()).to.deep.equal(['Assignee', 'carol']));
      await select.selectOption('u-carol');
      await eventually(async () => expect((await logged()).at(-1)).to.deep.equal(['action', 'assign', 'u-carol']));
    });
  });

  describe('<InteractiveDialog>', () => {
    const dialog = () => page.getByRole('dialog', { name: 'Create account' });

    async function openDialog(): Promise<void> {
      await page.getByRole('button', { name: 'Open dialog' }).click();
      await dialog().waitFor();
    }

    it('opens as a modal dialog with its title, icon, Markdown introduction and the focus inside', async () => {
      await openDialog();
      expect(await dialog().evaluate((el) => (el as HTMLDialogElement).open && el.matches(':modal'))).to.equal(true);
      expect(await dialog().locator('.dialog-intro strong').textContent()).to.equal('all');
      expect(await dialog().locator('.dialog-intro img').count()).to.equal(0);
      expect(await dialog().locator('.dialog-icon').getAttribute('src')).to.equal('https://example.com/icon.png');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).to.equal(true);
      // Tab never leaves the dialog.
      for (let i = 0; i < 25; i += 1) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement === document.body || document.activeElement?.closest('dialog') !== null)).to.equal(true);
      }
    });

    it('shows each field\'s own error beside it, tied to the control, when the dialog is sent incomplete', async () => {
      await dialog().getByLabel('Username').fill('ab');
      await dialog().getByLabel('Email').fill('not-an-email');
      await dialog().getByLabel('Age (optional)').fill('twelve');
      await dialog().getByRole('button', { name: 'Create' }).click();
      const username = dialog().getByLabel('Username');
      expect(await username.getAttribute('aria-invalid')).to.equal('true');
      await eventually(async () => expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).to.equal('username'));
      const description = async (label: string) => {
        const ids = (await dialog().getByLabel(label).getAttribute('aria-describedby')) ?? '';
        return dialog().evaluate((root, list) => list.split(' ').map((id) => root.ownerDocument.getElementById(id)?.textContent).join(' | '), ids);
      };
      expect(await description('Username')).to.equal('Enter at least 3 characters. | Letters and digits');
      expect(await description('Email')).to.equal('Enter an email address, such as name@example.com.');
      expect(await description('Age (optional)')).to.equal('Enter a number.');
      expect(await description('Team')).to.equal('This field is required.');
      expect(await dialog().locator('.field-error').count()).to.equal(5);
      expect((await logged()).some((entry) => entry[0] === 'submit')).to.equal(false);
    });

    it('sends typed values once they are valid, and shows the integration\'s own errors next to their fields', async () => {
      await dialog().getByLabel('Username').fill('taken');
      await dialog().getByLabel('Email').fill('jo@example.com');
      await dialog().getByLabel('Age (optional)').fill('42');
      await dialog().getByLabel('Team').selectOption('blue');
      await dialog().getByRole('searchbox', { name: 'Search Manager' }).fill('bob');
      await eventually(async () => expect(await dialog().getByLabel('Manager (optional)', { exact: true }).locator('option').count()).to.equal(2));
      await dialog().getByLabel('Manager (optional)', { exact: true }).selectOption('u-bob');
      await dialog().getByRole('radio', { name: 'Small' }).check();
      await dialog().getByRole('checkbox').check();
      await dialog().getByRole('button', { name: 'Create' }).click();
      await dialog().getByText('That username is taken.').waitFor();
      const submitted = (await logged()).filter((entry) => entry[0] === 'submit').at(-1);
      expect(submitted?.[1]).to.deep.equal({ username: 'taken', email: 'jo@example.com', age: 42, about: 'hi', team: 'blue', manager: 'u-bob', size: 's', terms: true });
      expect(await dialog().getByLabel('Username').getAttribute('aria-invalid')).to.equal('true');
      expect(await dialog().locator('.field-error').count()).to.equal(1);
    });

    it('shows a failed submission\'s message and keeps the values', async () => {
      await dialog().getByLabel('Username').fill('down');
      await dialog().getByRole('button', { name: 'Create' }).click();
      expect(await dialog().getByRole('alert').textContent()).to.equal('The integration did not answer');
      expect(await dialog().getByLabel('Email').inputValue()).to.equal('jo@example.com');
    });

    it('cancels on Escape', async () => {
      await dialog().getByLabel('Email').focus();
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'detached' });
      expect((await logged()).at(-1)).to.deep.equal(['cancel']);
    });

    it('cancels once with the Cancel button, and closes when the integration accepts', async () => {
      await openDialog();
      await dialog().getByRole('button', { name: 'Cancel' }).click();
      await dialog().waitFor({ state: 'detached' });
      expect((await logged()).filter((entry) => entry[0] === 'cancel')).to.have.length(2);
      await openDialog();
      await dialog().getByLabel('Username').fill('jo');
      await dialog().getByLabel('Username').fill('joe');
      await dialog().getByLabel('Email').fill('joe@example.com');
      await dialog().getByLabel('Team').selectOption('red');
      await dialog().getByRole('checkbox').check();
      await dialog().getByRole('button', { name: 'Create' }).click();
      await dialog().waitFor({ state: 'detached' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Accepted and closed by the shell: no cancel follows the submission.
      expect((await logged()).at(-1)).to.deep.equal(['submit', { username: 'joe', email: 'joe@example.com', age: null, about: 'hi', team: 'red', manager: null, size: 'm', terms: true }]);
    });
  });

  // Mocha runs a suite's own tests before its child suites: this one needs its own, declared last.
  describe('the page, after all of the above', () => {
    it('logged no React warning and no page error', async () => {
      // Images answered 404 by the route above are expected; anything else is a warning to fix.
      expect(consoleErrors.filter((text) => !text.includes('404'))).to.deep.equal([]);
    });
  });
});

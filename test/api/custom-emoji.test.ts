import { expect } from 'chai';
import sharp from 'sharp';
import type { CustomEmoji } from '@mattermost/types/emojis';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { download, pngFile, storedLocally } from '../helpers/file-fixtures.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

describe('custom emoji API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let events: LiveEvent[];

  /** A unique, valid emoji name (lowercase, as Mattermost requires). */
  const emojiName = (prefix = 'emo') => uniqueName(prefix).toLowerCase();
  const create = async (who: LoggedIn, name = emojiName(), image?: File) =>
    who.client.createCustomEmoji({ name, creator_id: who.user.id }, image ?? (await pngFile(`${name}.png`, 32, 32)));

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    events = [];
    ts.server.events.subscribe((e) => events.push(e));
  });
  afterEach(() => {
    ts.config.patch({ ServiceSettings: { EnableCustomEmoji: true } });
  });
  after(async () => {
    await ts.close();
  });

  it('creates an emoji, stores its picture and tells every client with emoji_added', async () => {
    const name = emojiName('party');
    const emoji = await create(alice, name);
    expect(emoji).to.include({ name, creator_id: alice.user.id, delete_at: 0 });
    expect(emoji.id).to.have.length(26);
    expect(await storedLocally(ts)).to.include(`emoji/${emoji.id}/image`);

    const image = await download(bob.client, `${ts.url}/api/v4/emoji/${emoji.id}/image`);
    expect(image.status).to.equal(200);
    expect(image.headers.get('content-type')).to.equal('image/png');
    expect(image.headers.get('cache-control')).to.match(/private/);
    expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).to.equal(32);

    await new Promise((resolve) => setImmediate(resolve));
    const added = events.find((e) => e.event === 'emoji_added' && (JSON.parse(e.data.emoji as string) as CustomEmoji).id === emoji.id);
    expect(added?.broadcast).to.deep.equal({});
  });

  it('looks emoji up by id, by name and by a list of names', async () => {
    const emoji = await create(alice);
    expect(await bob.client.getCustomEmoji(emoji.id)).to.include({ id: emoji.id, name: emoji.name });
    expect(await bob.client.getCustomEmojiByName(emoji.name)).to.include({ id: emoji.id });
    const found = await bob.client.getCustomEmojisByNames([emoji.name, 'no-such-emoji']);
    expect(found.map((e) => e.id)).to.deep.equal([emoji.id]);
    await expectClientError(bob.client.getCustomEmojiByName('no-such-emoji'), 404, 'app.emoji.get_by_name.no_result');
  });

  it('lists emoji page by page and by name, and searches and autocompletes them by name', async () => {
    const prefix = emojiName('zz');
    const [b, a] = [await create(alice, `${prefix}-b`), await create(alice, `${prefix}-a`)];
    const byName = await bob.client.getCustomEmojis(0, 200, 'name');
    const ours = byName.filter((e) => e.name.startsWith(prefix)).map((e) => e.name);
    expect(ours).to.deep.equal([a.name, b.name]);
    expect(await bob.client.getCustomEmojis(0, 1)).to.have.length(1);
    await expectClientError(bob.client.getCustomEmojis(0, 10, 'creator'), 400, 'api.context.invalid_param.app_error');

    expect((await bob.client.searchCustomEmoji(prefix)).map((e) => e.name)).to.deep.equal([a.name, b.name]);
    expect(await bob.client.searchCustomEmoji('-a', { prefix_only: true })).to.deep.equal([]);
    expect((await bob.client.searchCustomEmoji(`${prefix.slice(3)}-a`)).map((e) => e.name)).to.deep.equal([a.name]);
    expect((await bob.client.autocompleteCustomEmoji(`${prefix}-`)).map((e) => e.name)).to.deep.equal([a.name, b.name]);
    // LIKE wildcards in a term are letters, not patterns.
    expect(await bob.client.searchCustomEmoji('%')).to.deep.equal([]);
  });

  it('scales a large picture down to 128 pixels a side, keeping GIFs animated', async () => {
    const big = await create(alice, emojiName(), await pngFile('big.png', 512, 256));
    const stored = await download(alice.client, `${ts.url}/api/v4/emoji/${big.id}/image`);
    const meta = await sharp(Buffer.from(await stored.arrayBuffer())).metadata();
    expect({ width: meta.width, height: meta.height }).to.deep.equal({ width: 128, height: 64 });

    const frame = (background: string) => sharp({ create: { width: 300, height: 300, channels: 4, background } }).png().toBuffer();
    const animated = await sharp([await frame('#ff0000'), await frame('#00ff00')], { join: { animated: true } }).gif().toBuffer();
    const gif = await create(alice, emojiName(), new File([new Uint8Array(animated)], 'anim.gif', { type: 'image/gif' }));
    const gifResponse = await download(alice.client, `${ts.url}/api/v4/emoji/${gif.id}/image`);
    expect(gifResponse.headers.get('content-type')).to.equal('image/gif');
    const gifMeta = await sharp(Buffer.from(await gifResponse.arrayBuffer()), { animated: true }).metadata();
    expect({ pages: gifMeta.pages, width: gifMeta.width, height: gifMeta.pageHeight }).to.deep.equal({ pages: 2, width: 128, height: 128 });
  });

  it('refuses bad names, standard emoji names and names already taken', async () => {
    for (const bad of ['', 'Capital', 'has space', 'x'.repeat(65), 'semi;colon']) {
      await expectClientError(create(alice, bad), 400, 'model.emoji.name.app_error');
    }
    await expectClientError(create(alice, 'smile'), 400, 'model.emoji.system_emoji_name.app_error');
    await expectClientError(create(alice, '+1'), 400, 'model.emoji.system_emoji_name.app_error');
    const taken = await create(alice);
    await expectClientError(create(bob, taken.name), 400, 'api.emoji.create.duplicate.app_error');
  });

  it('refuses an SVG, a non-picture, an oversize file and an emoji made in someone else\'s name', async () => {
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'], 'x.svg', { type: 'image/svg+xml' });
    await expectClientError(create(alice, emojiName(), svg), 400, 'api.emoji.upload.image.app_error');
    const text = new File(['just words'], 'x.png', { type: 'image/png' });
    await expectClientError(create(alice, emojiName(), text), 400, 'api.emoji.upload.image.app_error');
    const huge = new File([new Uint8Array((1 << 20) + 1)], 'huge.png', { type: 'image/png' });
    await expectClientError(create(alice, emojiName(), huge), 413, 'api.emoji.create.too_large.app_error');
    await expectClientError(create(alice, emojiName(), await pngFile('wide.png', 1029, 10)), 400, 'api.emoji.upload.large_image.too_large.app_error');
    const name = emojiName();
    await expectClientError(alice.client.createCustomEmoji({ name, creator_id: bob.user.id }, await pngFile('x.png', 8, 8)), 403, 'api.emoji.create.other_user.app_error');
    await expectClientError(alice.client.getCustomEmojiByName(name), 404, 'app.emoji.get_by_name.no_result');
  });

  it('lets the creator or an admin delete an emoji, but not another user', async () => {
    const mine = await create(alice);
    await expectClientError(bob.client.deleteCustomEmoji(mine.id), 403, 'api.context.permissions.app_error');
    expect(await bob.client.getCustomEmoji(mine.id)).to.include({ id: mine.id });
    await alice.client.deleteCustomEmoji(mine.id);
    await expectClientError(bob.client.getCustomEmoji(mine.id), 404, 'app.emoji.get.no_result');
    expect(await storedLocally(ts)).to.not.include(`emoji/${mine.id}/image`);
    // The name is free again.
    await create(bob, mine.name);

    const bobs = await create(bob);
    await admin.client.deleteCustomEmoji(bobs.id);
    await expectClientError(bob.client.getCustomEmoji(bobs.id), 404, 'app.emoji.get.no_result');
  });

  it('answers with api.emoji.disabled.app_error while ServiceSettings.EnableCustomEmoji is off', async () => {
    const emoji = await create(alice);
    expect((await alice.client.getClientConfig()).EnableCustomEmoji).to.equal('true');
    ts.config.patch({ ServiceSettings: { EnableCustomEmoji: false } });
    expect((await alice.client.getClientConfig()).EnableCustomEmoji).to.equal('false');
    await expectClientError(create(alice), 501, 'api.emoji.disabled.app_error');
    await expectClientError(alice.client.getCustomEmojis(), 501, 'api.emoji.disabled.app_error');
    await expectClientError(alice.client.getCustomEmoji(emoji.id), 501, 'api.emoji.disabled.app_error');
    await expectClientError(alice.client.getCustomEmojiByName(emoji.name), 403, 'api.emoji.disabled.app_error');
    await expectClientError(alice.client.searchCustomEmoji(emoji.name), 403, 'api.emoji.disabled.app_error');
  });
});

// What every FileSettings driver must do, run once per driver: the suites only say how to start a
// server on the driver and how to list what it stored.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import sharp from 'sharp';
import type { TestServer } from './test-server.ts';
import { createAdmin, createUser } from './fixtures.ts';
import { createChannelWith, createTeamWith } from './chat-fixtures.ts';
import { expectClientError } from './expect-error.ts';
import { download, pngFile, textFile, upload } from './file-fixtures.ts';

export interface StorageDriver {
  start(): Promise<TestServer>;
  /** Keys of the uploaded objects the driver holds (plugin bundles excluded). */
  stored(ts: TestServer): Promise<string[]>;
}

export function fileStorageBehaviour(driver: StorageDriver): void {
  let ts: TestServer;
  let user: Client4;
  let userId: string;
  let channel: Channel;

  before(async () => {
    ts = await driver.start();
    const admin = (await createAdmin(ts)).client;
    const member = await createUser(ts, admin);
    user = member.client;
    userId = member.user.id;
    const team = await createTeamWith(admin, [member.user.id]);
    channel = await createChannelWith(admin, team, [member.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('stores an upload and gives back the same bytes', async () => {
    const text = 'hello files\n'.repeat(1000);
    const { file_infos: [info], client_ids: clientIds } = await upload(user, channel.id, [textFile('notes.txt', text)], ['client-1']);
    expect(clientIds).to.deep.equal(['client-1']);
    expect(info).to.include({ name: 'notes.txt', extension: 'txt', size: Buffer.byteLength(text), mime_type: 'text/plain; charset=utf-8', channel_id: channel.id, post_id: '' });
    const res = await download(user, user.getFileUrl(info.id, 0));
    expect(res.status).to.equal(200);
    expect(await res.text()).to.equal(text);
  });

  it('streams a file of several megabytes through unchanged', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const { file_infos: [info] } = await upload(user, channel.id, [new File([bytes], 'blob.bin')]);
    expect(info).to.include({ size: bytes.length, extension: 'bin', mime_type: '' });
    const res = await download(user, user.getFileUrl(info.id, 0));
    expect(res.headers.get('content-type')).to.equal('application/octet-stream');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).to.equal(true);
  });

  it('stores every file of a request with several', async () => {
    const { file_infos: infos } = await upload(user, channel.id, [textFile('a.txt', 'first'), textFile('b.md', 'second'), await pngFile('c.png', 20, 10)]);
    expect(infos.map((f) => [f.name, f.size > 0])).to.deep.equal([['a.txt', true], ['b.md', true], ['c.png', true]]);
    const bodies = await Promise.all(infos.slice(0, 2).map(async (f) => (await download(user, user.getFileUrl(f.id, 0))).text()));
    expect(bodies).to.deep.equal(['first', 'second']);
  });

  it('makes a thumbnail inside 120x100 and a preview at most 1920 wide, both JPEG', async () => {
    const { file_infos: [info] } = await upload(user, channel.id, [await pngFile('wide.png', 2400, 1600)]);
    expect(info).to.include({ width: 2400, height: 1600, has_preview_image: true, mime_type: 'image/png' });
    expect(info.mini_preview).to.be.a('string');
    const thumbnail = await download(user, user.getFileThumbnailUrl(info.id, 0));
    expect(thumbnail.headers.get('content-type')).to.equal('image/jpeg');
    expect(await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).to.include({ format: 'jpeg', width: 120, height: 80 });
    const preview = await download(user, user.getFilePreviewUrl(info.id, 0));
    expect(await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).to.include({ format: 'jpeg', width: 1920, height: 1280 });
  });

  it("keeps a picture, its thumbnail and its preview under Mattermost's keys", async () => {
    const before = await driver.stored(ts);
    const { file_infos: [info] } = await upload(user, channel.id, [await pngFile('pic.png', 300, 200)]);
    const added = (await driver.stored(ts)).filter((key) => !before.includes(key));
    const dir = `teams/${channel.team_id}/channels/${channel.id}/users/${userId}/${info.id}`;
    expect(added.map((key) => key.replace(/^(.*\/)?\d{8}\//, ''))).to.have.members([`${dir}/pic.png`, `${dir}/pic_thumb.jpg`, `${dir}/pic_preview.jpg`]);
  });

  it('attaches uploaded files to a post and lists them with it', async () => {
    const { file_infos: infos } = await upload(user, channel.id, [textFile('one.txt', '1'), await pngFile('two.png', 30, 20)]);
    const ids = infos.map((f) => f.id);
    const post = await user.createPost({ channel_id: channel.id, message: 'with files', file_ids: ids } as Post);
    expect(post.file_ids).to.have.members(ids);
    expect(post.metadata.files.map((f) => [f.id, f.post_id])).to.have.deep.members(ids.map((id) => [id, post.id]));
    expect((await user.getFileInfosForPost(post.id)).map((f) => f.id)).to.have.members(ids);
    expect((await user.getPost(post.id)).metadata.files.map((f) => f.name)).to.have.members(['one.txt', 'two.png']);
  });

  it('refuses a file over FileSettings.MaxFileSize with 413 and keeps nothing of the request', async () => {
    const before = await driver.stored(ts);
    ts.config.patch({ FileSettings: { MaxFileSize: 10_000 } });
    try {
      const files = [textFile('small.txt', 'fits'), textFile('big.txt', 'x'.repeat(50_000))];
      await expectClientError(upload(user, channel.id, files), 413, 'api.file.upload_file.too_large_detailed.app_error');
    } finally {
      ts.config.patch({ FileSettings: { MaxFileSize: 104857600 } });
    }
    expect(await driver.stored(ts)).to.deep.equal(before);
    expect(await readdir(path.join(ts.dataDir, 'tmp', 'uploads'))).to.deep.equal([]);
  });
}

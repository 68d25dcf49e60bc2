import { expect } from 'chai';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { download, pngFile, storedLocally, textFile, upload } from '../helpers/file-fixtures.ts';
import { fileStorageBehaviour } from '../helpers/file-storage-suite.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';

describe('files', () => {
  describe('on the local driver', () => {
    fileStorageBehaviour({ start: () => startTestServer(), stored: storedLocally });
  });

  describe('access and attachment', () => {
    let ts: TestServer;
    let admin: Client4;
    let owner: LoggedIn;
    let member: LoggedIn;
    let outsider: LoggedIn;
    let team: Team;
    let channel: Channel;
    let otherChannel: Channel;

    before(async () => {
      ts = await startTestServer();
      admin = (await createAdmin(ts)).client;
      owner = await createUser(ts, admin);
      member = await createUser(ts, admin);
      outsider = await createUser(ts, admin);
      team = await createTeamWith(admin, [owner.user.id, member.user.id, outsider.user.id]);
      channel = await createChannelWith(admin, team, [owner.user.id, member.user.id], 'P');
      otherChannel = await createChannelWith(admin, team, [owner.user.id, member.user.id]);
    });
    after(async () => {
      await ts.close();
    });

    const infoOf = (client: Client4, fileId: string) => download(client, `${client.getFileRoute(fileId)}/info`);

    it('removes uploads a crash left in the spool an hour ago, on the first upload after start', async () => {
      const spool = path.join(ts.dataDir, 'tmp', 'uploads');
      await mkdir(spool, { recursive: true });
      await writeFile(path.join(spool, 'abandoned'), 'half an upload');
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      await utimes(path.join(spool, 'abandoned'), twoHoursAgo, twoHoursAgo);
      await writeFile(path.join(spool, 'in-progress'), 'another process is still writing this');
      await upload(owner.client, channel.id, [textFile('a.txt', 'a')]);
      expect(await readdir(spool)).to.deep.equal(['in-progress']);
    });

    it('answers 201 with file_infos and client_ids', async () => {
      const form = new FormData();
      form.append('channel_id', channel.id);
      form.append('client_ids', 'c1');
      form.append('files', textFile('a.txt', 'a'));
      const res = await fetch(owner.client.getFilesRoute(), { method: 'POST', body: form, headers: { Authorization: `Bearer ${owner.client.getToken()}` } });
      expect(res.status).to.equal(201);
      const body = await res.json();
      expect(body.client_ids).to.deep.equal(['c1']);
      expect(body.file_infos[0]).to.include({ name: 'a.txt', user_id: owner.user.id, archived: false, has_preview_image: false, width: 0, height: 0 });
    });

    it('takes channel_id from the query as well', async () => {
      const form = new FormData();
      form.append('files', textFile('q.txt', 'q'));
      const res = await fetch(`${owner.client.getFilesRoute()}?channel_id=${channel.id}`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${owner.client.getToken()}` } });
      expect(res.status).to.equal(201);
    });

    it('refuses an upload without a channel, without files, or with client_ids that do not match the files', async () => {
      const noChannel = new FormData();
      noChannel.append('files', textFile('a.txt', 'a'));
      await expectClientError(owner.client.uploadFile(noChannel), 400, 'api.context.invalid_param.app_error');
      const noFiles = new FormData();
      noFiles.append('channel_id', channel.id);
      await expectClientError(owner.client.uploadFile(noFiles), 400, 'api.context.invalid_param.app_error');
      await expectClientError(upload(owner.client, channel.id, [textFile('a.txt', 'a'), textFile('b.txt', 'b')], ['only-one']), 400, 'api.file.upload_file.incorrect_number_of_client_ids.app_error');
    });

    it('refuses an upload to a channel the user is not in with 403', async () => {
      await expectClientError(upload(outsider.client, channel.id, [textFile('a.txt', 'a')]), 403, 'api.context.permissions.app_error');
    });

    it('shows an unattached file to its uploader only', async () => {
      const { file_infos: [info] } = await upload(owner.client, channel.id, [textFile('draft.txt', 'draft')]);
      expect((await infoOf(owner.client, info.id)).status).to.equal(200);
      expect((await download(member.client, member.client.getFileUrl(info.id, 0))).status).to.equal(403);
      expect((await infoOf(member.client, info.id)).status).to.equal(403);
    });

    it('shows an attached file to the channel and to nobody outside it', async () => {
      const { file_infos: [info] } = await upload(owner.client, channel.id, [await pngFile('pic.png', 40, 30)]);
      const post = await owner.client.createPost({ channel_id: channel.id, message: 'look', file_ids: [info.id] } as Post);
      expect((await download(member.client, member.client.getFileUrl(info.id, 0))).status).to.equal(200);
      expect(await (await infoOf(member.client, info.id)).json()).to.include({ id: info.id, post_id: post.id });
      for (const url of [outsider.client.getFileUrl(info.id, 0), outsider.client.getFileThumbnailUrl(info.id, 0), outsider.client.getFilePreviewUrl(info.id, 0)]) {
        expect((await download(outsider.client, url)).status, url).to.equal(403);
      }
      await expectClientError(outsider.client.getFileInfosForPost(post.id), 403, 'api.context.permissions.app_error');
    });

    it('attaches a file only to a post in the channel it was uploaded to', async () => {
      const { file_infos: [info] } = await upload(owner.client, channel.id, [textFile('private.txt', 'secret')]);
      const elsewhere = await owner.client.createPost({ channel_id: otherChannel.id, message: 'leak', file_ids: [info.id] } as Post);
      expect(elsewhere.file_ids ?? []).to.deep.equal([]);
      expect(await owner.client.getFileInfosForPost(elsewhere.id)).to.deep.equal([]);
      expect(await (await infoOf(owner.client, info.id)).json()).to.include({ post_id: '' });
    });

    it('attaches a file only for its uploader, and only once', async () => {
      const { file_infos: [info] } = await upload(owner.client, channel.id, [textFile('mine.txt', 'mine')]);
      const theirs = await member.client.createPost({ channel_id: channel.id, message: 'taking it', file_ids: [info.id] } as Post);
      expect(theirs.file_ids ?? []).to.deep.equal([]);
      const first = await owner.client.createPost({ channel_id: channel.id, message: 'first', file_ids: [info.id] } as Post);
      const second = await owner.client.createPost({ channel_id: channel.id, message: 'second', file_ids: [info.id] } as Post);
      expect([first.file_ids, second.file_ids ?? []]).to.deep.equal([[info.id], []]);
    });

    it("changes a post's files when an edit names them: new ones attached, dropped ones deleted", async () => {
      const { file_infos: [first, second, third] } = await upload(owner.client, channel.id, [textFile('1.txt', '1'), textFile('2.txt', '2'), textFile('3.txt', '3')]);
      const post = await owner.client.createPost({ channel_id: channel.id, message: 'files', file_ids: [first.id, second.id] } as Post);
      const patched = await owner.client.patchPost({ id: post.id, file_ids: [second.id, third.id] } as Post);
      expect(patched.file_ids).to.have.members([second.id, third.id]);
      expect(patched.edit_at).to.be.greaterThan(0);
      expect((await owner.client.getFileInfosForPost(post.id)).map((f) => f.name)).to.have.members(['2.txt', '3.txt']);
      expect((await infoOf(owner.client, first.id)).status).to.equal(404);
      const untouched = await owner.client.patchPost({ id: post.id, message: 'same files' } as Post);
      expect(untouched.file_ids).to.have.members([second.id, third.id]);
    });

    it('serves media inline and everything else as an attachment, never as HTML', async () => {
      const { file_infos: [page, pic] } = await upload(owner.client, channel.id, [new File(['<script>alert(1)</script>'], 'page.html'), await pngFile('pic.png', 10, 10)]);
      const html = await download(owner.client, owner.client.getFileUrl(page.id, 0));
      expect([html.headers.get('content-type'), html.headers.get('content-disposition'), html.headers.get('x-content-type-options')]).to.deep.equal([
        'text/plain',
        `attachment;filename="page.html"; filename*=UTF-8''page.html`,
        'nosniff',
      ]);
      const inline = await download(owner.client, owner.client.getFileUrl(pic.id, 0));
      expect([inline.headers.get('content-type'), inline.headers.get('content-disposition')]).to.deep.equal(['image/png', `inline;filename="pic.png"; filename*=UTF-8''pic.png`]);
      const forced = await download(owner.client, `${owner.client.getFileUrl(pic.id, 0)}?download=1`);
      expect(forced.headers.get('content-disposition')).to.match(/^attachment;/);
    });

    it('refuses a picture over FileSettings.MaxImageResolution with 400', async () => {
      ts.config.patch({ FileSettings: { MaxImageResolution: 100 * 100 } });
      try {
        await expectClientError(upload(owner.client, channel.id, [await pngFile('huge.png', 101, 100)]), 400, 'api.file.upload_file.large_image_detailed.app_error');
      } finally {
        ts.config.patch({ FileSettings: { MaxImageResolution: 33177600 } });
      }
    });

    it('accepts a cut-off picture, with the dimensions its header gives', async () => {
      const whole = Buffer.from(await (await pngFile('cut.png', 200, 100)).arrayBuffer());
      const { file_infos: [info] } = await upload(owner.client, channel.id, [new File([whole.subarray(0, whole.length / 2)], 'cut.png')]);
      expect(info).to.include({ width: 200, height: 100 });
    });

    it('answers 400 for the thumbnail of a file that is not an image', async () => {
      const { file_infos: [info] } = await upload(owner.client, channel.id, [textFile('plain.txt', 'words')]);
      const res = await download(owner.client, owner.client.getFileThumbnailUrl(info.id, 0));
      expect([res.status, (await res.json()).id]).to.deep.equal([400, 'api.file.get_file_thumbnail.no_thumbnail.app_error']);
    });

    it('hides the files of a deleted post', async () => {
      const { file_infos: [info] } = await upload(owner.client, channel.id, [textFile('gone.txt', 'gone')]);
      const post = await owner.client.createPost({ channel_id: channel.id, message: 'soon gone', file_ids: [info.id] } as Post);
      await owner.client.deletePost(post.id);
      expect((await infoOf(owner.client, info.id)).status).to.equal(404);
    });
  });

  describe('with a plugin implementing fileWillBeUploaded', () => {
    const PLUGIN_ID = 'com.example.file-guard';
    const SERVER = `
export default () => ({
  fileWillBeUploaded(ctx, file) {
    if (file.extension === 'exe') return { reject: 'executables are not allowed (' + file.size + ' bytes)' };
    if (file.name.startsWith('rename-')) return { file: { ...file, name: file.name.slice('rename-'.length) } };
    return { file };
  },
});
`;
    let ts: TestServer;
    let user: Client4;
    let channel: Channel;

    before(async () => {
      ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
      const admin = (await createAdmin(ts)).client;
      const member = await createUser(ts, admin);
      user = member.client;
      const team = await createTeamWith(admin, [member.user.id]);
      channel = await createChannelWith(admin, team, [member.user.id]);
      const bundle = pluginBundle({ id: PLUGIN_ID, server: SERVER });
      await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'plugin.tar.gz') as never, false);
      await admin.enablePlugin(PLUGIN_ID);
    });
    after(async () => {
      await ts.close();
    });

    it('fails the upload with 403 and the plugin reason, storing nothing', async () => {
      const error = await expectClientError(upload(user, channel.id, [textFile('ok.txt', 'fine'), textFile('tool.exe', 'MZ')]), 403, 'api.file.upload_file.rejected_by_plugin.app_error');
      expect(error.message).to.contain('executables are not allowed (2 bytes)');
      expect(await storedLocally(ts)).to.deep.equal([]);
    });

    it('stores the file under the name the plugin gives it', async () => {
      const { file_infos: [info] } = await upload(user, channel.id, [textFile('rename-report.md', '# report')]);
      expect(info).to.include({ name: 'report.md', extension: 'md', mime_type: 'text/markdown; charset=utf-8' });
      const res = await download(user, user.getFileUrl(info.id, 0));
      expect([res.headers.get('content-disposition'), await res.text()]).to.deep.equal([`attachment;filename="report.md"; filename*=UTF-8''report.md`, '# report']);
    });
  });
});

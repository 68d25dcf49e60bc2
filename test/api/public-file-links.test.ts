// Public file links through Client4's getFilePublicLink (GET /files/{id}/link) and the link itself
// (GET /files/{id}/public?h=, no session): only with FileSettings.EnablePublicLink, only for posted
// files the caller can read, and only with the right hash.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { textFile, upload } from '../helpers/file-fixtures.ts';

const SITE_URL = 'http://chat.example.test';

describe('public file links', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let outsider: LoggedIn;
  let channel: Channel;

  /** A file attached to a new post in the private channel; answers the file's id. */
  async function postedFile(text: string): Promise<string> {
    return (await filePost(text)).fileId;
  }
  async function filePost(text: string): Promise<{ fileId: string; postId: string }> {
    const [info] = (await upload(owner.client, channel.id, [textFile('notes.txt', text)])).file_infos;
    const post = await owner.client.createPost({ channel_id: channel.id, message: 'see attached', file_ids: [info.id] } as Post);
    return { fileId: info.id, postId: post.id };
  }
  /** Fetches a link as an anonymous browser would: on the test server, with no credentials. */
  const fetchAnonymously = (link: string) => fetch(link.replace(SITE_URL, ts.url));

  before(async () => {
    ts = await startTestServer({ config: { ServiceSettings: { SiteURL: SITE_URL }, FileSettings: { EnablePublicLink: true } } });
    admin = await createAdmin(ts);
    [owner, outsider] = [await createUser(ts, admin.client), await createUser(ts, admin.client)];
    const team = await createTeamWith(admin.client, [owner.user.id, outsider.user.id]);
    channel = await createChannelWith(admin.client, team, [owner.user.id], 'P');
  });
  afterEach(() => {
    ts.config.patch({ FileSettings: { EnablePublicLink: true, PublicLinkSalt: '' } });
  });
  after(async () => {
    await ts.close();
  });

  it('gives a reader a link anyone can download the file with, without a session', async () => {
    const fileId = await postedFile('shared with the world');
    const { link } = await owner.client.getFilePublicLink(fileId);
    expect(link).to.match(new RegExp(`^${SITE_URL}/files/${fileId}/public\\?h=[A-Za-z0-9_-]{43}$`));
    const response = await fetchAnonymously(link);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-disposition')).to.match(/^attachment;filename="notes.txt"/);
    expect(await response.text()).to.equal('shared with the world');
  });

  it('shows the setting to clients (EnablePublicLink in the client config)', async () => {
    expect((await owner.client.getClientConfig()).EnablePublicLink).to.equal('true');
    ts.config.patch({ FileSettings: { EnablePublicLink: false } });
    expect((await owner.client.getClientConfig()).EnablePublicLink).to.equal('false');
  });

  it('refuses a link for a file the caller cannot read (403) or that does not exist (404)', async () => {
    const fileId = await postedFile('private');
    await expectClientError(outsider.client.getFilePublicLink(fileId), 403, 'api.context.permissions.app_error');
    await expectClientError(owner.client.getFilePublicLink('a'.repeat(26)), 404);
  });

  it('refuses a link for a file no post holds yet (400)', async () => {
    const [info] = (await upload(owner.client, channel.id, [textFile('draft.txt', 'not posted')])).file_infos;
    await expectClientError(owner.client.getFilePublicLink(info.id), 400, 'api.file.get_public_link.no_post.app_error');
  });

  it('refuses a wrong or missing hash (400) and serves nothing', async () => {
    const fileId = await postedFile('guarded');
    for (const link of [`${ts.url}/files/${fileId}/public?h=${'A'.repeat(43)}`, `${ts.url}/files/${fileId}/public`]) {
      const response = await fetch(link);
      expect(response.status).to.equal(400);
      expect(await response.json()).to.include({ id: 'api.file.get_file.public_invalid.app_error' });
    }
  });

  it('stops giving and serving links when EnablePublicLink is turned off (403)', async () => {
    const fileId = await postedFile('was public');
    const { link } = await owner.client.getFilePublicLink(fileId);
    ts.config.patch({ FileSettings: { EnablePublicLink: false } });
    await expectClientError(owner.client.getFilePublicLink(fileId), 403, 'api.file.get_public_link.disabled.app_error');
    const response = await fetchAnonymously(link);
    expect(response.status).to.equal(403);
    expect(await response.json()).to.include({ id: 'api.file.get_public_link.disabled.app_error' });
  });

  it('revokes every link given out when PublicLinkSalt changes', async () => {
    const fileId = await postedFile('until the salt changes');
    const { link } = await owner.client.getFilePublicLink(fileId);
    ts.config.patch({ FileSettings: { PublicLinkSalt: 'n'.repeat(32) } });
    expect((await fetchAnonymously(link)).status).to.equal(400);
    const { link: renewed } = await owner.client.getFilePublicLink(fileId);
    expect(renewed).to.not.equal(link);
    expect((await fetchAnonymously(renewed)).status).to.equal(200);
  });

  it('stops serving a file once its post is deleted (404)', async () => {
    const { fileId, postId } = await filePost('deleted soon');
    const { link } = await owner.client.getFilePublicLink(fileId);
    await owner.client.deletePost(postId);
    expect((await fetchAnonymously(link)).status).to.equal(404);
  });
});

import { expect } from 'chai';
import sharp from 'sharp';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { download, pngFile, storedLocally } from '../helpers/file-fixtures.ts';
import type { LiveEvent } from '../../core/src/cluster/event-bus.ts';

describe('profile pictures and team icons API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let events: LiveEvent[];

  const png = async (response: Response) => {
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('image/png');
    return sharp(Buffer.from(await response.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
  };
  const svgFile = () => new File(['<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>'], 'face.svg', { type: 'image/svg+xml' });

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    events = [];
    ts.server.events.subscribe((e) => events.push(e));
  });
  after(async () => {
    await ts.close();
  });

  it('generates a default picture from the user id, the same each time and different for another user', async () => {
    const first = await png(await download(bob.client, bob.client.getDefaultProfilePictureUrl(alice.user.id)));
    expect(first.info).to.include({ width: 128, height: 128 });
    const again = await png(await download(bob.client, bob.client.getDefaultProfilePictureUrl(alice.user.id)));
    expect(again.data.equals(first.data)).to.equal(true);
    const other = await png(await download(bob.client, bob.client.getDefaultProfilePictureUrl(bob.user.id)));
    // The corner pixel is the background colour, derived from the user id.
    expect(other.data.subarray(0, 3).equals(first.data.subarray(0, 3))).to.equal(false);
    // Without an upload, /image is the generated picture.
    const current = await png(await download(bob.client, bob.client.getProfilePictureUrl(alice.user.id, 0)));
    expect(current.data.equals(first.data)).to.equal(true);
  });

  it('stores an uploaded picture as a 128-pixel square, updates last_picture_update and tells clients', async () => {
    const before = Date.now();
    await alice.client.uploadProfileImage(alice.user.id, await pngFile('me.png', 400, 200));
    const profile = await bob.client.getUser(alice.user.id);
    expect(profile.last_picture_update).to.be.at.least(before);
    expect(await storedLocally(ts)).to.include(`users/${alice.user.id}/profile.png`);

    const response = await download(bob.client, bob.client.getProfilePictureUrl(alice.user.id, profile.last_picture_update));
    expect(response.headers.get('cache-control')).to.equal('max-age=86400, private');
    const etag = response.headers.get('etag');
    expect(etag).to.include(String(profile.last_picture_update));
    expect((await png(response)).info).to.include({ width: 128, height: 128 });
    // A browser's revalidation (fetch() would otherwise add Cache-Control: no-cache to a conditional request).
    const revalidate = { Authorization: `Bearer ${bob.client.getToken()}`, 'If-None-Match': etag!, 'Cache-Control': 'max-age=0' };
    const cached = await fetch(bob.client.getProfilePictureUrl(alice.user.id, 0), { headers: revalidate });
    expect(cached.status).to.equal(304);

    await new Promise((resolve) => setImmediate(resolve));
    const updated = events.filter((e) => e.event === 'user_updated' && (e.data.user as UserProfile).id === alice.user.id);
    expect(updated.at(-1)?.data.user).to.include({ last_picture_update: profile.last_picture_update });
  });

  it('goes back to the generated picture when the upload is removed', async () => {
    await alice.client.uploadProfileImage(alice.user.id, await pngFile('me.png', 64, 64));
    await alice.client.setDefaultProfileImage(alice.user.id);
    expect((await bob.client.getUser(alice.user.id)).last_picture_update).to.equal(0);
    expect(await storedLocally(ts)).to.not.include(`users/${alice.user.id}/profile.png`);
    const generated = await png(await download(bob.client, bob.client.getDefaultProfilePictureUrl(alice.user.id)));
    const current = await png(await download(bob.client, bob.client.getProfilePictureUrl(alice.user.id, 0)));
    expect(current.data.equals(generated.data)).to.equal(true);
  });

  it("refuses to change another user's picture, but lets an admin", async () => {
    await expectClientError(bob.client.uploadProfileImage(alice.user.id, await pngFile('x.png', 32, 32)), 403, 'api.context.permissions.app_error');
    await expectClientError(bob.client.setDefaultProfileImage(alice.user.id), 403, 'api.context.permissions.app_error');
    expect((await bob.client.getUser(alice.user.id)).last_picture_update).to.equal(0);
    await admin.client.uploadProfileImage(alice.user.id, await pngFile('x.png', 32, 32));
    expect((await bob.client.getUser(alice.user.id)).last_picture_update).to.be.above(0);
    await admin.client.setDefaultProfileImage(alice.user.id);
  });

  it('refuses an SVG, a non-picture, a missing file and an oversize file with stable ids', async () => {
    await expectClientError(alice.client.uploadProfileImage(alice.user.id, svgFile()), 400, 'api.user.upload_profile_user.decode.app_error');
    await expectClientError(alice.client.uploadProfileImage(alice.user.id, new File(['not a picture'], 'x.png')), 400, 'api.user.upload_profile_user.decode.app_error');
    const empty = await fetch(`${ts.url}/api/v4/users/me/image`, { method: 'POST', body: new FormData(), headers: { Authorization: `Bearer ${alice.client.getToken()}` } });
    expect(empty.status).to.equal(400);
    expect(((await empty.json()) as { id: string }).id).to.equal('api.user.upload_profile_user.no_file.app_error');
    ts.config.patch({ FileSettings: { MaxFileSize: 1000 } });
    try {
      await expectClientError(alice.client.uploadProfileImage(alice.user.id, await pngFile('big.png', 200, 200)), 413, 'api.user.upload_profile_user.too_large.app_error');
    } finally {
      ts.config.patch({ FileSettings: { MaxFileSize: 104857600 } });
    }
    expect((await alice.client.getMe()).last_picture_update).to.equal(0);
  });

  it('sets, serves and removes a team icon for team managers only', async () => {
    const url = () => alice.client.getTeamIconUrl(team.id, 0);
    expect((await download(alice.client, url())).status).to.equal(404);
    await expectClientError(alice.client.setTeamIcon(team.id, await pngFile('icon.png', 300, 300)), 403, 'api.context.permissions.app_error');
    await expectClientError(admin.client.setTeamIcon(team.id, svgFile()), 400, 'api.team.set_team_icon.decode.app_error');

    await admin.client.setTeamIcon(team.id, await pngFile('icon.png', 300, 300));
    const updated = await alice.client.getTeam(team.id);
    expect(updated.last_team_icon_update).to.be.above(0);
    const icon = await download(alice.client, url());
    expect(icon.headers.get('etag')).to.include(String(updated.last_team_icon_update));
    expect((await png(icon)).info).to.include({ width: 128, height: 128 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.some((e) => e.event === 'update_team' && e.broadcast.team_id === team.id)).to.equal(true);

    await expectClientError(alice.client.removeTeamIcon(team.id), 403, 'api.context.permissions.app_error');
    await admin.client.removeTeamIcon(team.id);
    expect((await alice.client.getTeam(team.id)).last_team_icon_update).to.equal(0);
    expect((await download(alice.client, url())).status).to.equal(404);
  });

  it("does not show a closed team's icon to someone outside it", async () => {
    const closed = await admin.client.createTeam({ name: `closed${Date.now()}`, display_name: 'Closed', type: 'I' } as Team);
    await admin.client.setTeamIcon(closed.id, await pngFile('icon.png', 64, 64));
    expect((await download(bob.client, bob.client.getTeamIconUrl(closed.id, 0))).status).to.equal(403);
  });
});

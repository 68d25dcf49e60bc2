// A plugin protecting its own posts (as Mattermost's Calls protects its call posts with
// MessageWillBeUpdated): users' edits are refused, the plugin's own updates go through.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, uniqueName } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const ID = 'com.example.calls';
const SERVER = `
export default (api) => ({
  async onActivate() { await api.bots.ensureBot({ username: 'calls-bot', display_name: 'Calls' }); },
  messageWillBeUpdated(ctx, next, previous) {
    if (previous.props && previous.props.call_id) return { reject: 'Call posts are kept by the calls plugin.' };
  },
  async serveHttp(ctx, request) {
    const ask = JSON.parse(request.body);
    if (request.path === '/start') return { body: JSON.stringify(await api.posts.create({ channel_id: ask.channel_id, message: 'Call started', type: 'custom_calls', props: { call_id: 'c1', state: 'live' } })) };
    if (request.path === '/end') return { body: JSON.stringify(await api.posts.update({ id: ask.post_id, message: 'Call ended', props: { call_id: 'c1', state: 'ended' } })) };
    return { status: 404 };
  },
});`;

describe('a plugin protecting its posts with messageWillBeUpdated', () => {
  let ts: TestServer;
  let admin: Client4;
  let channel: Channel;

  const ask = async (path: string, body: unknown) => (await (await fetch(`${ts.url}/plugins/${ID}${path}`, { method: 'POST', body: JSON.stringify(body) })).json()) as Post;

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    const team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' } as Team);
    channel = await admin.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Chan', type: 'O' } as Channel);
    await admin.uploadPlugin(new File([new Uint8Array(pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['posts', 'bots'] } } }))], 'calls.tar.gz') as never, false);
    await admin.enablePlugin(ID);
  });
  after(async () => {
    await ts.close();
  });

  it('refuses a user\'s edit of the plugin\'s post, even a system admin\'s, and lets the plugin update it', async () => {
    const post = await ask('/start', { channel_id: channel.id });
    await expectClientError(admin.patchPost({ id: post.id, message: 'edited by hand' } as Post), 400, 'plugin.message_will_be_updated.rejected');
    expect((await admin.getPost(post.id)).message).to.equal('Call started');
    const ended = await ask('/end', { post_id: post.id });
    expect(ended).to.include({ message: 'Call ended' });
    expect((await admin.getPost(post.id)).props).to.deep.include({ call_id: 'c1', state: 'ended' });
  });
});

// The example plugin as an admin meets it: built with `parley-plugin build`, uploaded and enabled
// through the REST API, then used by people in a channel.
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { buildPlugin } from '@parley/plugin-api/build';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/hello');
const ID = 'com.example.hello';

describe('example plugin com.example.hello', () => {
  let ts: TestServer;
  let outDir: string;
  let admin: Client4;
  let user: Client4;
  let username: string;
  let team: Team;
  let channel: Channel;

  before(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'parley-hello-'));
    const built = await buildPlugin({ dir: EXAMPLE, outDir });
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    const member = await createUser(ts, admin);
    user = member.client;
    username = member.user.username;
    team = await admin.createTeam({ name: 'hello-team', display_name: 'Hello', type: 'O' } as Team);
    await admin.addToTeam(team.id, member.user.id);
    channel = await admin.getChannelByName(team.id, 'town-square');
    const bundle = await readFile(built.file);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], path.basename(built.file)) as never, false);
    await admin.enablePlugin(ID);
  });
  after(async () => {
    await ts.close();
    await rm(outDir, { recursive: true, force: true });
  });

  const greetings = async () => (await (await fetch(`${ts.url}/plugins/${ID}/greetings`)).json()) as { count: number };

  it('runs once uploaded and enabled', async () => {
    const statuses = await admin.getPluginStatuses();
    expect(statuses.find((s) => s.plugin_id === ID)?.state).to.equal(2);
  });

  it('greets the caller by username, or the name given, and counts greetings', async () => {
    expect(await greetings()).to.deep.equal({ count: 0 });
    const mine = await user.executeCommand('/hello', { channel_id: channel.id, team_id: team.id } as never);
    expect(mine).to.include({ response_type: 'ephemeral', text: `Hello, ${username}!` });
    const named = await user.executeCommand('/hello Ada', { channel_id: channel.id, team_id: team.id } as never);
    expect(named.text).to.equal('Hello, Ada!');
    expect(await greetings()).to.deep.equal({ count: 2 });
  });

  it("rejects a post containing a banned word with a 400 giving the plugin's reason, and stores nothing", async () => {
    const err = await expectClientError(user.createPost({ channel_id: channel.id, message: 'this is Forbidden talk' } as Post), 400, 'plugin.message_will_be_posted.rejected');
    expect(err.message).to.match(/forbidden/i);
    const posts = await user.getPosts(channel.id);
    expect(Object.values(posts.posts).map((p) => p.message)).not.to.include('this is Forbidden talk');
    expect((await user.createPost({ channel_id: channel.id, message: 'a perfectly fine message' } as Post)).message).to.equal('a perfectly fine message');
  });

  it('applies a changed BannedWords setting live', async () => {
    await admin.patchConfig({ PluginSettings: { Plugins: { [ID]: { BannedWords: 'spoiler' } } } } as never);
    await expectClientError(user.createPost({ channel_id: channel.id, message: 'no spoiler please' } as Post), 400, 'plugin.message_will_be_posted.rejected');
    expect((await user.createPost({ channel_id: channel.id, message: 'forbidden is fine now' } as Post)).message).to.equal('forbidden is fine now');
  });
});

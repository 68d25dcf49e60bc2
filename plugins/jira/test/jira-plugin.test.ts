// The plugin as the server runs it: prepackaged, waiting for its webhook secret, then answering
// `/jira help` with the commands the user may run.
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { startServerWithJira } from './helpers/jira-server.ts';

describe('jira plugin: start-up and /jira help', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let user: LoggedIn;
  let team: Team;
  let channel: Channel;
  const run = async (who: LoggedIn, line: string) => (await who.client.executeCommand(line, { channel_id: channel.id, team_id: team.id } as never)).text ?? '';

  before(async () => {
    ({ ts, admin } = await startServerWithJira());
    user = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [user.user.id]);
    channel = await createChannelWith(admin.client, team, [user.user.id]);
  });

  after(() => ts?.close());

  it('fills in the encryption key an admin left empty when it starts', () => {
    const settings = ts.config.get().PluginSettings.Plugins.jira as Record<string, string>;
    expect(settings.EncryptionKey).to.match(/^\S{32}$/);
  });

  it('answers /jira and /jira help with the help text', async () => {
    expect(await run(user, '/jira')).to.contain('###### Jira commands');
    expect(await run(user, '/jira help')).to.contain('###### Jira commands');
  });

  it('names an unknown subcommand before the help text', async () => {
    const text = await run(user, '/jira frobnicate now');
    expect(text).to.contain('Unknown command `frobnicate now`');
    expect(text).to.contain('###### Jira commands');
  });
});

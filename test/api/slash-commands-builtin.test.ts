// The built-in slash commands of the prepackaged plugin parley.slash-commands, run through
// POST /api/v4/commands/execute as Mattermost's front end runs them: each does what Mattermost's
// does with the caller's permissions, and refuses with Mattermost's texts.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { CommandResponse } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { eventually, RawSocket } from '../helpers/ws-client.ts';

const PLUGIN_ID = 'parley.slash-commands';

describe('built-in slash commands (parley.slash-commands)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;

  before(async () => {
    ts = await startTestServer({ prepackaged: true });
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  function run(who: LoggedIn, command: string, where: Channel = channel): Promise<CommandResponse> {
    return who.client.executeCommand(command, { channel_id: where.id, team_id: team.id } as never);
  }

  async function lastPost(client: Client4, channelId: string): Promise<Post> {
    const list = await client.getPosts(channelId);
    return list.posts[list.order[0]];
  }

  async function isMember(channelId: string, userId: string): Promise<boolean> {
    return admin.client.getChannelMember(channelId, userId).then(
      () => true,
      () => false,
    );
  }

  describe('/me, /shrug and /code', () => {
    it('posts /me as an action post of the caller', async () => {
      await run(alice, '/me waves');
      const post = await lastPost(alice.client, channel.id);
      expect(post).to.include({ user_id: alice.user.id, type: 'me', message: '*waves*' });
    });

    it('appends the shrug to the message in the channel', async () => {
      await run(alice, '/shrug no idea');
      expect((await lastPost(alice.client, channel.id)).message).to.equal('no idea ¯\\\\\\_(ツ)\\_/¯');
    });

    it('posts /code text as an indented code block', async () => {
      await run(alice, '/code a = 1\nb = 2');
      expect((await lastPost(alice.client, channel.id)).message).to.equal('    a = 1\n    b = 2');
    });

    it('refuses /code without text, only to the caller', async () => {
      const answer = await run(alice, '/code');
      expect(answer).to.include({ response_type: 'ephemeral', text: 'A message must be provided with the /code command.' });
    });

    it('refuses a command in a channel the caller cannot post in', async () => {
      const elsewhere = await createChannelWith(admin.client, team, []);
      await expectClientError(run(alice, '/me sneaks in', elsewhere), 403);
    });
  });

  describe('/join and /leave', () => {
    it('joins a public channel and sends the client to it', async () => {
      const open = await createChannelWith(admin.client, team, []);
      const answer = await run(alice, `/join ~${open.name}`);
      expect(answer.goto_location).to.match(new RegExp(`/${team.name}/channels/${open.name}$`));
      expect(await isMember(open.id, alice.user.id)).to.equal(true);
    });

    it('refuses to join a private channel the caller is not in', async () => {
      const secret = await createChannelWith(admin.client, team, [], 'P');
      const answer = await run(alice, `/join ${secret.name}`);
      expect(answer).to.include({ response_type: 'ephemeral', text: 'An error occurred while joining the channel.' });
      expect(await isMember(secret.id, alice.user.id)).to.equal(false);
    });

    it('answers an unknown channel with the listing error', async () => {
      expect((await run(alice, '/join ~no-such-channel')).text).to.equal('An error occurred while listing channels.');
    });

    it('leaves the current channel for town-square', async () => {
      const open = await createChannelWith(admin.client, team, [alice.user.id]);
      const answer = await run(alice, '/leave', open);
      expect(answer.goto_location).to.match(new RegExp(`/${team.name}/channels/town-square$`));
      expect(await isMember(open.id, alice.user.id)).to.equal(false);
    });

    it('refuses to leave town-square', async () => {
      const townSquare = await admin.client.getChannelByName(team.id, 'town-square');
      const answer = await run(alice, '/leave', townSquare);
      expect(answer.text).to.equal('Unable to leave the default channel town-square.');
      expect(await isMember(townSquare.id, alice.user.id)).to.equal(true);
    });
  });

  describe('/msg', () => {
    it('posts the message in the direct channel and sends the client there', async () => {
      const answer = await run(alice, `/msg @${bob.user.username} hello in private`);
      const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      expect(answer.goto_location).to.match(new RegExp(`/${team.name}/channels/${direct.name}$`));
      const post = await lastPost(bob.client, direct.id);
      expect(post).to.include({ user_id: alice.user.id, message: 'hello in private' });
    });

    it('refuses an unknown user and the caller themself', async () => {
      expect((await run(alice, '/msg @nobody-here hi')).text).to.equal('Unable to find the user.');
      expect((await run(alice, `/msg @${alice.user.username} hi`)).text).to.equal('Unable to find the user.');
    });
  });

  describe('/invite and /kick', () => {
    it('adds a user to another channel and says so to the caller', async () => {
      const target = await createChannelWith(admin.client, team, [alice.user.id]);
      const answer = await run(alice, `/invite @${bob.user.username} ~${target.name}`);
      expect(answer.text).to.equal(`@${bob.user.username} added to ~${target.name} channel.`);
      expect(await isMember(target.id, bob.user.id)).to.equal(true);
    });

    it("refuses a public channel where the caller cannot manage members, and a private one they are not in", async () => {
      const open = await createChannelWith(admin.client, team, []);
      const secret = await createChannelWith(admin.client, team, [], 'P');
      const answer = await run(alice, `/invite @${bob.user.username} ~${open.name} ~${secret.name}`);
      expect(answer.text!.split('\n')).to.deep.equal([
        `You don't have enough permissions to add ${bob.user.username} in ${open.name}.`,
        `Could not find the channel ${secret.name}. Please use the [channel handle](https://docs.mattermost.com/messaging/managing-channels.html#naming-a-channel) to identify channels.`,
      ]);
      expect(await isMember(open.id, bob.user.id)).to.equal(false);
      expect(await isMember(secret.id, bob.user.id)).to.equal(false);
    });

    it('says who is already in the channel', async () => {
      expect((await run(alice, `/invite @${bob.user.username}`)).text).to.equal(`@${bob.user.username} is already in the channel.`);
    });

    it('removes a member with /kick, and /remove says who is not a member', async () => {
      const target = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
      expect((await run(alice, `/kick @${bob.user.username}`, target)).text ?? '').to.equal('');
      expect(await isMember(target.id, bob.user.id)).to.equal(false);
      expect((await run(alice, `/remove @${bob.user.username}`, target)).text).to.equal(`${bob.user.username} is not a member of this channel.`);
    });

    it('refuses /kick in a direct channel', async () => {
      const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      expect((await run(alice, `/kick @${bob.user.username}`, direct)).text).to.equal("You can't remove someone from a direct message channel.");
    });
  });

  describe('/header, /purpose and /rename', () => {
    it('changes the header, the purpose and the display name of the channel', async () => {
      const target = await createChannelWith(admin.client, team, [alice.user.id]);
      await run(alice, '/header Release day', target);
      await run(alice, '/purpose Ship it', target);
      await run(alice, '/rename Launch Room', target);
      expect(await admin.client.getChannel(target.id)).to.include({ header: 'Release day', purpose: 'Ship it', display_name: 'Launch Room' });
    });

    it('refuses a purpose or a new name for a direct channel, and an empty header', async () => {
      const direct = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      expect((await run(alice, '/purpose secret', direct)).text).to.equal('Unable to set purpose for direct message channels. Use /header to set the header instead.');
      expect((await run(alice, '/rename secret', direct)).text).to.equal('Unable to rename direct message channels.');
      expect((await run(alice, '/header', direct)).text).to.equal('Text must be provided with the /header command.');
    });

    it('refuses a header over 1024 characters', async () => {
      const answer = await run(alice, `/header ${'x'.repeat(1025)}`);
      expect(answer.text).to.equal('The text entered exceeds the character limit. The channel header is limited to 1024 characters.');
    });
  });

  describe('statuses', () => {
    for (const [command, status, text] of [
      ['/away', 'away', 'You are now away'],
      ['/dnd', 'dnd', 'Do Not Disturb is enabled. You will not receive desktop or mobile push notifications until Do Not Disturb is turned off.'],
      ['/offline', 'offline', 'You are now offline'],
      ['/online', 'online', 'You are now online'],
    ]) {
      it(`sets the caller's status with ${command}`, async () => {
        expect((await run(bob, command)).text).to.equal(text);
        expect((await bob.client.getStatus(bob.user.id)).status).to.equal(status);
      });
    }
  });

  describe('/echo', () => {
    it('posts the quoted message as the caller', async () => {
      await run(alice, '/echo "echo, echo"');
      const post = await lastPost(alice.client, channel.id);
      expect(post).to.include({ user_id: alice.user.id, message: 'echo, echo' });
    });

    it('posts a delayed echo later', async () => {
      const answer = await run(alice, '/echo "later on" 1');
      expect(answer.text ?? '').to.equal('');
      await eventually(async () => expect((await lastPost(alice.client, channel.id)).message).to.equal('later on'), 10_000);
    });

    it('refuses a delay of more than 10000 seconds', async () => {
      expect((await run(alice, '/echo "too late" 10001')).text).to.equal('Delays must be under 10000 seconds.');
    });
  });

  describe('/help', () => {
    it('lists the commands of the team and the help link, only to the caller', async () => {
      const socket = await RawSocket.authenticated(ts, bob.client.getToken());
      try {
        const answer = await run(bob, '/help');
        expect(answer.response_type).to.equal('ephemeral');
        expect(answer.text).to.include('`/join ~[channel]` - Join the open channel');
        expect(answer.text).to.include('[View documentation and guides](https://mattermost.com/pl/help/)');
        const event = await socket.waitForEvent('ephemeral_message');
        expect(JSON.parse(event.data.post).message).to.equal(answer.text);
      } finally {
        await socket.close();
      }
    });
  });

  describe('when the plugin is disabled', () => {
    it('does not know the built-in commands, and knows them again once it is enabled', async () => {
      await admin.client.disablePlugin(PLUGIN_ID);
      try {
        await expectClientError(run(alice, '/shrug'), 404, 'api.command.execute_command.not_found.app_error');
      } finally {
        await admin.client.enablePlugin(PLUGIN_ID);
      }
      await eventually(async () => expect((await run(alice, '/online')).text).to.equal('You are now online'), 10_000);
    });
  });
});

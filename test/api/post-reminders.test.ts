// Post reminders ("Remind me"): POST /users/{user_id}/posts/{post_id}/reminder through Client4's
// addPostReminder, the ephemeral acknowledgement on the user's socket, and the system bot's direct
// message once the reminder is due (the sweep run directly rather than waited for).
import { expect } from 'chai';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { RawSocket } from '../helpers/ws-client.ts';

const SITE_URL = 'http://chat.example.test';
/** An hour from now, in Unix seconds. */
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('post reminders', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;

  const post = (who: LoggedIn, where: Channel, message: string) => who.client.createPost({ channel_id: where.id, message } as Post);
  const deliverDue = (atMs = Date.now()) => ts.server.services.postReminders.deliverDue(atMs);
  /** The system bot's direct messages to `who`, newest first. */
  async function remindersTo(who: LoggedIn): Promise<Post[]> {
    const bot = await who.client.getUserByUsername('system-bot').catch(() => null);
    if (!bot) return [];
    const direct = await who.client.createDirectChannel([who.user.id, bot.id]);
    const list = (await who.client.getPosts(direct.id)) as PostList;
    return list.order.map((id) => list.posts[id]!).filter((p) => p.type === 'reminder');
  }

  before(async () => {
    ts = await startTestServer({ config: { ServiceSettings: { SiteURL: SITE_URL } } });
    admin = await createAdmin(ts);
    [alice, bob] = [await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('acknowledges a reminder with an ephemeral post to the user, Mattermost\'s text and props', async () => {
    const target = await post(alice, channel, 'the quarterly numbers');
    const socket = await RawSocket.authenticated(ts, bob.client.getToken());
    try {
      const at = inAnHour();
      expect(await bob.client.addPostReminder(bob.user.id, target.id, at)).to.deep.include({ status: 'OK' });
      const event = await socket.waitForEvent('ephemeral_message');
      expect(event.broadcast).to.include({ user_id: bob.user.id, channel_id: channel.id });
      const shown = JSON.parse(event.data.post as string) as Post;
      expect(shown).to.include({ type: 'system_ephemeral', user_id: bob.user.id, channel_id: channel.id, root_id: target.id });
      expect(shown.props).to.deep.equal({ target_time: at, team_name: team.name, post_id: target.id, username: alice.user.username, type: 'reminder' });
      expect(shown.message).to.match(new RegExp(`^You will be reminded about ${SITE_URL}/${team.name}/pl/${target.id} by @${alice.user.username} at \\d{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2} UTC$`));
    } finally {
      await socket.close();
    }
  });

  it('sends the system bot\'s direct message of type reminder once it is due, and only once', async () => {
    const target = await post(alice, channel, 'remind me about this');
    const at = inAnHour();
    await bob.client.addPostReminder(bob.user.id, target.id, at);
    await deliverDue((at - 60) * 1000);
    expect((await remindersTo(bob)).filter((p) => p.props.post_id === target.id)).to.deep.equal([]);
    expect(await deliverDue(at * 1000)).to.be.at.least(1);
    const [reminder, ...others] = (await remindersTo(bob)).filter((p) => p.props.post_id === target.id);
    expect(others).to.deep.equal([]);
    expect(reminder.props).to.deep.include({ team_name: team.name, post_id: target.id, username: alice.user.username });
    expect(reminder.message).to.equal(`Hi there, here's your reminder about this message from @${alice.user.username}: ${SITE_URL}/${team.name}/pl/${target.id}`);
    const bot = await bob.client.getUserByUsername('system-bot');
    expect(bot).to.include({ is_bot: true, first_name: 'System' });
    expect(reminder.user_id).to.equal(bot.id);
    expect(await deliverDue((at + 3600) * 1000)).to.equal(0);
  });

  it('keeps one reminder per user and post: a new time replaces the old', async () => {
    const target = await post(alice, channel, 'moved reminder');
    const first = inAnHour();
    await bob.client.addPostReminder(bob.user.id, target.id, first);
    await bob.client.addPostReminder(bob.user.id, target.id, first + 7200);
    await deliverDue((first + 60) * 1000);
    expect((await remindersTo(bob)).filter((p) => p.props.post_id === target.id)).to.deep.equal([]);
    await deliverDue((first + 7200) * 1000);
    expect((await remindersTo(bob)).filter((p) => p.props.post_id === target.id)).to.have.length(1);
  });

  it('drops a reminder whose post was deleted, or whose channel the user may no longer read', async () => {
    const kept = await post(alice, channel, 'still here');
    const deleted = await post(alice, channel, 'soon gone');
    const secret = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id], 'P');
    const hidden = await post(alice, secret, 'private matter');
    const at = inAnHour();
    for (const target of [kept, deleted, hidden]) await bob.client.addPostReminder(bob.user.id, target.id, at);
    await alice.client.deletePost(deleted.id);
    await admin.client.removeFromChannel(bob.user.id, secret.id);
    await deliverDue(at * 1000);
    const about = new Set((await remindersTo(bob)).map((p) => p.props.post_id));
    expect([about.has(kept.id), about.has(deleted.id), about.has(hidden.id)]).to.deep.equal([true, false, false]);
  });

  it('refuses a reminder for another user, about a post the user cannot read, and a target_time that is not Unix seconds', async () => {
    const target = await post(alice, channel, 'mine');
    await expectClientError(alice.client.addPostReminder(bob.user.id, target.id, inAnHour()), 403, 'api.context.permissions.app_error');
    const secret = await createChannelWith(admin.client, team, [alice.user.id], 'P');
    const hidden = await post(alice, secret, 'hush');
    await expectClientError(bob.client.addPostReminder(bob.user.id, hidden.id, inAnHour()), 403, 'api.context.permissions.app_error');
    for (const bad of ['tomorrow', -5, 1.5, Date.now() * 1000, null]) {
      await expectClientError(bob.client.addPostReminder(bob.user.id, target.id, bad as number), 400, 'api.context.invalid_param.app_error');
    }
    await expectClientError(bob.client.addPostReminder(bob.user.id, 'd'.repeat(26), inAnHour()), 404);
  });
});

// Following runs through a real server and the real bundle: following and unfollowing a run, who
// follows without asking (participants, a new owner, a playbook's auto-followers), the runs "I take
// part in or follow", and the direct messages followers get from the bot — with the refusals of
// people who may not see the run or the playbook.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually, RawSocket } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

describe('playbooks plugin: run followers and playbook auto-followers', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let teammate: LoggedIn;
  let bystander: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  let botId: string;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const newPlaybook = async (fields: Record<string, unknown> = {}) => {
    const playbook = await api(owner, 'POST', '/playbooks', playbookBody(team.id, fields));
    expect(playbook.status, JSON.stringify(playbook.body)).to.equal(201);
    return playbook.body.id as string;
  };
  const start = async (playbookId?: string, name = 'Checkout errors') => {
    const run = await api(owner, 'POST', '/runs', { name, owner_user_id: owner.user.id, team_id: team.id, playbook_id: playbookId ?? (await newPlaybook()) });
    expect(run.status, JSON.stringify(run.body)).to.equal(201);
    return run.body as { id: string; channel_id: string; playbook_id: string };
  };
  const followers = async (runId: string) => (await api(owner, 'GET', `/runs/${runId}/followers`)).body as string[];
  /** The bot's direct messages to the user, oldest first. */
  const directFromBot = async (who: LoggedIn): Promise<Post[]> => {
    const channel = await who.client.createDirectChannel([who.user.id, botId]);
    return Object.values((await who.client.getPosts(channel.id)).posts).sort((a, b) => a.create_at - b.create_at);
  };

  before(async function () {
    this.timeout(60_000);
    ({ ts, admin } = await startServerWithPlaybooks());
    owner = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    bystander = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id, bystander.user.id]);
    await createTeamWith(admin.client, [outsider.user.id]);
    botId = (await admin.client.getUserByUsername('playbooks')).id;
  });

  after(() => ts?.close());

  describe('following a run', () => {
    it('lets whoever may see a run follow and unfollow it, with an empty 200, and tells their clients', async () => {
      const run = await start();
      expect(await followers(run.id)).to.deep.equal([owner.user.id]);
      const socket = await RawSocket.authenticated(ts, bystander.client.getToken());
      try {
        const updated = socket.waitForEvent('custom_playbooks_playbook_run_updated');
        const followed = await api(bystander, 'PUT', `/runs/${run.id}/followers`);
        expect([followed.status, followed.body]).to.deep.equal([200, null]);
        expect(JSON.parse((await updated).data.payload as string)).to.include({ id: run.id });
      } finally {
        await socket.close();
      }
      expect(await followers(run.id)).to.have.members([owner.user.id, bystander.user.id]);
      expect((await api(bystander, 'GET', `/runs/${run.id}/followers`)).body).to.have.members([owner.user.id, bystander.user.id]);
      expect((await api(owner, 'GET', `/runs/${run.id}/metadata`)).body.followers).to.have.members([owner.user.id, bystander.user.id]);

      const unfollowed = await api(bystander, 'DELETE', `/runs/${run.id}/followers`);
      expect([unfollowed.status, unfollowed.body]).to.deep.equal([200, null]);
      expect(await followers(run.id)).to.deep.equal([owner.user.id]);
    });

    it('answers 403 to people of other teams and to unknown runs, and follows nothing for them', async () => {
      const run = await start();
      expect((await api(outsider, 'PUT', `/runs/${run.id}/followers`)).status).to.equal(403);
      expect((await api(outsider, 'GET', `/runs/${run.id}/followers`)).status).to.equal(403);
      expect((await api(outsider, 'DELETE', `/runs/${run.id}/followers`)).status).to.equal(403);
      expect((await api(owner, 'GET', '/runs/aaaaaaaaaaaaaaaaaaaaaaaaaa/followers')).status).to.equal(403);
      expect((await api(null, 'PUT', `/runs/${run.id}/followers`)).status).to.equal(401);
      expect(await followers(run.id)).to.deep.equal([owner.user.id]);
    });

    it('makes added participants and a new owner followers, and keeps a participant who leaves as one', async () => {
      const run = await start();
      expect((await api(owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] })).status).to.equal(200);
      expect(await followers(run.id)).to.have.members([owner.user.id, teammate.user.id]);
      expect((await api(teammate, 'DELETE', `/runs/${run.id}/participants`, { user_ids: [teammate.user.id] })).status).to.equal(200);
      expect(await followers(run.id)).to.have.members([owner.user.id, teammate.user.id]);
      expect((await api(owner, 'POST', `/runs/${run.id}/owner`, { owner_id: bystander.user.id })).status).to.equal(200);
      expect(await followers(run.id)).to.have.members([owner.user.id, teammate.user.id, bystander.user.id]);
    });

    it('lists the runs the caller takes part in or follows with participant_or_follower_id=me', async () => {
      const playbookId = await newPlaybook();
      const followed = await start(playbookId, 'Followed run');
      const other = await start(playbookId, 'Other run');
      await api(bystander, 'PUT', `/runs/${followed.id}/followers`);
      const mine = await api(bystander, 'GET', `/runs?team_id=${team.id}&participant_or_follower_id=me&per_page=100`);
      expect(mine.status).to.equal(200);
      const ids = mine.body.items.map((run: { id: string }) => run.id);
      expect(ids).to.include(followed.id).and.not.include(other.id);
      expect((await api(owner, 'GET', `/runs?team_id=${team.id}&participant_or_follower_id=me&per_page=100`)).body.items.map((run: { id: string }) => run.id)).to.include.members([followed.id, other.id]);
    });
  });

  describe('what followers are told', () => {
    it('sends followers, not the author, the status updates, the finish and the published retrospective by direct message from the bot', async () => {
      const run = await start(await newPlaybook({ retrospective_enabled: true }));
      await api(bystander, 'PUT', `/runs/${run.id}/followers`);
      expect((await api(owner, 'POST', `/runs/${run.id}/status`, { message: 'Failover done, watching errors.', reminder: 600 })).status).to.equal(200);
      await api(owner, 'PUT', `/runs/${run.id}/finish`);
      await api(owner, 'POST', `/runs/${run.id}/retrospective/publish`, { retrospective: 'It went fine.', metrics: [] });

      const received = (await directFromBot(bystander)).filter((post) => post.props?.playbookRunId === run.id || post.message.includes(run.id));
      expect(received.map((post) => post.user_id)).to.deep.equal([botId, botId, botId]);
      expect(received[0]).to.deep.include({ message: 'Failover done, watching errors.', type: 'custom_run_update' });
      expect(received[0]!.props).to.include({ authorUsername: owner.user.username, runName: 'Checkout errors' });
      expect(received[1]!.message).to.equal(`@${owner.user.username} marked [Checkout errors](/playbooks/runs/${run.id}) as finished.`);
      expect(received[2]!.message).to.contain(`Retrospective for [Checkout errors](/playbooks/runs/${run.id}) has been published by @${owner.user.username}`);
      expect((await directFromBot(owner)).filter((post) => post.message.includes('Failover done'))).to.deep.equal([]);
    });
  });

  describe('playbook auto-followers', () => {
    it('adds and removes auto-followers, who follow each new run and are told it started', async () => {
      const playbookId = await newPlaybook();
      const added = await api(teammate, 'PUT', `/playbooks/${playbookId}/autofollows/${teammate.user.id}`);
      expect([added.status, added.body]).to.deep.equal([200, null]);
      expect((await api(owner, 'GET', `/playbooks/${playbookId}/autofollows`)).body).to.deep.equal([teammate.user.id]);

      const run = await start(playbookId, 'Auto-followed run');
      expect(await followers(run.id)).to.have.members([owner.user.id, teammate.user.id]);
      await eventually(async () => expect((await directFromBot(teammate)).map((post) => post.message)).to.include(
        `@${owner.user.username} started the run [Auto-followed run](/playbooks/runs/${run.id}) from the playbook **Incident response**.`,
      ));

      expect((await api(teammate, 'DELETE', `/playbooks/${playbookId}/autofollows/${teammate.user.id}`)).status).to.equal(200);
      expect((await api(owner, 'GET', `/playbooks/${playbookId}/autofollows`)).body).to.deep.equal([]);
      const later = await start(playbookId, 'Later run');
      expect(await followers(later.id)).to.deep.equal([owner.user.id]);
    });

    it('lets only system admins set others, needs the follower to see the playbook, and answers 403 to an unknown playbook', async () => {
      const playbookId = await newPlaybook();
      expect((await api(bystander, 'PUT', `/playbooks/${playbookId}/autofollows/${teammate.user.id}`)).status).to.equal(403);
      expect((await api(bystander, 'DELETE', `/playbooks/${playbookId}/autofollows/${owner.user.id}`)).status).to.equal(403);
      expect((await api(admin, 'PUT', `/playbooks/${playbookId}/autofollows/${teammate.user.id}`)).status).to.equal(200);
      expect((await api(admin, 'PUT', `/playbooks/${playbookId}/autofollows/${outsider.user.id}`)).status).to.equal(403);
      expect((await api(outsider, 'PUT', `/playbooks/${playbookId}/autofollows/${outsider.user.id}`)).status).to.equal(403);
      expect((await api(outsider, 'GET', `/playbooks/${playbookId}/autofollows`)).status).to.equal(403);
      expect((await api(owner, 'GET', '/playbooks/aaaaaaaaaaaaaaaaaaaaaaaaaa/autofollows')).status).to.equal(403);
      expect((await api(owner, 'GET', `/playbooks/${playbookId}/autofollows`)).body).to.deep.equal([teammate.user.id]);
    });
  });
});

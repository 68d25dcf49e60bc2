// Following runs through a real server and the real bundle: following and unfollowing a run, who
// follows without asking (participants, a new owner, a playbook's auto-followers), the runs "I take
// part in or follow", and the direct messages followers get from the bot — with the refusals of
// people who may not see the run or the playbook.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import type { LoggedIn } from '../../../test/helpers/fixtures.ts';
import { eventually, RawSocket } from '../../../test/helpers/ws-client.ts';
import { newPlaybook, playbooksApi, runCast, startRun } from './helpers/playbooks-server.ts';

describe('playbooks plugin: run followers and playbook auto-followers', () => {
  const cast = runCast();
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(cast.ts, who, method, path, body);
  const start = async (playbookId?: string, name = 'Checkout errors') => startRun(cast, playbookId ?? (await newPlaybook(cast)), { name });
  const followers = async (runId: string) => (await api(cast.owner, 'GET', `/runs/${runId}/followers`)).body as string[];
  /** The bot's direct messages to the user, oldest first. */
  const directFromBot = async (who: LoggedIn): Promise<Post[]> => {
    const channel = await who.client.createDirectChannel([who.user.id, cast.botId]);
    return Object.values((await who.client.getPosts(channel.id)).posts).sort((a, b) => a.create_at - b.create_at);
  };

  describe('following a run', () => {
    it('lets whoever may see a run follow and unfollow it, with an empty 200, and tells their clients', async () => {
      const run = await start();
      expect(await followers(run.id)).to.deep.equal([cast.owner.user.id]);
      const socket = await RawSocket.authenticated(cast.ts, cast.bystander.client.getToken());
      try {
        const updated = socket.waitForEvent('custom_playbooks_playbook_run_updated');
        const followed = await api(cast.bystander, 'PUT', `/runs/${run.id}/followers`);
        expect([followed.status, followed.body]).to.deep.equal([200, null]);
        expect(JSON.parse((await updated).data.payload as string)).to.include({ id: run.id });
      } finally {
        await socket.close();
      }
      expect(await followers(run.id)).to.have.members([cast.owner.user.id, cast.bystander.user.id]);
      expect((await api(cast.bystander, 'GET', `/runs/${run.id}/followers`)).body).to.have.members([cast.owner.user.id, cast.bystander.user.id]);
      expect((await api(cast.owner, 'GET', `/runs/${run.id}/metadata`)).body.followers).to.have.members([cast.owner.user.id, cast.bystander.user.id]);

      const unfollowed = await api(cast.bystander, 'DELETE', `/runs/${run.id}/followers`);
      expect([unfollowed.status, unfollowed.body]).to.deep.equal([200, null]);
      expect(await followers(run.id)).to.deep.equal([cast.owner.user.id]);
    });

    it('answers 403 to people of other teams and to unknown runs, and follows nothing for them', async () => {
      const run = await start();
      expect((await api(cast.outsider, 'PUT', `/runs/${run.id}/followers`)).status).to.equal(403);
      expect((await api(cast.outsider, 'GET', `/runs/${run.id}/followers`)).status).to.equal(403);
      expect((await api(cast.outsider, 'DELETE', `/runs/${run.id}/followers`)).status).to.equal(403);
      expect((await api(cast.owner, 'GET', '/runs/aaaaaaaaaaaaaaaaaaaaaaaaaa/followers')).status).to.equal(403);
      expect((await api(null, 'PUT', `/runs/${run.id}/followers`)).status).to.equal(401);
      expect(await followers(run.id)).to.deep.equal([cast.owner.user.id]);
    });

    it('makes added participants and a new owner followers, and keeps a participant who leaves as one', async () => {
      const run = await start();
      expect((await api(cast.owner, 'POST', `/runs/${run.id}/participants`, { user_ids: [cast.teammate.user.id] })).status).to.equal(200);
      expect(await followers(run.id)).to.have.members([cast.owner.user.id, cast.teammate.user.id]);
      expect((await api(cast.teammate, 'DELETE', `/runs/${run.id}/participants`, { user_ids: [cast.teammate.user.id] })).status).to.equal(200);
      expect(await followers(run.id)).to.have.members([cast.owner.user.id, cast.teammate.user.id]);
      expect((await api(cast.owner, 'POST', `/runs/${run.id}/owner`, { owner_id: cast.bystander.user.id })).status).to.equal(200);
      expect(await followers(run.id)).to.have.members([cast.owner.user.id, cast.teammate.user.id, cast.bystander.user.id]);
    });

    it('lists the runs the caller takes part in or follows with participant_or_follower_id=me', async () => {
      const playbookId = await newPlaybook(cast);
      const followed = await start(playbookId, 'Followed run');
      const other = await start(playbookId, 'Other run');
      await api(cast.bystander, 'PUT', `/runs/${followed.id}/followers`);
      const mine = await api(cast.bystander, 'GET', `/runs?team_id=${cast.team.id}&participant_or_follower_id=me&per_page=100`);
      expect(mine.status).to.equal(200);
      const ids = mine.body.items.map((run: { id: string }) => run.id);
      expect(ids).to.include(followed.id).and.not.include(other.id);
      expect((await api(cast.owner, 'GET', `/runs?team_id=${cast.team.id}&participant_or_follower_id=me&per_page=100`)).body.items.map((run: { id: string }) => run.id)).to.include.members([followed.id, other.id]);
    });
  });

  describe('what followers are told', () => {
    it('sends followers, not the author, the status updates, the finish and the published retrospective by direct message from the bot', async () => {
      const run = await start(await newPlaybook(cast, { retrospective_enabled: true }));
      await api(cast.bystander, 'PUT', `/runs/${run.id}/followers`);
      expect((await api(cast.owner, 'POST', `/runs/${run.id}/status`, { message: 'Failover done, watching errors.', reminder: 600 })).status).to.equal(200);
      await api(cast.owner, 'PUT', `/runs/${run.id}/finish`);
      await api(cast.owner, 'POST', `/runs/${run.id}/retrospective/publish`, { retrospective: 'It went fine.', metrics: [] });

      const received = (await directFromBot(cast.bystander)).filter((post) => post.props?.playbookRunId === run.id || post.message.includes(run.id));
      expect(received.map((post) => post.user_id)).to.deep.equal([cast.botId, cast.botId, cast.botId]);
      expect(received[0]).to.deep.include({ message: 'Failover done, watching errors.', type: 'custom_run_update' });
      expect(received[0]!.props).to.include({ authorUsername: cast.owner.user.username, runName: 'Checkout errors' });
      expect(received[1]!.message).to.equal(`@${cast.owner.user.username} marked [Checkout errors](/playbooks/runs/${run.id}) as finished.`);
      expect(received[2]!.message).to.contain(`Retrospective for [Checkout errors](/playbooks/runs/${run.id}) has been published by @${cast.owner.user.username}`);
      expect((await directFromBot(cast.owner)).filter((post) => post.message.includes('Failover done'))).to.deep.equal([]);
    });
  });

  describe('playbook auto-followers', () => {
    it('adds and removes auto-followers, who follow each new run and are told it started', async () => {
      const playbookId = await newPlaybook(cast);
      const added = await api(cast.teammate, 'PUT', `/playbooks/${playbookId}/autofollows/${cast.teammate.user.id}`);
      expect([added.status, added.body]).to.deep.equal([200, null]);
      expect((await api(cast.owner, 'GET', `/playbooks/${playbookId}/autofollows`)).body).to.deep.equal([cast.teammate.user.id]);

      const run = await start(playbookId, 'Auto-followed run');
      expect(await followers(run.id)).to.have.members([cast.owner.user.id, cast.teammate.user.id]);
      await eventually(async () => expect((await directFromBot(cast.teammate)).map((post) => post.message)).to.include(
        `@${cast.owner.user.username} started the run [Auto-followed run](/playbooks/runs/${run.id}) from the playbook **Incident response**.`,
      ));

      expect((await api(cast.teammate, 'DELETE', `/playbooks/${playbookId}/autofollows/${cast.teammate.user.id}`)).status).to.equal(200);
      expect((await api(cast.owner, 'GET', `/playbooks/${playbookId}/autofollows`)).body).to.deep.equal([]);
      const later = await start(playbookId, 'Later run');
      expect(await followers(later.id)).to.deep.equal([cast.owner.user.id]);
    });

    it('lets only system admins set others, needs the follower to see the playbook, and answers 403 to an unknown playbook', async () => {
      const playbookId = await newPlaybook(cast);
      expect((await api(cast.bystander, 'PUT', `/playbooks/${playbookId}/autofollows/${cast.teammate.user.id}`)).status).to.equal(403);
      expect((await api(cast.bystander, 'DELETE', `/playbooks/${playbookId}/autofollows/${cast.owner.user.id}`)).status).to.equal(403);
      expect((await api(cast.admin, 'PUT', `/playbooks/${playbookId}/autofollows/${cast.teammate.user.id}`)).status).to.equal(200);
      expect((await api(cast.admin, 'PUT', `/playbooks/${playbookId}/autofollows/${cast.outsider.user.id}`)).status).to.equal(403);
      expect((await api(cast.outsider, 'PUT', `/playbooks/${playbookId}/autofollows/${cast.outsider.user.id}`)).status).to.equal(403);
      expect((await api(cast.outsider, 'GET', `/playbooks/${playbookId}/autofollows`)).status).to.equal(403);
      expect((await api(cast.owner, 'GET', '/playbooks/aaaaaaaaaaaaaaaaaaaaaaaaaa/autofollows')).status).to.equal(403);
      expect((await api(cast.owner, 'GET', `/playbooks/${playbookId}/autofollows`)).body).to.deep.equal([cast.teammate.user.id]);
    });
  });
});

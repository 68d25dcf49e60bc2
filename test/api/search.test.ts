import { expect } from 'chai';
import pg from 'pg';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostSearchResults } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { FileSearchResults } from '@mattermost/types/files';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { textFile, upload } from '../helpers/file-fixtures.ts';

describe('search API', () => {
  let ts: TestServer;
  let db: pg.Client;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let teamA: Team;
  let teamB: Team;
  let dev: Channel;
  let ops: Channel;
  /** Posts by name, as the fixtures below create them. */
  const posts: Record<string, Post> = {};

  const post = async (name: string, who: LoggedIn, channel: Channel, message: string, extra: Partial<Post> = {}) => {
    posts[name] = await who.client.createPost({ channel_id: channel.id, message, ...extra } as Post);
    return posts[name];
  };
  /** Sets a post's create_at, as if it had been written then. */
  const backdate = (name: string, iso: string) => db.query('update posts set create_at = $1 where id = $2', [Date.parse(iso), posts[name].id]);
  const names = (results: PostSearchResults) => results.order.map((id) => Object.keys(posts).find((name) => posts[name].id === id) ?? id);
  const search = async (terms: string, extra: Record<string, unknown> = {}, who = alice, teamId: string = teamA.id) =>
    (await who.client.searchPostsWithParams(teamId, { terms, is_or_search: false, page: 0, per_page: 60, include_deleted_channels: false, ...extra })) as PostSearchResults;
  const found = async (terms: string, extra: Record<string, unknown> = {}) => names(await search(terms, extra));

  before(async () => {
    ts = await startTestServer();
    db = new pg.Client({ connectionString: ts.databaseUrl });
    await db.connect();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    teamA = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    teamB = await createTeamWith(admin.client, [alice.user.id, bob.user.id]);
    dev = await createChannelWith(admin.client, teamA, [alice.user.id, bob.user.id, carol.user.id]);
    ops = await createChannelWith(admin.client, teamA, [alice.user.id, bob.user.id]);
    const secret = await createChannelWith(admin.client, teamA, [bob.user.id, carol.user.id], 'P');
    const lobby = await createChannelWith(admin.client, teamA, [bob.user.id]);
    const beta = await createChannelWith(admin.client, teamB, [alice.user.id, bob.user.id]);
    const aliceBob = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const group = await alice.client.createGroupChannel([alice.user.id, bob.user.id, carol.user.id]);
    const bobCarol = await bob.client.createDirectChannel([bob.user.id, carol.user.id]);

    await post('tonight', bob, dev, 'deploy the server tonight');
    await post('window', carol, dev, 'server maintenance window');
    await post('release', bob, ops, 'deploying the new release to staging');
    await post('failed', alice, dev, 'the deployment failed #incident');
    await post('review', bob, dev, 'incident review tomorrow');
    await post('secret', bob, secret, 'deploy secret server');
    await post('lobby', bob, lobby, 'deploy lobby server');
    await post('dm', bob, aliceBob, 'deploy plan in private');
    await post('gm', carol, group, 'deploy group notes');
    await post('hidden', bob, bobCarol, 'deploy hidden chat');
    await post('beta', bob, beta, 'deploy beta server');
    await post('dryrun', bob, dev, 'server dry run staging');
    await post('d1', bob, dev, 'milestone alpha');
    await post('d2', bob, dev, 'milestone beta');
    await post('d3', bob, dev, 'milestone gamma');
    await backdate('d1', '2024-03-14T23:30:00Z');
    await backdate('d2', '2024-03-15T10:00:00Z');
    await backdate('d3', '2024-03-16T01:00:00Z');
  });
  after(async () => {
    await db.end();
    await ts.close();
  });

  describe('results', () => {
    it("answers in Mattermost's PostSearchResults shape with the matched words", async () => {
      const results = await search('deplo* "the server"');
      expect(results).to.have.keys('order', 'posts', 'matches', 'next_post_id', 'prev_post_id', 'first_inaccessible_post_time');
      expect(results.order).to.deep.equal([posts.tonight.id]);
      expect(results.posts[posts.tonight.id]).to.include({ message: 'deploy the server tonight', user_id: bob.user.id, channel_id: dev.id });
      expect(results.matches).to.deep.equal({ [posts.tonight.id]: ['deploy', 'the server'] });
    });

    it('lists results newest first', async () => {
      expect(await found('milestone')).to.deep.equal(['d3', 'd2', 'd1']);
    });
  });

  describe('words and operators', () => {
    it('finds posts holding every word, exact words only', async () => {
      expect(await found('deploy server')).to.deep.equal(['tonight']);
      expect(await found('deploy')).to.have.members(['tonight', 'dm', 'gm']);
    });

    it('finds posts holding any word with is_or_search', async () => {
      expect(await found('tonight maintenance', { is_or_search: true })).to.deep.equal(['window', 'tonight']);
    });

    it('matches a quoted phrase only with its words in that order', async () => {
      expect(await found('"the server"')).to.deep.equal(['tonight']);
      expect(await found('"server the"')).to.deep.equal([]);
    });

    it('matches words beginning with a trailing-wildcard prefix', async () => {
      expect(await found('deplo*')).to.have.members(['tonight', 'release', 'failed', 'dm', 'gm']);
    });

    it('leaves out posts with an excluded word or phrase', async () => {
      expect(await found('deplo* -staging')).to.have.members(['tonight', 'failed', 'dm', 'gm']);
      expect(await found('deplo* -"the new release"')).to.have.members(['tonight', 'failed', 'dm', 'gm']);
    });

    it('matches a hashtag only where it is a hashtag, while the bare word finds both', async () => {
      expect(await found('#incident')).to.deep.equal(['failed']);
      expect(await found('#INCIDENT')).to.deep.equal(['failed']);
      expect(await found('incident')).to.deep.equal(['review', 'failed']);
    });

    it('finds posts by author with from:, several authors OR-ed, and leaves authors out with -from:', async () => {
      expect(await found(`deplo* from:${bob.user.username}`)).to.have.members(['tonight', 'release', 'dm']);
      expect(await found(`deplo* from:${bob.user.username} from:@${carol.user.username}`)).to.have.members(['tonight', 'release', 'dm', 'gm']);
      expect(await found(`deplo* -from:${bob.user.username}`)).to.have.members(['failed', 'gm']);
      expect(await found('deplo* from:nobody-by-that-name')).to.deep.equal([]);
    });

    it('finds posts by channel with in:, channels OR-ed, DMs by @user and GMs by @users, and -in:', async () => {
      expect(await found(`deplo* in:${ops.name}`)).to.deep.equal(['release']);
      expect(await found(`deplo* in:~${ops.name}`)).to.deep.equal(['release']);
      expect(await found(`deplo* in:${ops.name} channel:${dev.name}`)).to.have.members(['tonight', 'release', 'failed']);
      expect(await found(`deplo* -in:${dev.name}`)).to.have.members(['release', 'dm', 'gm']);
      expect(await found(`deplo* in:@${bob.user.username}`)).to.deep.equal(['dm']);
      expect(await found(`deplo* in:@${carol.user.username},${bob.user.username}`)).to.deep.equal(['gm']);
    });

    it('searches with filters alone, without words', async () => {
      expect(await found(`from:${carol.user.username}`)).to.have.members(['window', 'gm']);
    });

    it('bounds dates with on:, after: and before:, each day read in the time_zone_offset', async () => {
      expect(await found('milestone on:2024-03-15')).to.deep.equal(['d2']);
      expect(await found('milestone on:2024-03-15', { time_zone_offset: 3600 })).to.deep.equal(['d2', 'd1']);
      expect(await found('milestone on:2024-03-15', { time_zone_offset: -7200 })).to.deep.equal(['d3', 'd2']);
      expect(await found('milestone after:2024-03-14')).to.deep.equal(['d3', 'd2']);
      expect(await found('milestone before:2024-03-16')).to.deep.equal(['d2', 'd1']);
      expect(await found('milestone after:2024-03-14 before:2024-03-16')).to.deep.equal(['d2']);
      expect(await found('milestone -on:2024-03-15')).to.deep.equal(['d3', 'd1']);
    });

    it('combines words, exclusions and every filter', async () => {
      expect(await found(`server from:${bob.user.username} in:${dev.name}`)).to.deep.equal(['dryrun', 'tonight']);
      expect(await found(`server -staging from:${bob.user.username} in:${dev.name}`)).to.deep.equal(['tonight']);
      expect(await found(`milestone from:${bob.user.username} in:${dev.name} after:2024-03-14 -"milestone gamma"`)).to.deep.equal(['d2']);
      expect(await found(`tonight dry from:${bob.user.username} -in:${ops.name}`, { is_or_search: true })).to.deep.equal(['dryrun', 'tonight']);
    });
  });

  describe('access', () => {
    it("never returns posts of channels the searcher is not in: private, public or other people's DMs", async () => {
      const everywhere = names((await alice.client.searchPostsWithParams('', { terms: 'deploy', is_or_search: false })) as PostSearchResults);
      expect(everywhere).to.have.members(['tonight', 'dm', 'gm', 'beta']);
      expect(await found('secret')).to.deep.equal([]);
      expect(await found('lobby')).to.deep.equal([]);
      expect(await found('hidden')).to.deep.equal([]);
    });

    it('keeps a team search to that team, with DMs and GMs', async () => {
      expect(await found('deploy server')).to.deep.equal(['tonight']);
      expect(names(await search('deploy server', {}, alice, teamB.id))).to.deep.equal(['beta']);
      expect(names(await search('deploy', {}, alice, teamB.id))).to.have.members(['beta', 'dm', 'gm']);
    });

    it('refuses a team search by someone outside the team with 403', async () => {
      await expectClientError(carol.client.searchPostsWithParams(teamB.id, { terms: 'deploy' }), 403);
    });

    it('searches archived channels only with include_deleted_channels', async () => {
      const archive = await createChannelWith(admin.client, teamA, [alice.user.id]);
      await post('archived', alice, archive, 'platypus sighting');
      await admin.client.deleteChannel(archive.id);
      expect(await found('platypus')).to.deep.equal([]);
      expect(await found('platypus', { include_deleted_channels: true })).to.deep.equal(['archived']);
    });

    it('never returns system messages', async () => {
      const system = await post('system', bob, dev, 'quokka joined the channel');
      expect(await found('quokka')).to.deep.equal(['system']);
      await db.query(`update posts set type = 'system_join_channel' where id = $1`, [system.id]);
      expect(await found('quokka')).to.deep.equal([]);
    });
  });

  describe('changes', () => {
    it('reflects an edit and a delete in the next search', async () => {
      const ephemeral = await post('ephemeral', alice, dev, 'ephemeral kiwi');
      expect(await found('kiwi')).to.deep.equal(['ephemeral']);
      await alice.client.patchPost({ id: ephemeral.id, message: 'ephemeral mango' } as Post);
      expect(await found('kiwi')).to.deep.equal([]);
      expect(await found('mango')).to.deep.equal(['ephemeral']);
      await alice.client.deletePost(ephemeral.id);
      expect(await found('mango')).to.deep.equal([]);
      expect(await found('ephemeral')).to.deep.equal([]);
    });
  });

  describe('paging', () => {
    it('pages through results newest first without overlap', async () => {
      for (let i = 1; i <= 5; i++) await post(`page${i}`, alice, ops, `pagetest number ${i}`);
      const page = async (n: number) => found('pagetest', { page: n, per_page: 2 });
      expect(await page(0)).to.deep.equal(['page5', 'page4']);
      expect(await page(1)).to.deep.equal(['page3', 'page2']);
      expect(await page(2)).to.deep.equal(['page1']);
      expect(await page(3)).to.deep.equal([]);
    });

    it('pages in date order across recent and old posts alike', async () => {
      const ages = [0, 0, 3, 20, 20, 200, 400];
      for (const [i, days] of ages.entries()) {
        await post(`aged${i}`, alice, ops, `aardvark sighting ${i}`);
        await db.query('update posts set create_at = create_at - $1 where id = $2', [days * 86_400_000, posts[`aged${i}`].id]);
      }
      const pages: string[][] = [];
      for (let n = 0; n < 4; n++) pages.push(await found('aardvark', { page: n, per_page: 2 }));
      expect(pages).to.deep.equal([['aged1', 'aged0'], ['aged2', 'aged4'], ['aged3', 'aged5'], ['aged6']]);
    });

    it('refuses a malformed body, page or per_page with 400', async () => {
      await expectClientError(alice.client.searchPostsWithParams(teamA.id, { terms: '' }), 400, 'api.context.invalid_param.app_error');
      await expectClientError(alice.client.searchPostsWithParams(teamA.id, { terms: 42 }), 400, 'api.context.invalid_param.app_error');
      await expectClientError(alice.client.searchPostsWithParams(teamA.id, { terms: 'x', per_page: 0 }), 400, 'api.context.invalid_param.app_error');
      await expectClientError(alice.client.searchPostsWithParams(teamA.id, { terms: 'x', page: -1 }), 400, 'api.context.invalid_param.app_error');
      await expectClientError(alice.client.searchPostsWithParams(teamA.id, { terms: 'x', time_zone_offset: 'UTC' }), 400, 'api.context.invalid_param.app_error');
      await expectClientError(alice.client.searchPostsWithParams(teamA.id, { terms: 'x', is_or_search: 'yes' }), 400, 'api.context.invalid_param.app_error');
    });
  });

  describe('hostile input', () => {
    const HOSTILE = [
      "'", "''", '\\', "\\'", '"', '"""', '&', '|', '!', '(', ')', ':', ':*', '*', '<->', '<1>', "a'b", "a:*b", 'a & b | !c',
      "'; drop table posts; --", "deploy') or 1=1 --", '$1', '?', '??', '\\?', '%', '_', 'deploy\\', "deploy'*", '\u0000', 'ab\u0000cd',
      '"unterminated', '-', '--', '-*', '#', '##', '#*', 'from:', 'in:', 'in:@', 'in:@,', 'ext:', 'from:\'', 'in:"x', '日本語*', '🙂 deploy',
      `${'x'.repeat(3000)}*`, Array.from({ length: 300 }, (_, i) => `w${i}*`).join(' '),
    ];

    it('answers SQL and tsquery metacharacters with results or a 400, never a 500, and stores nothing', async () => {
      for (const terms of HOSTILE) {
        try {
          const results = await search(terms);
          expect(results.order, terms).to.be.an('array');
        } catch (err) {
          expect((err as { status_code: number }).status_code, `${JSON.stringify(terms)}: ${(err as Error).message}`).to.equal(400);
        }
      }
      expect(await found('deploy server')).to.deep.equal(['tonight']);
    });

    it('still finds words next to the metacharacters', async () => {
      expect(await found("(deploy) & 'server' | !tonight:*")).to.deep.equal(['tonight']);
    });

    it('takes a post with a hashtag too long to index, and finds it by its words', async () => {
      const longTag = `#${'日'.repeat(700)}`;
      await post('longtag', bob, dev, `wombat ${longTag}`);
      expect(posts.longtag.hashtags).to.equal(longTag);
      expect(await found('wombat')).to.deep.equal(['longtag']);
      expect(await found(longTag)).to.deep.equal([]);
    });

    it('refuses a malformed date with a 400 naming the problem', async () => {
      const error = await expectClientError(alice.client.searchPostsWithParams(teamA.id, { terms: "on:2024-02-30 deploy" }), 400, 'api.post.search_posts.invalid_date.app_error');
      expect(error.message).to.contain('2024-02-30');
    });
  });

  describe('files', () => {
    const fileNames = (results: FileSearchResults) => results.order.map((id) => (results.file_infos as unknown as Record<string, { name: string }>)[id].name);
    const searchFiles = async (terms: string, who = alice) =>
      fileNames((await who.client.searchFilesWithParams(teamA.id, { terms, is_or_search: false, page: 0, per_page: 60 })) as FileSearchResults);
    const share = async (who: LoggedIn, channel: Channel, name: string) => {
      const { file_infos: [info] } = await upload(who.client, channel.id, [textFile(name, 'contents')]);
      await who.client.createPost({ channel_id: channel.id, message: `sharing ${name}`, file_ids: [info.id] } as Post);
      return info;
    };
    let removable: Post;
    let secret: Channel;

    before(async () => {
      await share(alice, dev, 'q3-report_final.pdf');
      await share(bob, ops, 'architecture diagram.png');
      secret = await createChannelWith(admin.client, teamA, [bob.user.id]);
      await share(bob, secret, 'report-secret.pdf');
      await upload(carol.client, dev.id, [textFile('report-draft.txt', 'unattached')]);
      const { file_infos: [doomed] } = await upload(bob.client, dev.id, [textFile('doomed-report.txt', 'x')]);
      removable = await bob.client.createPost({ channel_id: dev.id, message: 'doomed', file_ids: [doomed.id] } as Post);
    });

    it("answers in Mattermost's FileInfoList shape", async () => {
      const results = await alice.client.searchFilesWithParams(teamA.id, { terms: 'q3' });
      expect(results).to.have.keys('order', 'file_infos', 'next_file_info_id', 'prev_file_info_id');
      const [id] = results.order;
      expect((results.file_infos as unknown as Record<string, unknown>)[id]).to.include({ name: 'q3-report_final.pdf', extension: 'pdf', channel_id: dev.id });
    });

    it('finds shared files by any word of their name, as a prefix, in channels the searcher is in', async () => {
      expect(await searchFiles('report')).to.have.members(['q3-report_final.pdf', 'doomed-report.txt']);
      expect(await searchFiles('fin')).to.deep.equal(['q3-report_final.pdf']);
      expect(await searchFiles('"architecture diagram"')).to.deep.equal(['architecture diagram.png']);
    });

    it('filters files by ext:, from: and in:', async () => {
      expect(await searchFiles('report ext:pdf')).to.deep.equal(['q3-report_final.pdf']);
      expect(await searchFiles('ext:png')).to.deep.equal(['architecture diagram.png']);
      expect(await searchFiles(`from:${bob.user.username}`)).to.have.members(['architecture diagram.png', 'doomed-report.txt']);
      expect(await searchFiles(`report -ext:pdf in:${dev.name}`)).to.deep.equal(['doomed-report.txt']);
      expect(await searchFiles(`in:${ops.name}`)).to.deep.equal(['architecture diagram.png']);
    });

    it("takes a channel id in channel: and in:, as Mattermost's web app lists a channel's files, only in the searcher's channels", async () => {
      expect(await searchFiles(`channel:${ops.id}`)).to.deep.equal(['architecture diagram.png']);
      expect(await searchFiles(`report in:${dev.id}`)).to.have.members(['q3-report_final.pdf', 'doomed-report.txt']);
      expect(await searchFiles(`channel:${secret.id}`, bob)).to.deep.equal(['report-secret.pdf']);
      expect(await searchFiles(`channel:${secret.id}`)).to.deep.equal([]);
    });

    it('drops the files of a deleted post at once', async () => {
      await bob.client.deletePost(removable.id);
      expect(await searchFiles('doomed')).to.deep.equal([]);
    });
  });
});

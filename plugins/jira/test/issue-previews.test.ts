// Issue previews of posted messages against a fake Jira over HTTP: which mentions count (keys,
// links to installed instances, not code), what the poster may see, at most three, and whose posts
// get none.
import { expect } from 'chai';
import type { Post } from '@parley/plugin-api';
import { findIssueMentions, issuePreviews } from '../src/link-previews/issue-previews.ts';
import type { SlackAttachment } from '../src/render/issue-card.ts';
import { FakeJira, type FakeJiraUser } from './helpers/fake-jira.ts';
import { installIssueRoutes, type FakeJiraIssues } from './helpers/fake-jira-issues.ts';
import { apiDouble, BOT_ID, cloudInstance, serverInstance, TestIssuesContext } from './helpers/issues-doubles.ts';

const ALICE = 'aliceparleyuseraliceparley';
const CAROL = 'carolparleyusercarolparley';

function post(message: string, options: Partial<Post> = {}): Post {
  return { id: 'postpostpostpostpostpostpo', message, channel_id: 'c', user_id: ALICE, root_id: '', type: '', props: {}, create_at: 1, update_at: 1, edit_at: 0, delete_at: 0, is_pinned: false, original_id: '', hashtags: '', file_ids: [], pending_post_id: '', ...options };
}

describe('jira issue previews', () => {
  let fake: FakeJira;
  let jira: FakeJiraIssues;
  let alice: FakeJiraUser;
  const keys: string[] = [];

  before(async () => {
    fake = await FakeJira.start();
    jira = installIssueRoutes(fake);
    alice = fake.addUser('alice');
    fake.addUser('carol');
    jira.addProject('WEB', { browsers: [alice] });
    for (const summary of ['One', 'Two', 'Three', 'Four']) keys.push(jira.addIssue('WEB', { summary }).key);
  });
  after(() => fake?.close());

  function setUp() {
    const { api, record } = apiDouble();
    const server = serverInstance(fake);
    const cloud = cloudInstance(fake);
    const ctx = new TestIssuesContext(api, fake, [server, cloud]);
    ctx.connect(ALICE, alice, server);
    ctx.connect(ALICE, alice, cloud);
    ctx.connect(CAROL, fake.userByName('carol')!, server);
    return { record, preview: issuePreviews(ctx), server, cloud };
  }

  const cards = (updated: Partial<Post>) => (updated.props!.attachments as SlackAttachment[]).map((card) => card.title);

  it('finds keys and links to installed instances, each once, and none in code', () => {
    const server = { ...serverInstance({ url: 'https://jira.example.com' } as FakeJira) };
    const found = findIssueMentions('See WEB-1 and https://jira.example.com/browse/WEB-2, again WEB-1, `WEB-3`, ```\nWEB-4\n``` and https://other.example.com/browse/OPS-9 or web-5 or XWEB-6x', [server]);
    expect(found.map((mention) => [mention.key, mention.instance?.id ?? ''])).to.deep.equal([
      ['WEB-2', 'https://jira.example.com'],
      ['WEB-1', ''],
    ]);
  });

  it('adds a card for each issue mentioned, keeping the message and its props', async () => {
    const { record, preview } = setUp();
    await preview(post(`Fixed ${keys[0]} and ${keys[1]}`, { props: { keep: 'me' } }));
    const updated = record.updated.at(-1)!;
    expect(updated.message).to.equal(undefined);
    expect(updated.props!.keep).to.equal('me');
    expect(cards(updated)).to.deep.equal([`${keys[0]}: One`, `${keys[1]}: Two`]);
    expect((updated.props!.attachments as SlackAttachment[])[0]!.actions).to.equal(undefined);
  });

  it('previews a link to the Cloud site through that site, and at most three issues', async () => {
    const { record, preview } = setUp();
    await preview(post(`https://example.atlassian.net/browse/${keys[3]} ${keys.slice(0, 3).join(' ')}`));
    const attachments = record.updated.at(-1)!.props!.attachments as SlackAttachment[];
    expect(attachments.map((card) => card.title_link)).to.deep.equal([
      `https://example.atlassian.net/browse/${keys[3]}`,
      `${fake.url}/browse/${keys[0]}`,
      `${fake.url}/browse/${keys[1]}`,
    ]);
  });

  it('leaves out issues the poster may not see, and posts of users who are not connected', async () => {
    const { record, preview } = setUp();
    await preview(post(`${keys[0]} NOPE-1`, { user_id: CAROL }));
    await preview(post(`${keys[0]}`, { user_id: 'strangerstrangerstrangerst' }));
    expect(record.updated).to.have.length(0);
  });

  it('never previews the bot’s own posts or system messages', async () => {
    const { record, preview } = setUp();
    const requestsBefore = fake.requests.length;
    await preview(post(`${keys[0]}`, { user_id: BOT_ID }));
    await preview(post(`${keys[0]}`, { type: 'system_join_channel' }));
    await preview(post('no keys here'));
    expect(record.updated).to.have.length(0);
    expect(fake.requests.length).to.equal(requestsBefore);
  });
});

// Jira webhooks and channel subscriptions through a real server and the real jira bundle: Jira's
// deliveries POSTed to /plugins/jira/... as Jira sends them, subscriptions made through the REST
// routes, the dialog and /jira subscribe as Mattermost's clients do, and the posts read back with
// Client4 — in the channels that asked for them, and nowhere else.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { RawSocket } from '../../../test/helpers/ws-client.ts';
import { commentEvent, issueAssigned, issueCreated, issueResolved, issueUpdated, ISSUE_TYPES, type IssueSpec, type PayloadUser } from './helpers/jira-payloads.ts';
import { patchJiraSettings, startServerWithJira, WEBHOOK_SECRET } from './helpers/jira-server.ts';
import { cloudInstance, seedInstances, serverInstance } from './helpers/seed-instances.ts';

const SERVER_SITE = 'https://jira.example.com';
const CLOUD_SITE = 'https://example.atlassian.net';
const ada: PayloadUser = { accountId: '5b10a2844c20165700ede001', name: 'ada', key: 'JIRAUSER10001', displayName: 'Ada Lovelace' };

interface Subscription {
  id: string;
  name: string;
  channel_id: string;
  instance_id: string;
  filters: { events: string[]; projects: string[]; issue_types: string[]; fields: Array<{ key: string; inclusion: string; values: string[] }> };
}

describe('jira webhooks and channel subscriptions', function () {
  this.timeout(90_000);
  let ts: TestServer;
  let admin: Client4;
  let member: Client4;
  let memberUser: UserProfile;
  let outsider: Client4;
  let team: Team;
  const cloudPath = `/plugins/jira/instance/${Buffer.from(CLOUD_SITE).toString('base64url')}=/api/v2/webhook`;

  before(async () => {
    ({ ts, admin: { client: admin } } = await startServerWithJira());
    await seedInstances(ts, [serverInstance(SERVER_SITE, { is_v2_legacy: true }), cloudInstance(CLOUD_SITE)]);
    ({ client: member, user: memberUser } = await createUser(ts, admin));
    ({ client: outsider } = await createUser(ts, admin));
    team = await createTeamWith(admin, [memberUser.id]);
  });
  after(() => ts?.close());

  const jiraSpec = (extra: Partial<IssueSpec> = {}): IssueSpec => ({ flavor: 'server', site: SERVER_SITE, actor: ada, ...extra });
  const deliver = (payload: unknown, path = '/plugins/jira/api/v2/webhook', query = `secret=${WEBHOOK_SECRET}`) =>
    fetch(`${ts.url}${path}?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const rest = (who: Client4, method: string, path: string, body?: unknown) =>
    fetch(`${ts.url}/plugins/jira/api/v2/subscriptions/channel${path}`, { method, headers: { Authorization: `Bearer ${who.getToken()}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const subscribe = async (channel: Channel, name: string, filters: Partial<Subscription['filters']>, instance = SERVER_SITE): Promise<Subscription> => {
    const response = await rest(admin, 'POST', '', { name, channel_id: channel.id, instance_id: instance, filters: { events: ['event_created'], projects: ['PROJ'], issue_types: [ISSUE_TYPES.bug.id], fields: [], ...filters } });
    expect(response.status, await response.clone().text()).to.equal(200);
    return (await response.json()) as Subscription;
  };
  /** The channel's posts by the jira bot, oldest first, without the subscription announcements. */
  const botPosts = async (channel: Channel): Promise<Post[]> => {
    const bot = await admin.getUserByUsername('jira');
    const list = await admin.getPosts(channel.id, 0, 100);
    return list.order.map((id) => list.posts[id]!).filter((post) => post.user_id === bot.id && !/Jira subscription/.test(post.message)).reverse();
  };
  const headline = (post: Post) => post.message || ((post.props?.attachments as Array<{ pretext: string }> | undefined)?.[0]?.pretext ?? '');
  const run = async (client: Client4, channel: Channel, line: string) => (await client.executeCommand(line, { channel_id: channel.id, team_id: team.id } as never)).text ?? '';

  describe('the webhook', () => {
    it('refuses a missing or wrong secret with 403 and posts nothing', async () => {
      const channel = await createChannelWith(admin, team, []);
      await subscribe(channel, 'all bugs', {});
      for (const query of ['', 'secret=wrong', `secret=${WEBHOOK_SECRET}x`]) {
        const response = await deliver(issueCreated(jiraSpec()), '/plugins/jira/api/v2/webhook', query);
        expect(response.status, query).to.equal(403);
        expect(((await response.json()) as { id: string }).id).to.match(/^jira\.webhook\.secret_(missing|mismatch)$/);
      }
      const legacy = await deliver(issueCreated(jiraSpec()), '/plugins/jira/webhook', `secret=nope&team=${team.name}&channel=${channel.name}`);
      expect(legacy.status).to.equal(403);
      expect(await botPosts(channel)).to.deep.equal([]);
    });

    it('refuses malformed JSON and bodies that are not Jira events with a clear 400', async () => {
      const broken = await deliver('{"webhookEvent": "jira:issue_created", ');
      expect(broken.status).to.equal(400);
      expect(await broken.json()).to.include({ id: 'jira.webhook.invalid_json' });
      const foreign = await deliver({ action: 'opened', pull_request: {} });
      expect(foreign.status).to.equal(400);
      const answer = (await foreign.json()) as { id: string; message: string };
      expect(answer.id).to.equal('jira.webhook.not_jira_payload');
      expect(answer.message).to.contain('webhookEvent');
      expect((await deliver({ webhookEvent: 'jira:issue_created' })).status).to.equal(400);
    });

    it('answers 404 for an instance that is not installed, and 200 for events it does not handle', async () => {
      const unknown = await deliver(issueCreated(jiraSpec()), `/plugins/jira/instance/${Buffer.from('https://other.example.com').toString('base64url')}/api/v2/webhook`);
      expect(unknown.status).to.equal(404);
      expect(await unknown.json()).to.include({ id: 'jira.webhook.instance_not_found' });
      const worklog = await deliver({ webhookEvent: 'jira:worklog_updated', worklog: { id: '1' } });
      expect(worklog.status).to.equal(200);
      expect(await worklog.json()).to.include({ status: 'ignored' });
    });

    it('posts each event in the channels whose subscriptions match, once per channel, and nowhere else', async () => {
      const bugs = await createChannelWith(admin, team, []);
      const backend = await createChannelWith(admin, team, []);
      const quiet = await createChannelWith(admin, team, []);
      await subscribe(bugs, 'new bugs', { events: ['event_created'] });
      await subscribe(bugs, 'any bug change', { events: ['event_updated_any', 'event_created'] });
      await subscribe(backend, 'backend status', { events: ['event_updated_status', 'event_updated_resolved'], fields: [{ key: 'labels', inclusion: 'include_any', values: ['backend'] }] });
      await subscribe(quiet, 'stories only', { events: ['event_created', 'event_updated_any'], issue_types: [ISSUE_TYPES.story.id] });

      const created = await deliver(issueCreated(jiraSpec({ key: 'PROJ-11', labels: ['backend'] })));
      expect(created.status).to.equal(200);
      expect(await created.json()).to.include({ status: 'OK' });
      await deliver(issueResolved(jiraSpec({ key: 'PROJ-11', labels: ['backend'] })));
      await deliver(issueUpdated(jiraSpec({ key: 'PROJ-12', labels: ['frontend'] }), [{ field: 'status', before: 'To Do', after: 'In Progress' }]));

      const inBugs = (await botPosts(bugs)).map(headline);
      expect(inBugs).to.have.length(3);
      expect(inBugs[0]).to.equal(`Ada Lovelace created bug [PROJ-11: Login page rejects valid passwords](${SERVER_SITE}/browse/PROJ-11)`);
      expect(inBugs[1]).to.equal(`Ada Lovelace changed [PROJ-11: Login page rejects valid passwords](${SERVER_SITE}/browse/PROJ-11)`);
      expect(inBugs[2]).to.contain('changed the status of [PROJ-12');
      expect((await botPosts(backend)).map(headline)).to.deep.equal([inBugs[1]]);
      expect(await botPosts(quiet)).to.deep.equal([]);
      const createdPost = (await botPosts(bugs))[0]!;
      const attachment = (createdPost.props.attachments as Array<{ text: string; fields: Array<{ title: string; value: string }> }>)[0]!;
      expect(attachment.text).to.equal('Steps: open **/login**, type a valid password, press `Enter`.');
      expect(attachment.fields.map((field) => field.title)).to.deep.equal(['Priority']);
    });

    it('threads comments under the issue\'s first post in each channel', async () => {
      const channel = await createChannelWith(admin, team, []);
      await subscribe(channel, 'bugs and comments', { events: ['event_created', 'event_created_comment', 'event_updated_comment'] });
      await deliver(issueCreated(jiraSpec({ key: 'PROJ-21' })));
      await deliver(commentEvent(jiraSpec({ key: 'PROJ-21' }), 'created', 'First *look*'));
      await deliver(commentEvent(jiraSpec({ key: 'PROJ-21' }), 'updated', 'First look, edited'));
      await deliver(commentEvent(jiraSpec({ key: 'PROJ-22' }), 'created', 'On another issue'));
      const posts = await botPosts(channel);
      expect(posts).to.have.length(4);
      const [root, comment, edited, other] = posts as [Post, Post, Post, Post];
      expect(root.root_id).to.equal('');
      expect(comment.root_id).to.equal(root.id);
      expect(edited.root_id).to.equal(root.id);
      expect((comment.props.attachments as Array<{ text: string }>)[0]!.text).to.equal('> First **look**');
      expect(other.root_id).to.equal('');
    });

    it('does not thread comments when the duration setting is 0', async () => {
      patchJiraSettings(ts, { ThreadedJiraCommentSubscriptionDuration: 0 });
      try {
        const channel = await createChannelWith(admin, team, []);
        await subscribe(channel, 'comments', { events: ['event_created', 'event_created_comment'] });
        await deliver(issueCreated(jiraSpec({ key: 'PROJ-31' })));
        await deliver(commentEvent(jiraSpec({ key: 'PROJ-31' }), 'created'));
        expect((await botPosts(channel)).map((post) => post.root_id)).to.deep.equal(['', '']);
      } finally {
        patchJiraSettings(ts, { ThreadedJiraCommentSubscriptionDuration: 30 });
      }
    });

    it('takes Jira Cloud\'s comment events on the instance\'s own path, and leaves Server\'s duplicates alone', async () => {
      const channel = await createChannelWith(admin, team, []);
      await subscribe(channel, 'cloud comments', { events: ['event_created_comment'] }, CLOUD_SITE);
      const cloud = { flavor: 'cloud' as const, site: CLOUD_SITE, actor: ada, key: 'PROJ-41' };
      const response = await deliver(commentEvent(cloud, 'created', 'From the cloud'), cloudPath);
      expect(response.status).to.equal(200);
      expect((await botPosts(channel)).map(headline)).to.deep.equal([`Ada Lovelace commented on [PROJ-41: Login page rejects valid passwords](${CLOUD_SITE}/browse/PROJ-41)`]);
      const serverDuplicate = await deliver({ ...(commentEvent(cloud, 'created') as object), webhookEvent: 'comment_created' });
      expect(await serverDuplicate.json()).to.include({ status: 'ignored' });
    });

    it('names the subscription and hides bodies when the settings say so', async () => {
      patchJiraSettings(ts, { DisplaySubscriptionNameInNotifications: true, HideDecriptionComment: true });
      try {
        const channel = await createChannelWith(admin, team, []);
        await subscribe(channel, 'Triage', { events: ['event_created'] });
        await deliver(issueCreated(jiraSpec({ key: 'PROJ-51', priority: undefined })));
        const [post] = await botPosts(channel);
        expect(headline(post!)).to.contain('_Subscription: Triage_');
        expect(JSON.stringify(post!.props)).not.to.contain('Steps: open');
      } finally {
        patchJiraSettings(ts, { DisplaySubscriptionNameInNotifications: false, HideDecriptionComment: false });
      }
    });
  });

  describe('the legacy channel-bound webhook', () => {
    it('posts the default events to the named channel, and more with updated_* parameters', async () => {
      const channel = await createChannelWith(admin, team, []);
      const legacy = (payload: unknown, extra = '') => deliver(payload, '/plugins/jira/webhook', `secret=${WEBHOOK_SECRET}&team=${team.name}&channel=${channel.name}${extra}`);
      expect((await legacy(issueCreated(jiraSpec({ key: 'PROJ-61' })))).status).to.equal(200);
      expect((await legacy(issueAssigned(jiraSpec({ key: 'PROJ-61', assignee: ada })))).status).to.equal(200);
      const status = issueUpdated(jiraSpec({ key: 'PROJ-61' }), [{ field: 'status', before: 'To Do', after: 'In Progress' }]);
      expect(await (await legacy(status)).json()).to.include({ status: 'ignored' });
      expect(await (await legacy(status, '&updated_status=1')).json()).to.include({ status: 'OK' });
      const posts = (await botPosts(channel)).map(headline);
      expect(posts).to.have.length(3);
      expect(posts[0]).to.contain('created bug [PROJ-61');
      expect(posts[1]).to.contain('assigned [PROJ-61');
      expect(posts[2]).to.contain('changed the status of [PROJ-61');
    });

    it('refuses a URL without a team and channel, or naming an unknown one', async () => {
      const missing = await deliver(issueCreated(jiraSpec()), '/plugins/jira/webhook');
      expect(missing.status).to.equal(400);
      expect(await missing.json()).to.include({ id: 'jira.webhook.channel_missing' });
      const unknown = await deliver(issueCreated(jiraSpec()), '/plugins/jira/webhook', `secret=${WEBHOOK_SECRET}&team=${team.name}&channel=no-such-channel`);
      expect(unknown.status).to.equal(400);
    });
  });

  describe('the subscription REST routes', () => {
    it('creates, lists, edits and removes a channel\'s subscriptions, announcing each change', async () => {
      const channel = await createChannelWith(admin, team, []);
      const created = await subscribe(channel, 'Team bugs', { fields: [{ key: 'labels', inclusion: 'include_all', values: ['a', 'b'] }] });
      expect(created).to.include({ name: 'Team bugs', channel_id: channel.id, instance_id: SERVER_SITE });
      expect(created.id).to.have.length(26);
      const listed = (await (await rest(admin, 'GET', `/${channel.id}`)).json()) as Subscription[];
      expect(listed).to.deep.equal([created]);
      const edited = await rest(admin, 'PUT', '', { ...created, name: 'Team bugs and stories', filters: { ...created.filters, issue_types: [ISSUE_TYPES.bug.id, ISSUE_TYPES.story.id] } });
      expect(edited.status).to.equal(200);
      expect(((await (await rest(admin, 'GET', `/${channel.id}`)).json()) as Subscription[])[0]).to.include({ name: 'Team bugs and stories' });
      expect((await rest(admin, 'DELETE', `/${created.id}`)).status).to.equal(200);
      expect(await (await rest(admin, 'GET', `/${channel.id}`)).json()).to.deep.equal([]);
      const list = await admin.getPosts(channel.id, 0, 10);
      const announcements = list.order.map((id) => list.posts[id]!.message).filter((message) => /Jira subscription/.test(message)).reverse();
      expect(announcements).to.have.length(3);
      expect(announcements[0]).to.match(/^@\S+ added the Jira subscription "Team bugs" to this channel\.$/);
    });

    it('refuses invalid subscriptions with 400, storing nothing', async () => {
      const channel = await createChannelWith(admin, team, []);
      const base = { name: 'x', channel_id: channel.id, filters: { events: ['event_created'], projects: ['PROJ'], issue_types: ['10004'], fields: [] } };
      const bad: Array<[unknown, RegExp]> = [
        [{ ...base, name: '' }, /name/],
        [{ ...base, filters: { ...base.filters, events: [] } }, /event/],
        [{ ...base, filters: { ...base.filters, events: ['event_bogus'] } }, /Unknown event type event_bogus/],
        [{ ...base, filters: { ...base.filters, projects: [] } }, /project/],
        [{ ...base, filters: { ...base.filters, fields: [{ key: 'labels', inclusion: 'maybe', values: ['a'] }] } }, /inclusion/],
        [{ ...base, filters: { ...base.filters, fields: [{ key: 'labels', inclusion: 'include_any', values: [] }] } }, /lists no values/],
        [{ ...base, id: 'abc' }, /no id yet/],
      ];
      for (const [body, message] of bad) {
        const response = await rest(admin, 'POST', '', body);
        expect(response.status, JSON.stringify(body)).to.equal(400);
        expect(((await response.json()) as { message: string }).message).to.match(message);
      }
      expect((await rest(admin, 'POST', '', { ...base, instance_id: 'https://nowhere.example.com' })).status).to.equal(404);
      await subscribe(channel, 'Unique', {});
      expect((await rest(admin, 'POST', '', { ...base, name: 'unique' })).status).to.equal(400);
      expect(((await (await rest(admin, 'GET', `/${channel.id}`)).json()) as Subscription[]).map((sub) => sub.name)).to.deep.equal(['Unique']);
    });

    it('refuses users the RolesAllowedToEditJiraSubscriptions setting leaves out, and non-members', async () => {
      const channel = await createChannelWith(admin, team, [memberUser.id]);
      const sub = await subscribe(channel, 'Guarded', {});
      const body = { name: 'Mine', channel_id: channel.id, filters: sub.filters };
      for (const [who, label] of [[member, 'member'], [outsider, 'outsider']] as const) {
        for (const response of [await rest(who, 'POST', '', body), await rest(who, 'GET', `/${channel.id}`), await rest(who, 'PUT', '', { ...sub, name: 'Taken over' }), await rest(who, 'DELETE', `/${sub.id}`)]) {
          expect(response.status, label).to.equal(403);
        }
      }
      expect(await run(member, channel, '/jira subscribe')).to.contain('Only system admins may manage');
      patchJiraSettings(ts, { RolesAllowedToEditJiraSubscriptions: 'users' });
      try {
        expect((await rest(member, 'POST', '', body)).status).to.equal(200);
        expect((await rest(outsider, 'GET', `/${channel.id}`)).status).to.equal(403);
      } finally {
        patchJiraSettings(ts, { RolesAllowedToEditJiraSubscriptions: 'system_admin' });
      }
      expect(((await (await rest(admin, 'GET', `/${channel.id}`)).json()) as Subscription[]).map((s) => s.name)).to.deep.equal(['Guarded', 'Mine']);
    });

    it('refuses channels of teams outside TeamIDs, and direct messages', async () => {
      const channel = await createChannelWith(admin, team, []);
      patchJiraSettings(ts, { TeamIDs: 'someotherteamid0000000000a' });
      try {
        const response = await rest(admin, 'POST', '', { name: 'x', channel_id: channel.id, filters: { events: ['event_created'], projects: ['PROJ'], issue_types: ['10004'] } });
        expect(response.status).to.equal(403);
        expect(((await response.json()) as { message: string }).message).to.contain('Team IDs');
      } finally {
        patchJiraSettings(ts, { TeamIDs: '' });
      }
      const direct = await admin.createDirectChannel([(await admin.getMe()).id, memberUser.id]);
      const response = await rest(admin, 'POST', '', { name: 'x', channel_id: direct.id, filters: { events: ['event_created'], projects: ['PROJ'], issue_types: ['10004'] } });
      expect(response.status).to.equal(403);
    });

    it('refuses GroupsAllowedToEditJiraSubscriptions editors who have no Jira connection to check', async () => {
      const channel = await createChannelWith(admin, team, []);
      patchJiraSettings(ts, { GroupsAllowedToEditJiraSubscriptions: 'jira-admins' });
      try {
        const response = await rest(admin, 'GET', `/${channel.id}`);
        expect(response.status).to.equal(403);
        expect(((await response.json()) as { message: string }).message).to.contain('connect your Jira account');
      } finally {
        patchJiraSettings(ts, { GroupsAllowedToEditJiraSubscriptions: '' });
      }
    });
  });

  describe('/jira subscribe and its dialog', () => {
    it('opens the dialog, answers bad conditions per field, and saves a valid submission', async () => {
      const channel = await createChannelWith(admin, team, []);
      const socket = await RawSocket.authenticated(ts, admin.getToken());
      try {
        const opened = socket.waitForEvent('open_dialog');
        expect(await run(admin, channel, '/jira subscribe')).to.equal('');
        const request = JSON.parse((await opened).data.dialog as string) as { url: string; dialog: { callback_id: string; state: string; elements: Array<{ name: string }> } };
        expect(request.url).to.equal('/plugins/jira/subscriptions/dialog');
        expect(request.dialog.elements.map((e) => e.name)).to.deep.equal(['name', 'events', 'custom_fields', 'projects', 'issue_types', 'fields']);
        const submit = { url: request.url, callback_id: request.dialog.callback_id, state: request.dialog.state, channel_id: channel.id, team_id: team.id, cancelled: false };
        const invalid = (await admin.submitInteractiveDialog({ ...submit, submission: { name: 'Dialog sub', events: 'event_created', projects: 'PROJ', issue_types: 'Bug', fields: 'labels maybe x' } } as never)) as { errors: Record<string, string> };
        expect(invalid.errors.fields).to.contain('"maybe" is not one of');
        const saved = await admin.submitInteractiveDialog({ ...submit, submission: { name: 'Dialog sub', events: 'event_created,event_updated_status', custom_fields: 'customfield_10042', projects: 'proj', issue_types: 'Bug', fields: 'labels include_any backend\ncomponents empty' } } as never);
        expect(saved).to.deep.equal({});
      } finally {
        await socket.close();
      }
      const [stored] = (await (await rest(admin, 'GET', `/${channel.id}`)).json()) as Subscription[];
      expect(stored!.filters).to.deep.equal({
        events: ['event_created', 'event_updated_status', 'event_updated_customfield_10042'],
        projects: ['PROJ'],
        issue_types: ['Bug'],
        fields: [{ key: 'labels', inclusion: 'include_any', values: ['backend'] }, { key: 'components', inclusion: 'empty', values: [] }],
      });
      await deliver(issueCreated(jiraSpec({ key: 'PROJ-71', labels: ['backend'] })));
      await deliver(issueCreated(jiraSpec({ key: 'PROJ-72', labels: ['frontend'] })));
      expect((await botPosts(channel)).map(headline)).to.have.length(1).and.satisfy((lines: string[]) => lines[0]!.includes('PROJ-71'));
    });

    it('lists this channel\'s subscriptions for members and every channel\'s for system admins, and deletes by name', async () => {
      const channel = await createChannelWith(admin, team, [memberUser.id]);
      await subscribe(channel, 'Listed one', { fields: [{ key: 'priority', inclusion: 'exclude_any', values: ['Low'] }] });
      const mine = await run(member, channel, '/jira subscribe list');
      expect(mine).to.contain('**Listed one**: event_created in PROJ (issue types 10004); where priority exclude_any Low');
      expect(mine).not.to.contain('Team bugs');
      const all = await run(admin, channel, '/jira subscribe list');
      expect(all).to.contain(`#### ${SERVER_SITE}`).and.contain(`~${channel.name}`).and.contain('**Listed one**');
      expect(await run(member, channel, '/jira subscribe delete Listed one')).to.contain('Only system admins');
      expect(await run(admin, channel, `/jira subscribe delete Listed one --instance ${CLOUD_SITE}`), 'it is a subscription of the other instance').to.contain('has no Jira subscription named "Listed one"');
      expect(await run(admin, channel, '/jira subscribe delete Listed one --instance https://nowhere.example.com')).to.contain('No Jira instance https://nowhere.example.com');
      expect(await run(admin, channel, '/jira subscribe delete listed one')).to.equal('Removed the Jira subscription "Listed one".');
      expect(await run(admin, channel, '/jira subscribe delete Listed one')).to.contain('has no Jira subscription named');
    });
  });

  describe('/jira webhook', () => {
    it('shows system admins the URLs to configure, which work as shown; others are refused', async () => {
      const channel = await createChannelWith(admin, team, [memberUser.id]);
      expect(await run(member, channel, '/jira webhook')).to.contain('Only system admins');
      const text = await run(admin, channel, `/jira webhook ${CLOUD_SITE}`);
      const urls = [...text.matchAll(/`(http[^`]+)`/g)].map((match) => match[1]!);
      expect(urls).to.have.length(2);
      expect(urls[0]).to.contain(`/plugins/jira/instance/`).and.contain(`/api/v2/webhook?secret=${WEBHOOK_SECRET}`);
      await subscribe(channel, 'cloud created', { events: ['event_created'] }, CLOUD_SITE);
      const url = new URL(urls[0]!);
      const response = await fetch(`${ts.url}${url.pathname}${url.search}`, { method: 'POST', body: JSON.stringify(issueCreated({ flavor: 'cloud', site: CLOUD_SITE, actor: ada, key: 'PROJ-81' })) });
      expect(await response.json()).to.include({ status: 'OK', channels: 1 });
      const legacy = new URL(urls[1]!);
      expect(legacy.searchParams.get('channel')).to.equal(channel.name);
      expect(legacy.searchParams.get('team')).to.equal(team.name);
    });
  });
});

// The Jira event table: each payload kind of Jira Cloud and Jira Server, parsed into Mattermost's
// subscription event types, Parley's message, and the people it may concern.
import { expect } from 'chai';
import { decodeJiraWebhook, NotAJiraPayloadError } from '../src/webhook/jira-webhook.ts';
import { isIgnored, parseJiraEvent, type JiraEvent } from '../src/webhook/webhook-parser.ts';
import { jiraToMarkdown } from '../src/webhook/jira-markup.ts';
import { commentEvent, issueAssigned, issueCreated, issueDeleted, issueReopened, issueResolved, issueUpdated, mentionOf, oldServerComment, type ChangeItem, type Flavor, type IssueSpec, type PayloadUser } from './helpers/jira-payloads.ts';

const SITE = 'https://jira.example.com';
const ada: PayloadUser = { accountId: '5b10a2844c20165700ede001', name: 'ada', key: 'JIRAUSER10001', displayName: 'Ada Lovelace' };
const bob: PayloadUser = { accountId: '5b10a2844c20165700ede002', name: 'bob', key: 'JIRAUSER10002', displayName: 'Bob Builder' };
const cy: PayloadUser = { accountId: '5b10a2844c20165700ede003', name: 'cy', key: 'JIRAUSER10003', displayName: 'Cy Young' };

function spec(flavor: Flavor, extra: Partial<IssueSpec> = {}): IssueSpec {
  return { flavor, site: SITE, actor: ada, reporter: bob, ...extra };
}

function parse(payload: unknown): JiraEvent {
  const webhook = decodeJiraWebhook(payload);
  if (!webhook) throw new Error('not decoded');
  const parsed = parseJiraEvent(webhook);
  if (isIgnored(parsed)) throw new Error(`ignored: ${parsed.ignored}`);
  return parsed;
}

const types = (event: JiraEvent) => [...event.eventTypes].sort();
const id = (flavor: Flavor, user: PayloadUser) => (flavor === 'cloud' ? user.accountId : user.name);

describe('jira webhook parser', () => {
  describe('field changes map to event types', () => {
    const table: Array<[string, ChangeItem, string]> = [
      ['status', { field: 'status', before: 'To Do', after: 'In Progress' }, 'event_updated_status'],
      ['priority', { field: 'priority', before: 'Medium', after: 'High' }, 'event_updated_priority'],
      ['summary', { field: 'summary', before: 'Old', after: 'New' }, 'event_updated_summary'],
      ['description', { field: 'description', before: 'a', after: 'b' }, 'event_updated_description'],
      ['labels', { field: 'labels', before: 'api', after: 'api backend' }, 'event_updated_labels'],
      ['fix version', { field: 'Fix Version', fieldId: 'fixVersions', after: '2.0' }, 'event_updated_fix_version'],
      ['affects version', { field: 'Version', fieldId: 'versions', after: '1.0' }, 'event_updated_affects_version'],
      ['components', { field: 'Component', fieldId: 'components', after: 'Web' }, 'event_updated_components'],
      ['reporter', { field: 'reporter', before: 'Bob', after: 'Cy' }, 'event_updated_reporter'],
      ['issue type', { field: 'issuetype', before: 'Bug', after: 'Story' }, 'event_updated_issue_type'],
      ['sprint', { field: 'Sprint', fieldtype: 'custom', fieldId: 'customfield_10020', after: 'Sprint 4' }, 'event_updated_sprint'],
      ['rank', { field: 'Rank', fieldtype: 'custom', fieldId: 'customfield_10019', after: 'Ranked higher' }, 'event_updated_rank'],
      ['attachment', { field: 'Attachment', fieldId: 'attachment', after: 'screenshot.png' }, 'event_updated_attachment'],
      ['custom field', { field: 'Team', fieldtype: 'custom', fieldId: 'customfield_10042', before: 'A', after: 'B' }, 'event_updated_customfield_10042'],
      ['resolution set', { field: 'resolution', after: 'Done' }, 'event_updated_resolved'],
      ['resolution cleared', { field: 'resolution', before: 'Done' }, 'event_updated_reopened'],
      ['assignee', { field: 'assignee', before: null, after: 'Bob Builder' }, 'event_updated_assignee'],
    ];
    for (const flavor of ['cloud', 'server'] as const) {
      for (const [name, item, expected] of table) {
        it(`maps the ${name} change on ${flavor} to ${expected}`, () => {
          expect(types(parse(issueUpdated(spec(flavor), [item], 'issue_generic')))).to.deep.equal([expected]);
        });
      }
    }

    it('ignores an update that changes only fields nobody subscribes to', () => {
      const webhook = decodeJiraWebhook(issueUpdated(spec('cloud'), [{ field: 'timeestimate', before: '3600', after: '7200' }]))!;
      expect(isIgnored(parseJiraEvent(webhook))).to.equal(true);
    });

    it('merges several changes into one message with a field per change', () => {
      const event = parse(issueResolved(spec('cloud')));
      expect(types(event)).to.deep.equal(['event_updated_resolved', 'event_updated_status']);
      expect(event.headline).to.equal(`Ada Lovelace changed [PROJ-1: Login page rejects valid passwords](${SITE}/browse/PROJ-1)`);
      expect(event.fields.map((field) => field.title)).to.deep.equal(['Resolution', 'Status']);
    });

    it('says what changed for one change', () => {
      const event = parse(issueUpdated(spec('server'), [{ field: 'status', before: 'To Do', after: 'In Progress' }]));
      expect(event.headline).to.equal(`Ada Lovelace changed the status of [PROJ-1: Login page rejects valid passwords](${SITE}/browse/PROJ-1) from "To Do" to "In Progress"`);
      expect(event.fields).to.deep.equal([]);
    });
  });

  describe('issue events', () => {
    for (const flavor of ['cloud', 'server'] as const) {
      it(`reads an issue created on ${flavor} with its description as Markdown and its fields`, () => {
        const event = parse(issueCreated(spec(flavor, { assignee: cy })));
        expect(types(event)).to.deep.equal(['event_created']);
        expect(event.headline).to.contain('Ada Lovelace created bug [PROJ-1: Login page rejects valid passwords]');
        expect(event.text).to.equal('Steps: open **/login**, type a valid password, press `Enter`.');
        expect(event.fields).to.deep.equal([{ title: 'Assignee', value: 'Cy Young', short: true }, { title: 'Priority', value: 'Medium', short: true }]);
        expect(event.notifications.map((n) => [n.jiraId, n.role])).to.deep.equal([[id(flavor, cy), 'assignee']]);
      });

      it(`notifies the new assignee of an assignment on ${flavor}, and the reporter`, () => {
        const event = parse(issueAssigned(spec(flavor, { assignee: cy })));
        expect(types(event)).to.deep.equal(['event_updated_assignee']);
        expect(event.headline).to.contain('assigned [PROJ-1');
        expect(event.notifications.map((n) => [n.jiraId, n.role])).to.deep.equal([[id(flavor, cy), 'assignee'], [id(flavor, bob), 'reporter']]);
      });

      it(`does not notify people of what they did themselves on ${flavor}`, () => {
        const event = parse(issueAssigned(spec(flavor, { assignee: ada, reporter: ada })));
        expect(event.notifications).to.deep.equal([]);
      });

      it(`reads a reopened issue on ${flavor}`, () => {
        expect(types(parse(issueReopened(spec(flavor))))).to.deep.equal(['event_updated_reopened']);
      });

      it(`reads an unresolved issue deleted on ${flavor} as both deleted events`, () => {
        expect(types(parse(issueDeleted(spec(flavor))))).to.deep.equal(['event_deleted', 'event_deleted_unresolved']);
        expect(types(parse(issueDeleted(spec(flavor, { resolution: { id: '1', name: 'Done' } }))))).to.deep.equal(['event_deleted']);
      });

      it(`reads comments created, edited and deleted on ${flavor}`, () => {
        const created = parse(commentEvent(spec(flavor, { assignee: cy }), 'created', `Hi ${mentionOf(flavor, bob)}, *see* this`));
        expect(types(created)).to.deep.equal(['event_created_comment']);
        expect(created.headline).to.contain('Ada Lovelace commented on [PROJ-1');
        expect(created.text).to.equal(`> Hi ${mentionOf(flavor, bob)}, **see** this`);
        expect(created.notifyWatchers).to.equal(true);
        expect(created.notifications.map((n) => [n.jiraId, n.role])).to.deep.equal([[id(flavor, bob), 'mention'], [id(flavor, cy), 'assignee'], [id(flavor, bob), 'reporter']]);
        expect(types(parse(commentEvent(spec(flavor), 'updated')))).to.deep.equal(['event_updated_comment']);
        const deleted = parse(commentEvent(spec(flavor), 'deleted'));
        expect(types(deleted)).to.deep.equal(['event_deleted_comment']);
        expect(deleted.headline).to.contain('Ada Lovelace deleted a comment on');
      });
    }
  });

  describe('old Jira Server payloads without issue_event_type_name', () => {
    it('infers field changes from the changelog', () => {
      const event = parse(issueUpdated(spec('server', { assignee: cy }), [{ field: 'assignee', before: null, after: 'Cy Young' }], ''));
      expect(types(event)).to.deep.equal(['event_updated_assignee']);
      expect(event.notifications[0]).to.include({ jiraId: 'cy', role: 'assignee' });
    });

    it('infers a new comment from a comment without a changelog', () => {
      const event = parse(oldServerComment(spec('server'), 'Fixed in {{main}}'));
      expect(types(event)).to.deep.equal(['event_created_comment']);
      expect(event.text).to.equal('> Fixed in `main`');
    });
  });

  describe('payloads that are not Jira issue events', () => {
    it('refuses a body without webhookEvent', () => {
      expect(() => decodeJiraWebhook({ hello: 'world' })).to.throw(NotAJiraPayloadError, 'webhookEvent');
      expect(() => decodeJiraWebhook([1, 2])).to.throw(NotAJiraPayloadError);
    });

    it('refuses an issue event without its issue', () => {
      expect(() => decodeJiraWebhook({ webhookEvent: 'jira:issue_created' })).to.throw(NotAJiraPayloadError, 'issue');
    });

    it('leaves other Jira events (worklogs, sprints) alone', () => {
      expect(decodeJiraWebhook({ webhookEvent: 'jira:worklog_updated', worklog: {} })).to.equal(undefined);
      expect(decodeJiraWebhook({ webhookEvent: 'sprint_started', sprint: {} })).to.equal(undefined);
    });
  });

  describe('Jira markup', () => {
    it('turns headings, links, code and noformat blocks into Markdown', () => {
      expect(jiraToMarkdown('h2. Steps\n[the docs|https://example.com/docs]\n{code:js}\nconst a = *b*;\n{code}')).to.equal('## Steps\n[the docs](https://example.com/docs)\n\n```js\nconst a = *b*;\n```');
      expect(jiraToMarkdown('{noformat}\nraw -text-\n{noformat}')).to.equal('```\nraw -text-\n```');
    });
  });
});

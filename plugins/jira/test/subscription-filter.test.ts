// The subscription filter table: each filter kind alone, then combined, against issues from payloads.
import { expect } from 'chai';
import type { FieldFilter, SubscriptionFilters } from '../src/subscriptions/subscription.ts';
import { matchesFilters } from '../src/subscriptions/subscription-filter.ts';
import { decodeJiraWebhook, type JiraIssue } from '../src/webhook/jira-webhook.ts';
import { parseFieldConditions } from '../src/subscriptions/field-conditions.ts';
import { issueCreated, ISSUE_TYPES, PRIORITIES, type IssueSpec } from './helpers/jira-payloads.ts';

const SITE = 'https://jira.example.com';
const ada = { accountId: '5b10a2844c20165700ede001', name: 'ada', key: 'JIRAUSER10001', displayName: 'Ada Lovelace' };

function issue(extra: Partial<IssueSpec> = {}): JiraIssue {
  return decodeJiraWebhook(issueCreated({ flavor: 'cloud', site: SITE, actor: ada, ...extra }))!.issue;
}

function filters(extra: Partial<SubscriptionFilters>): SubscriptionFilters {
  return { events: ['event_created'], projects: ['PROJ'], issue_types: [ISSUE_TYPES.bug.id], fields: [], ...extra };
}

const field = (key: string, inclusion: FieldFilter['inclusion'], values: string[] = []): FieldFilter => ({ key, inclusion, values });
const loose = { securityLevelEmpty: false };
const strict = { securityLevelEmpty: true };

describe('jira subscription filters', () => {
  const base = issue({ labels: ['backend', 'api'], priority: PRIORITIES.high, fields: { customfield_10042: [{ id: '7', value: 'Red' }], fixVersions: [{ id: '10100', name: '2.0' }] } });

  const table: Array<[string, SubscriptionFilters, Set<string>, JiraIssue, boolean]> = [
    // events
    ['an event listed', filters({}), new Set(['event_created']), base, true],
    ['an event not listed', filters({ events: ['event_updated_status'] }), new Set(['event_created']), base, false],
    ['event_updated_any for a change', filters({ events: ['event_updated_any'] }), new Set(['event_updated_labels']), base, true],
    ['event_updated_any for a comment', filters({ events: ['event_updated_any'] }), new Set(['event_created_comment']), base, true],
    ['event_updated_any for a creation', filters({ events: ['event_updated_any'] }), new Set(['event_created']), base, false],
    ['one of several event types listed', filters({ events: ['event_updated_status'] }), new Set(['event_updated_resolved', 'event_updated_status']), base, true],
    ['a custom field event', filters({ events: ['event_updated_customfield_10042'] }), new Set(['event_updated_customfield_10042']), base, true],
    // projects
    ['the project listed', filters({ projects: ['OTHER', 'PROJ'] }), new Set(['event_created']), base, true],
    ['another project', filters({ projects: ['OTHER'] }), new Set(['event_created']), base, false],
    // issue types
    ['the issue type by id', filters({ issue_types: [ISSUE_TYPES.bug.id] }), new Set(['event_created']), base, true],
    ['the issue type by name', filters({ issue_types: ['bug'] }), new Set(['event_created']), base, true],
    ['another issue type', filters({ issue_types: [ISSUE_TYPES.story.id] }), new Set(['event_created']), base, false],
    // include_any
    ['include_any with a label held', filters({ fields: [field('labels', 'include_any', ['api', 'web'])] }), new Set(['event_created']), base, true],
    ['include_any with no label held', filters({ fields: [field('labels', 'include_any', ['web'])] }), new Set(['event_created']), base, false],
    ['include_any on priority by id', filters({ fields: [field('priority', 'include_any', [PRIORITIES.high.id])] }), new Set(['event_created']), base, true],
    ['include_any on priority by name', filters({ fields: [field('priority', 'include_any', ['high'])] }), new Set(['event_created']), base, true],
    ['include_any on a custom option', filters({ fields: [field('customfield_10042', 'include_any', ['7'])] }), new Set(['event_created']), base, true],
    ['include_any on fix versions', filters({ fields: [field('fixVersions', 'include_any', ['10100'])] }), new Set(['event_created']), base, true],
    // include_all
    ['include_all with every label held', filters({ fields: [field('labels', 'include_all', ['api', 'backend'])] }), new Set(['event_created']), base, true],
    ['include_all with one label missing', filters({ fields: [field('labels', 'include_all', ['api', 'web'])] }), new Set(['event_created']), base, false],
    // exclude_any
    ['exclude_any with no excluded label', filters({ fields: [field('labels', 'exclude_any', ['web'])] }), new Set(['event_created']), base, true],
    ['exclude_any with an excluded label', filters({ fields: [field('labels', 'exclude_any', ['api'])] }), new Set(['event_created']), base, false],
    // empty
    ['empty on an empty field', filters({ fields: [field('components', 'empty')] }), new Set(['event_created']), base, true],
    ['empty on a filled field', filters({ fields: [field('labels', 'empty')] }), new Set(['event_created']), base, false],
    ['empty on a field the issue lacks', filters({ fields: [field('customfield_99999', 'empty')] }), new Set(['event_created']), base, true],
    // combined
    ['all kinds together, all holding', filters({ events: ['event_updated_any'], projects: ['PROJ'], issue_types: ['Bug'], fields: [field('labels', 'include_all', ['api']), field('priority', 'exclude_any', ['Low']), field('components', 'empty')] }), new Set(['event_updated_priority']), base, true],
    ['all kinds together, one condition failing', filters({ events: ['event_updated_any'], projects: ['PROJ'], issue_types: ['Bug'], fields: [field('labels', 'include_all', ['api']), field('priority', 'exclude_any', ['High'])] }), new Set(['event_updated_priority']), base, false],
    ['all kinds together, the project failing', filters({ events: ['event_updated_any'], projects: ['OTHER'], fields: [field('labels', 'include_all', ['api'])] }), new Set(['event_updated_priority']), base, false],
  ];

  for (const [name, wanted, eventTypes, subject, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} ${name}`, () => {
      expect(matchesFilters(wanted, eventTypes, subject, loose)).to.equal(expected);
    });
  }

  describe('security levels', () => {
    const secured = issue({ security: { id: '10001', name: 'Internal' } });
    const created = new Set(['event_created']);

    it('leaves out a secured issue when the subscription names no level and the setting is on', () => {
      expect(matchesFilters(filters({}), created, secured, strict)).to.equal(false);
      expect(matchesFilters(filters({}), created, base, strict)).to.equal(true);
    });

    it('lets a secured issue through when the setting is off', () => {
      expect(matchesFilters(filters({}), created, secured, loose)).to.equal(true);
    });

    it('lets a secured issue through to a subscription naming its level', () => {
      expect(matchesFilters(filters({ fields: [field('security', 'include_any', ['10001'])] }), created, secured, strict)).to.equal(true);
    });

    it('reads exclude_any on the security level as empty when the setting is on', () => {
      const excluding = filters({ fields: [field('security', 'exclude_any', ['99999'])] });
      expect(matchesFilters(excluding, created, secured, strict)).to.equal(false);
      expect(matchesFilters(excluding, created, secured, loose)).to.equal(true);
    });
  });

  describe('field conditions as text', () => {
    it('reads one condition a line', () => {
      expect(parseFieldConditions('labels include_any a, b\n\nsecurity empty\npriority exclude_any 4')).to.deep.equal([field('labels', 'include_any', ['a', 'b']), field('security', 'empty'), field('priority', 'exclude_any', ['4'])]);
    });

    it('refuses an unknown inclusion and a condition without values, naming the line', () => {
      expect(() => parseFieldConditions('labels has a')).to.throw('Line 1');
      expect(() => parseFieldConditions('labels include_any a\nlabels include_all')).to.throw('Line 2');
    });
  });
});

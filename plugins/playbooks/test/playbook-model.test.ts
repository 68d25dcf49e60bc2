// The pure parts of the plugin: decoding and validating a playbook body, the export document, and
// the list's query parameters.
import { expect } from 'chai';
import { HttpError } from '@parley/plugin-api';
import { parseListOptions } from '../src/http/list-options.ts';
import { decodeImport, exportPlaybook } from '../src/playbooks/playbook-export.ts';
import { actionCount, decodePlaybook, validatePlaybook, withIds, type Playbook } from '../src/playbooks/playbook.ts';

const TEAM = 'abcdefghijklmnopqrstuvwxyz';

function refusal(work: () => unknown): HttpError {
  try {
    work();
  } catch (err) {
    expect(err).to.be.instanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error('expected an HttpError');
}

describe('playbooks: decoding a playbook body', () => {
  it('fills missing fields with their zero values and ignores unknown ones, as Go does', () => {
    const playbook = decodePlaybook(JSON.stringify({ title: 'T', team_id: TEAM, surprise: 1, metrics: null }));
    expect(playbook).to.include({ title: 'T', team_id: TEAM, public: false, description: '', reminder_timer_default_seconds: 0, channel_mode: 'create_new_channel' });
    expect(playbook.metrics).to.deep.equal([]);
    expect(playbook).to.not.have.property('surprise');
  });

  it('names the field of the wrong type, nested ones included', () => {
    expect(refusal(() => decodePlaybook('{"checklists":[{"items":[{"due_date":"soon"}]}]}')).message).to.contain('checklists[0].items[0].due_date must be an integer');
    expect(refusal(() => decodePlaybook('{"invited_user_ids":[1]}')).message).to.contain('invited_user_ids must be an array of strings');
    expect(refusal(() => decodePlaybook('{"metrics":[{"target":1.5}]}')).message).to.contain('metrics[0].target must be an integer or null');
    expect(refusal(() => decodePlaybook('[]')).status).to.equal(400);
  });

  it('refuses duplicate members and ids that are not ids', () => {
    const member = { user_id: TEAM, roles: ['playbook_member'] };
    expect(refusal(() => validatePlaybook(decodePlaybook(JSON.stringify({ title: 'T', team_id: TEAM, members: [member, member] })))).message).to.contain('listed once');
    expect(refusal(() => validatePlaybook(decodePlaybook(JSON.stringify({ title: 'T', team_id: TEAM, broadcast_channel_ids: ['town-square'] })))).message).to.contain('not a 26-character id');
    expect(refusal(() => validatePlaybook(decodePlaybook(JSON.stringify({ title: 'T', team_id: 'x' })))).message).to.contain('team_id');
  });

  it('gives checklists, items and metrics ids, keeps ids sent, and trims keywords', () => {
    const kept = 'zyxwvutsrqponmlkjihgfedcba';
    const playbook = withIds(decodePlaybook(JSON.stringify({ checklists: [{ id: kept, items: [{ title: 'a' }] }], metrics: [{ title: 'm' }], signal_any_keywords: [' outage ', '', 'outage', 'down'] })), 5);
    expect(playbook.checklists[0]!.id).to.equal(kept);
    expect(playbook.checklists[0]!.items[0]!.id).to.match(/^[a-z0-9]{26}$/);
    expect(playbook.checklists[0]!.items[0]!.update_at).to.equal(5);
    expect(playbook.metrics[0]!.id).to.match(/^[a-z0-9]{26}$/);
    expect(playbook.signal_any_keywords).to.deep.equal(['outage', 'down']);
  });

  it('counts the channel and each enabled automation as actions', () => {
    const playbook = decodePlaybook(JSON.stringify({ broadcast_enabled: true, signal_any_keywords_enabled: true }));
    expect(actionCount(playbook)).to.equal(3);
  });
});

describe('playbooks: export and import', () => {
  it('leaves zero values and server-specific fields out, and reads its own export back', () => {
    const playbook = { ...withIds(decodePlaybook(JSON.stringify({ title: 'T', team_id: TEAM, public: true, checklists: [{ title: 'c', items: [{ title: 'i', state: 'closed', assignee_id: TEAM }] }], metrics: [{ title: 'm', type: 'metric_integer', target: null }] })), 1), id: TEAM, create_at: 1, update_at: 1, delete_at: 0, num_runs: 0, last_run_at: 0 } as Playbook;
    const exported = exportPlaybook(playbook);
    expect(exported).to.deep.equal({ title: 'T', version: 1, checklists: [{ title: 'c', items: [{ title: 'i' }] }], metrics: [{ title: 'm', type: 'metric_integer' }] });
    const imported = decodeImport(JSON.stringify(exported));
    expect(imported).to.include({ title: 'T', id: '', team_id: '' });
    expect(imported.checklists[0]!.items[0]!.title).to.equal('i');
  });

  it('refuses another version', () => {
    expect(refusal(() => decodeImport('{"title":"T"}')).message).to.contain('Unsupported import version');
  });
});

describe('playbooks: list options', () => {
  it('defaults to title, ascending, page 0 and 1000 a page', () => {
    expect(parseListOptions({})).to.deep.equal({ teamId: '', sort: 'title', direction: 'asc', page: 0, perPage: 1000, searchTerm: '', withArchived: false });
    expect(parseListOptions({ per_page: '0', with_archived: 'yes' })).to.include({ perPage: 1000, withArchived: false });
  });

  it('reads each parameter without regard to case, as Mattermost does', () => {
    expect(parseListOptions({ team_id: TEAM, sort: 'LAST_RUN_AT', direction: 'DESC', page: '2', per_page: '20', search_term: 'x', with_archived: 'true' })).to.deep.equal({ teamId: TEAM, sort: 'last_run_at', direction: 'desc', page: 2, perPage: 20, searchTerm: 'x', withArchived: true });
  });

  it('refuses what Mattermost refuses', () => {
    expect(refusal(() => parseListOptions({ sort: 'id' })).message).to.contain("bad parameter 'sort'");
    expect(refusal(() => parseListOptions({ per_page: '-5' })).message).to.contain('positive number');
    expect(refusal(() => parseListOptions({ page: '1.5' })).message).to.contain('should be a number');
  });
});

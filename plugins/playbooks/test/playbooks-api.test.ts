// The playbooks REST API through a real server and the real bundle: every route, the permissions of
// each role (outside the team, team member, playbook member, playbook admin, system admin), bad
// input, archived playbooks, paging, sorting and search, and the WebSocket events.
import { expect } from 'chai';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { RawSocket } from '../../../test/helpers/ws-client.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

describe('playbooks plugin: /api/v0/playbooks', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let teammate: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const create = async (who: LoggedIn, fields: Record<string, unknown> = {}, teamId = team.id): Promise<string> => {
    const answer = await api(who, 'POST', '/playbooks', playbookBody(teamId, fields));
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return answer.body.id as string;
  };

  before(async function () {
    // A server with the prepackaged plugins running: longer than mocha's default on a busy machine.
    this.timeout(60_000);
    ({ ts, admin } = await startServerWithPlaybooks());
    owner = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id]);
    await createTeamWith(admin.client, [outsider.user.id]);
  });

  after(() => ts?.close());

  describe('create and get', () => {
    it('creates a playbook with a Location header and gives it back with Mattermost fields', async () => {
      const answer = await api(owner, 'POST', '/playbooks', playbookBody(team.id));
      expect(answer.status).to.equal(201);
      expect(answer.body).to.have.keys('id');
      expect(answer.headers.get('location')).to.match(new RegExp(`/plugins/playbooks/api/v0/playbooks/${answer.body.id}$`));

      const { status, body } = await api(owner, 'GET', `/playbooks/${answer.body.id}`);
      expect(status).to.equal(200);
      expect(body).to.include({ id: answer.body.id, title: 'Incident response', team_id: team.id, public: true, num_stages: 2, num_steps: 3, num_runs: 0, last_run_at: 0, delete_at: 0, reminder_timer_default_seconds: 86400, channel_mode: 'create_new_channel' });
      expect(body.create_at).to.be.a('number').and.equal(body.update_at);
      expect(body.members).to.deep.equal([{ user_id: owner.user.id, roles: ['playbook_member', 'playbook_admin'], scheme_roles: ['playbook_member', 'playbook_admin'] }]);
      expect(body.checklists[0].title).to.equal('Triage');
      expect(body.checklists[0].items[0]).to.include({ title: 'Page the on-call', command: '/echo paged', due_date: 600000, state: '' });
      expect(body.checklists[0].items[0].id).to.match(/^[a-z0-9]{26}$/);
      expect(body.checklists[0].items_order).to.deep.equal(body.checklists[0].items.map((item: { id: string }) => item.id));
      expect(body.metrics).to.have.length(1);
      expect(body.metrics[0]).to.include({ title: 'Time to resolve', type: 'metric_duration', target: 3600000, playbook_id: answer.body.id });
      expect(body.invited_user_ids).to.deep.equal([]);
      expect(body.broadcast_channel_ids).to.deep.equal([]);
    });

    it('answers 401 to a request without a session', async () => {
      const answer = await api(null, 'GET', '/playbooks');
      expect(answer.status).to.equal(401);
      expect(answer.body.error).to.equal('Not authorized');
    });

    it('refuses to create in a team the caller is not on with 403', async () => {
      const answer = await api(outsider, 'POST', '/playbooks', playbookBody(team.id));
      expect(answer.status).to.equal(403);
      expect(answer.body).to.include({ error: 'Not authorized', status_code: 403 });
    });

    const badBodies: Array<[string, unknown, RegExp]> = [
      ['a body that is not JSON', '{title', /not JSON/],
      ['a field of the wrong type', { public: 'yes' }, /public must be a boolean/],
      ['no reminder timer', { reminder_timer_default_seconds: 0 }, /ReminderTimerDefaultSeconds must be > 0/],
      ['an id', { id: 'abcdefghijklmnopqrstuvwxyz' }, /already has ID/],
      ['an empty title', { title: '  ' }, /needs a title/],
      ['a team id that is not an id', { team_id: 'engineering' }, /team_id must be/],
      ['five metrics', { metrics: [1, 2, 3, 4, 5].map((n) => ({ title: `m${n}`, type: 'metric_integer' })) }, /more than 4 key metrics/],
      ['two metrics of one name', { metrics: [{ title: 'x', type: 'metric_integer' }, { title: 'x', type: 'metric_currency' }] }, /unique/],
      ['a metric of an unknown type', { metrics: [{ title: 'x', type: 'metric_speed' }] }, /type must be one of/],
      ['a webhook URL that is not http', { webhook_on_creation_urls: ['ftp://example.com/hook'] }, /not an http or https URL/],
      ['an unknown member role', { members: [{ user_id: 'abcdefghijklmnopqrstuvwxyz', roles: ['playbook_owner'] }] }, /unknown role/],
      ['an unknown item state', { checklists: [{ title: 'a', items: [{ title: 'b', state: 'done' }] }] }, /state must be/],
      ['an unknown channel mode', { channel_mode: 'somewhere' }, /channel_mode must be one of/],
    ];
    for (const [what, fields, message] of badBodies) {
      it(`answers 400 to ${what}`, async () => {
        const body = typeof fields === 'string' ? fields : playbookBody(team.id, fields as Record<string, unknown>);
        const answer = await api(owner, 'POST', '/playbooks', body);
        expect(answer.status).to.equal(400);
        expect(answer.body.error).to.match(message);
        expect(answer.body.message).to.equal(answer.body.error);
      });
    }
  });

  describe('channels and people a playbook names', () => {
    it('refuses broadcast channels the caller cannot post in, and invitees from outside the team, with 403', async () => {
      const closed = await createChannelWith(admin.client, team, [], 'P');
      expect((await api(owner, 'POST', '/playbooks', playbookBody(team.id, { broadcast_channel_ids: [closed.id], broadcast_enabled: true }))).status).to.equal(403);
      expect((await api(owner, 'POST', '/playbooks', playbookBody(team.id, { invited_user_ids: [outsider.user.id], invite_users_enabled: true }))).status).to.equal(403);
    });

    it('refuses an archived broadcast channel with 400 and keeps channels and invitees that are fine', async () => {
      const open = await createChannelWith(admin.client, team, [owner.user.id]);
      const gone = await createChannelWith(admin.client, team, [owner.user.id]);
      await admin.client.deleteChannel(gone.id);
      const refused = await api(owner, 'POST', '/playbooks', playbookBody(team.id, { broadcast_channel_ids: [gone.id], broadcast_enabled: true }));
      expect(refused.status).to.equal(400);
      expect(refused.body.error).to.contain('archived channel');
      const id = await create(owner, { broadcast_channel_ids: [open.id], broadcast_enabled: true, invited_user_ids: [teammate.user.id], invite_users_enabled: true });
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body).to.deep.include({ broadcast_channel_ids: [open.id], invited_user_ids: [teammate.user.id], num_actions: 3 });
    });

    it('drops invitees and clears a default owner who left the team when the playbook is saved', async () => {
      const leaver = await createUser(ts, admin.client);
      await admin.client.addToTeam(team.id, leaver.user.id);
      const id = await create(owner, { invited_user_ids: [teammate.user.id, leaver.user.id], default_owner_id: leaver.user.id, default_owner_enabled: true });
      await admin.client.removeFromTeam(team.id, leaver.user.id);
      const body = (await api(owner, 'GET', `/playbooks/${id}`)).body;
      expect((await api(owner, 'PUT', `/playbooks/${id}`, body)).status).to.equal(200);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body).to.deep.include({ invited_user_ids: [teammate.user.id], default_owner_id: '', default_owner_enabled: false });
    });
  });

  describe('who sees a playbook', () => {
    let privateId: string;
    let publicId: string;

    before(async () => {
      privateId = await create(owner, { public: false, title: 'Private runbook' });
      publicId = await create(owner, { title: 'Public runbook' });
    });

    it('shows a public playbook to every team member and a restricted one to its members only', async () => {
      expect((await api(teammate, 'GET', `/playbooks/${publicId}`)).status).to.equal(200);
      expect((await api(teammate, 'GET', `/playbooks/${privateId}`)).status).to.equal(403);
      expect((await api(owner, 'GET', `/playbooks/${privateId}`)).status).to.equal(200);
    });

    it('shows nothing to a user outside the team, public or not', async () => {
      expect((await api(outsider, 'GET', `/playbooks/${publicId}`)).status).to.equal(403);
      expect((await api(outsider, 'GET', `/playbooks/${privateId}`)).status).to.equal(403);
      expect((await api(outsider, 'GET', `/playbooks?team_id=${team.id}`)).status).to.equal(403);
    });

    it('shows every playbook to a system admin', async () => {
      expect((await api(admin, 'GET', `/playbooks/${privateId}`)).status).to.equal(200);
      const list = await api(admin, 'GET', `/playbooks?team_id=${team.id}&per_page=200`);
      expect(list.body.items.map((item: { id: string }) => item.id)).to.include.members([privateId, publicId]);
    });

    it('lists restricted playbooks to their members only', async () => {
      const ofTeammate = await api(teammate, 'GET', `/playbooks?team_id=${team.id}&per_page=200`);
      expect(ofTeammate.body.items.map((item: { id: string }) => item.id)).to.include(publicId).and.not.include(privateId);
      const ofOwner = await api(owner, 'GET', '/playbooks?per_page=200');
      expect(ofOwner.body.items.map((item: { id: string }) => item.id)).to.include.members([privateId, publicId]);
      const ofOutsider = await api(outsider, 'GET', '/playbooks');
      expect(ofOutsider.body).to.deep.equal({ total_count: 0, page_count: 0, has_more: false, items: [] });
    });

    it('answers 403 for an id no playbook has, as Mattermost does', async () => {
      expect((await api(owner, 'GET', '/playbooks/abcdefghijklmnopqrstuvwxyz')).status).to.equal(403);
    });
  });

  describe('update', () => {
    it('lets a playbook member edit the playbook and keeps what the server manages', async () => {
      const id = await create(owner, { members: [{ user_id: owner.user.id, roles: ['playbook_member', 'playbook_admin'] }, { user_id: teammate.user.id, roles: ['playbook_member'] }], public: false });
      const before = (await api(owner, 'GET', `/playbooks/${id}`)).body;
      const edited = { ...before, title: 'Renamed', create_at: 1, num_runs: 99, checklists: [{ title: 'Only', items: [{ title: 'one' }] }] };
      const answer = await api(teammate, 'PUT', `/playbooks/${id}`, edited);
      expect(answer.status).to.equal(200);
      const after = (await api(owner, 'GET', `/playbooks/${id}`)).body;
      expect(after).to.include({ title: 'Renamed', create_at: before.create_at, num_runs: 0, num_stages: 1, num_steps: 1 });
      expect(after.update_at).to.be.at.least(before.update_at);
    });

    it('refuses a team member who is not a playbook member of a restricted playbook', async () => {
      const id = await create(owner, { public: false });
      const body = (await api(owner, 'GET', `/playbooks/${id}`)).body;
      expect((await api(teammate, 'PUT', `/playbooks/${id}`, { ...body, title: 'x' })).status).to.equal(403);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body.title).to.equal('Incident response');
    });

    it('lets only a playbook admin change roles and visibility', async () => {
      const id = await create(owner, { members: [{ user_id: owner.user.id, roles: ['playbook_member', 'playbook_admin'] }, { user_id: teammate.user.id, roles: ['playbook_member'] }] });
      const body = (await api(owner, 'GET', `/playbooks/${id}`)).body;
      const promoted = { ...body, members: [body.members[0], { user_id: teammate.user.id, roles: ['playbook_member', 'playbook_admin'] }] };
      expect((await api(teammate, 'PUT', `/playbooks/${id}`, promoted)).status).to.equal(403);
      expect((await api(teammate, 'PUT', `/playbooks/${id}`, { ...body, public: false })).status).to.equal(403);
      expect((await api(owner, 'PUT', `/playbooks/${id}`, promoted)).status).to.equal(200);
      expect((await api(teammate, 'PUT', `/playbooks/${id}`, { ...promoted, public: false })).status).to.equal(200);
      expect((await api(admin, 'GET', `/playbooks/${id}`)).body.public).to.equal(false);
    });

    it('keeps members out of a playbook its admins locked with admin_only_edit', async () => {
      const id = await create(owner, { admin_only_edit: true, members: [{ user_id: owner.user.id, roles: ['playbook_member', 'playbook_admin'] }, { user_id: teammate.user.id, roles: ['playbook_member'] }] });
      const body = (await api(owner, 'GET', `/playbooks/${id}`)).body;
      const { admin_only_edit: _left, ...withoutFlag } = body;
      expect((await api(teammate, 'PUT', `/playbooks/${id}`, { ...withoutFlag, title: 'x' })).status).to.equal(403);
      expect((await api(owner, 'PUT', `/playbooks/${id}`, { ...withoutFlag, title: 'By the admin' })).status).to.equal(200);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body).to.include({ title: 'By the admin', admin_only_edit: true });
    });

    it('lets a system admin edit and archive a restricted playbook it is not a member of', async () => {
      const id = await create(owner, { public: false });
      const body = (await api(admin, 'GET', `/playbooks/${id}`)).body;
      expect((await api(admin, 'PUT', `/playbooks/${id}`, { ...body, title: 'Audited', admin_only_edit: true })).status).to.equal(200);
      expect((await api(admin, 'DELETE', `/playbooks/${id}`)).status).to.equal(204);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body).to.include({ title: 'Audited', admin_only_edit: true });
    });

    it('answers 400 to bad input and 404 to an unknown playbook', async () => {
      const id = await create(owner);
      expect((await api(owner, 'PUT', `/playbooks/${id}`, playbookBody(team.id, { metrics: [{ title: 'a', type: 'metric_integer' }, { title: 'a', type: 'metric_integer' }] }))).status).to.equal(400);
      expect((await api(owner, 'PUT', `/playbooks/${id}`, '[1')).status).to.equal(400);
      expect((await api(owner, 'PUT', '/playbooks/abcdefghijklmnopqrstuvwxyz', playbookBody(team.id))).status).to.equal(404);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body.metrics).to.have.length(1);
    });
  });

  describe('patch', () => {
    it('sets the run number prefix (trimmed of spaces and outer hyphens) and the channel name template, with 204', async () => {
      const id = await create(owner, { public: false, members: [{ user_id: owner.user.id, roles: ['playbook_member', 'playbook_admin'] }, { user_id: teammate.user.id, roles: ['playbook_member'] }] });
      const patched = await api(teammate, 'PATCH', `/playbooks/${id}`, { run_number_prefix: ' -INC-7- ', channel_name_template: 'incident {{name}}' });
      expect([patched.status, patched.body]).to.deep.equal([204, null]);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body).to.include({ run_number_prefix: 'INC-7', channel_name_template: 'incident {{name}}', title: 'Incident response' });
      expect((await api(owner, 'PATCH', `/playbooks/${id}`, { channel_name_template: null })).status).to.equal(204);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body.channel_name_template).to.equal('incident {{name}}');
      expect((await api(owner, 'PATCH', `/playbooks/${id}`, { run_number_prefix: '' })).status).to.equal(204);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body.run_number_prefix).to.equal('');
    });

    it('answers 409 to a run number prefix another playbook of the team uses, in any case', async () => {
      const first = await create(owner);
      const second = await create(owner);
      expect((await api(owner, 'PATCH', `/playbooks/${first}`, { run_number_prefix: 'OPS' })).status).to.equal(204);
      expect((await api(owner, 'PATCH', `/playbooks/${first}`, { run_number_prefix: 'OPS' })).status).to.equal(204);
      expect((await api(owner, 'PATCH', `/playbooks/${second}`, { run_number_prefix: 'ops' })).status).to.equal(409);
      expect((await api(owner, 'GET', `/playbooks/${second}`)).body.run_number_prefix).to.equal('');
    });

    it('answers 400 to unknown fields, bad prefixes and templates and an archived playbook, 403 to those who may not edit, 404 to an unknown playbook', async () => {
      const id = await create(owner, { public: false });
      for (const body of [{ title: 'x' }, { run_number_prefix: 'a b' }, { run_number_prefix: 'x'.repeat(33) }, { run_number_prefix: 7 }, { channel_name_template: '   ' }, { channel_name_template: 'x'.repeat(1025) }, '[']) {
        expect((await api(owner, 'PATCH', `/playbooks/${id}`, body)).status, JSON.stringify(body)).to.equal(400);
      }
      expect((await api(teammate, 'PATCH', `/playbooks/${id}`, { run_number_prefix: 'MINE' })).status).to.equal(403);
      expect((await api(outsider, 'PATCH', `/playbooks/${id}`, { run_number_prefix: 'MINE' })).status).to.equal(403);
      expect((await api(owner, 'PATCH', '/playbooks/abcdefghijklmnopqrstuvwxyz', { run_number_prefix: 'MINE' })).status).to.equal(404);
      await api(owner, 'DELETE', `/playbooks/${id}`);
      expect((await api(owner, 'PATCH', `/playbooks/${id}`, { run_number_prefix: 'MINE' })).status).to.equal(400);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body).to.include({ run_number_prefix: '', channel_name_template: '' });
    });
  });

  describe('archive and restore', () => {
    it('archives once, hides from the list unless with_archived, refuses edits, and restores', async () => {
      const other = await createTeamWith(admin.client, [owner.user.id, teammate.user.id]);
      const id = await create(owner, { title: 'Retired' }, other.id);
      expect((await api(teammate, 'DELETE', `/playbooks/${id}`)).status).to.equal(204);
      expect((await api(owner, 'GET', `/playbooks?team_id=${other.id}`)).body.total_count).to.equal(0);
      const archived = await api(owner, 'GET', `/playbooks?team_id=${other.id}&with_archived=true`);
      expect(archived.body.items[0].id).to.equal(id);
      expect(archived.body.items[0].delete_at).to.be.above(0);
      expect((await api(owner, 'DELETE', `/playbooks/${id}`)).status).to.equal(204);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body.delete_at).to.equal(archived.body.items[0].delete_at);
      const body = (await api(owner, 'GET', `/playbooks/${id}`)).body;
      expect((await api(owner, 'PUT', `/playbooks/${id}`, { ...body, title: 'x' })).status).to.equal(400);
      expect((await api(owner, 'PUT', `/playbooks/${id}/restore`)).status).to.equal(204);
      expect((await api(owner, 'GET', `/playbooks?team_id=${other.id}`)).body.items[0]).to.include({ id, delete_at: 0 });
    });

    it('refuses to archive or restore for a user who may not edit', async () => {
      const id = await create(owner, { public: false });
      expect((await api(teammate, 'DELETE', `/playbooks/${id}`)).status).to.equal(403);
      expect((await api(outsider, 'PUT', `/playbooks/${id}/restore`)).status).to.equal(403);
      expect((await api(owner, 'DELETE', '/playbooks/abcdefghijklmnopqrstuvwxyz')).status).to.equal(404);
      expect((await api(owner, 'GET', `/playbooks/${id}`)).body.delete_at).to.equal(0);
    });
  });

  describe('list', () => {
    let listTeam: Team;
    before(async () => {
      listTeam = await createTeamWith(admin.client, [owner.user.id]);
      await create(owner, { title: 'Beta release', checklists: [{ title: 'a', items: [{ title: '1' }] }] }, listTeam.id);
      await create(owner, { title: 'Alpha release', checklists: [{ title: 'a', items: [{ title: '1' }, { title: '2' }, { title: '3' }] }] }, listTeam.id);
      await create(owner, { title: 'Onboarding 100%', checklists: [] }, listTeam.id);
    });

    it('pages with total_count, page_count and has_more', async () => {
      const first = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&per_page=2&page=0`);
      expect(first.body).to.include({ total_count: 3, page_count: 2, has_more: true });
      expect(first.body.items.map((item: { title: string }) => item.title)).to.deep.equal(['Alpha release', 'Beta release']);
      const second = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&per_page=2&page=1`);
      expect(second.body).to.include({ total_count: 3, page_count: 2, has_more: false });
      expect(second.body.items.map((item: { title: string }) => item.title)).to.deep.equal(['Onboarding 100%']);
    });

    it('sorts by steps and stages in either direction, items counting their checklists', async () => {
      const bySteps = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&sort=steps&direction=desc`);
      expect(bySteps.body.items.map((item: { num_steps: number }) => item.num_steps)).to.deep.equal([3, 1, 0]);
      // As in Mattermost, list items count their checklists without carrying them.
      expect(bySteps.body.items[0]).to.include({ title: 'Alpha release', num_stages: 1 });
      expect(bySteps.body.items[0].checklists).to.deep.equal([]);
      const byStages = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&sort=stages&direction=asc`);
      expect(byStages.body.items[0].title).to.equal('Onboarding 100%');
      expect((await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&sort=runs`)).status).to.equal(200);
      expect((await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&sort=last_run_at&direction=desc`)).status).to.equal(200);
    });

    it('searches titles without regard to case, wildcards taken literally', async () => {
      const release = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&search_term=RELEASE`);
      expect(release.body.items.map((item: { title: string }) => item.title)).to.deep.equal(['Alpha release', 'Beta release']);
      const percent = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&search_term=${encodeURIComponent('0%')}`);
      expect(percent.body.items.map((item: { title: string }) => item.title)).to.deep.equal(['Onboarding 100%']);
      const underscore = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&search_term=_`);
      expect(underscore.body.total_count).to.equal(0);
    });

    for (const [query, message] of [['sort=colour', /bad parameter 'sort'/], ['direction=up', /bad parameter 'direction'/], ['page=-1', /positive number/], ['per_page=ten', /should be a number/]] as const) {
      it(`answers 400 to ${query}`, async () => {
        const answer = await api(owner, 'GET', `/playbooks?team_id=${listTeam.id}&${query}`);
        expect(answer.status).to.equal(400);
        expect(answer.body.error).to.match(message);
      });
    }
  });

  describe('duplicate, export and import', () => {
    it('duplicates as "Copy of" with the caller as the only admin', async () => {
      const id = await create(owner, { channel_name_template: 'incident-{SEQ}' });
      const answer = await api(teammate, 'POST', `/playbooks/${id}/duplicate`);
      expect(answer.status).to.equal(201);
      const copy = (await api(teammate, 'GET', `/playbooks/${answer.body.id}`)).body;
      expect(copy).to.include({ title: 'Copy of Incident response', channel_name_template: '', num_steps: 3 });
      expect(copy.members).to.deep.equal([{ user_id: teammate.user.id, roles: ['playbook_member', 'playbook_admin'], scheme_roles: ['playbook_member', 'playbook_admin'] }]);
      expect(copy.metrics[0].id).to.not.equal((await api(owner, 'GET', `/playbooks/${id}`)).body.metrics[0].id);
      expect((await api(outsider, 'POST', `/playbooks/${id}/duplicate`)).status).to.equal(403);
    });

    it('exports without server-specific fields and imports the export into a team', async () => {
      const id = await create(owner, { public: false, retrospective_template: 'What went well?' });
      const exported = await api(owner, 'GET', `/playbooks/${id}/export`);
      expect(exported.status).to.equal(200);
      expect(exported.body).to.include({ version: 1, title: 'Incident response', retrospective_template: 'What went well?', reminder_timer_default_seconds: 86400 });
      expect(exported.body).to.not.have.any.keys('id', 'team_id', 'members', 'public', 'create_at', 'channel_mode');
      expect(exported.body.checklists[1]).to.deep.equal({ title: 'Resolve', items: [{ title: 'Write the timeline' }] });
      expect(exported.body.metrics).to.deep.equal([{ title: 'Time to resolve', description: 'From page to fix', type: 'metric_duration', target: 3600000 }]);
      expect((await api(teammate, 'GET', `/playbooks/${id}/export`)).status).to.equal(403);

      const imported = await api(teammate, 'POST', `/playbooks/import?team_id=${team.id}`, exported.body);
      expect(imported.status).to.equal(201);
      expect(imported.headers.get('location')).to.match(new RegExp(`/playbooks/${imported.body.id}$`));
      const copy = (await api(teammate, 'GET', `/playbooks/${imported.body.id}`)).body;
      expect(copy).to.include({ title: 'Incident response', public: true, team_id: team.id, num_steps: 3 });
      expect(copy.members[0].user_id).to.equal(teammate.user.id);
    });

    it('refuses an import of another version, with an id, or into a team the caller is not on', async () => {
      expect((await api(owner, 'POST', `/playbooks/import?team_id=${team.id}`, { version: 2, title: 'x' })).status).to.equal(400);
      expect((await api(owner, 'POST', `/playbooks/import?team_id=${team.id}`, { version: 1, title: 'x', id: 'abcdefghijklmnopqrstuvwxyz' })).status).to.equal(400);
      expect((await api(outsider, 'POST', `/playbooks/import?team_id=${team.id}`, { version: 1, title: 'x' })).status).to.equal(403);
    });
  });

  describe('WebSocket events', () => {
    it('tells the team about a public playbook and only the members about a restricted one, the value JSON-encoded in payload as Mattermost sends it', async () => {
      const teammateSocket = await RawSocket.authenticated(ts, teammate.client.getToken());
      const outsiderSocket = await RawSocket.authenticated(ts, outsider.client.getToken());
      try {
        const publicId = await create(owner, { title: 'Announced' });
        const created = await teammateSocket.waitForEvent('custom_playbooks_playbook_created');
        expect(created.data).to.deep.equal({ payload: JSON.stringify({ teamID: team.id }) });
        await create(owner, { public: false, title: 'Quiet' });
        await api(owner, 'DELETE', `/playbooks/${publicId}`);
        await teammateSocket.waitForEvent('custom_playbooks_playbook_archived');
        await api(owner, 'PUT', `/playbooks/${publicId}/restore`);
        await teammateSocket.waitForEvent('custom_playbooks_playbook_restored');
        expect(teammateSocket.events().filter((event) => event.event === 'custom_playbooks_playbook_created')).to.have.length(1);
        expect(outsiderSocket.events().filter((event) => event.event.startsWith('custom_playbooks_'))).to.deep.equal([]);
      } finally {
        await teammateSocket.close();
        await outsiderSocket.close();
      }
    });
  });
});

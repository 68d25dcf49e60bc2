// GET /api/v0/stats/playbook through a real server and the real bundle: the figures for a playbook
// with runs in progress, finished and with published, draft and missing retrospective values; the
// empty playbook; who may read them; and bad input.
import { expect } from 'chai';
import type { Team } from '@mattermost/types/teams';
import { createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { playbookBody, playbooksApi, startServerWithPlaybooks } from './helpers/playbooks-server.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

describe('playbooks plugin: /api/v0/stats/playbook', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let owner: LoggedIn;
  let teammate: LoggedIn;
  let outsider: LoggedIn;
  let team: Team;
  const api = (who: LoggedIn | null, method: string, path: string, body?: unknown) => playbooksApi(ts, who, method, path, body);
  const twoMetrics = { metrics: [
    { title: 'Time to resolve', description: 'From page to fix', type: 'metric_duration', target: 3_600_000 },
    { title: 'Customers affected', description: 'Tickets opened', type: 'metric_integer', target: 0 },
  ] };
  const playbook = async (fields: Record<string, unknown> = {}): Promise<string> => {
    const answer = await api(owner, 'POST', '/playbooks', playbookBody(team.id, fields));
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return answer.body.id as string;
  };
  const start = async (playbookId: string, name: string): Promise<{ id: string; channel_id: string }> => {
    const answer = await api(owner, 'POST', '/runs', { name, owner_user_id: owner.user.id, team_id: team.id, playbook_id: playbookId });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return answer.body;
  };
  const ok = async (path: string, body?: unknown, method = 'PUT') => {
    const answer = await api(owner, method, path, body);
    expect(answer.status, JSON.stringify(answer.body)).to.be.within(200, 204);
  };
  const stats = (who: LoggedIn | null, query: string) => api(who, 'GET', `/stats/playbook${query}`);

  before(async function () {
    // Starting a server with every prepackaged plugin takes longer than a test on a busy machine.
    this.timeout(60_000);
    ({ ts, admin } = await startServerWithPlaybooks());
    owner = await createUser(ts, admin.client);
    teammate = await createUser(ts, admin.client);
    outsider = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [owner.user.id, teammate.user.id]);
    await createTeamWith(admin.client, [outsider.user.id]);
  });

  after(async () => {
    await ts?.close();
  });

  it('counts runs, participants and published metric values the way Mattermost does', async () => {
    const playbookId = await playbook(twoMetrics);
    const [timeMetric, customersMetric] = ((await api(owner, 'GET', `/playbooks/${playbookId}`)).body.metrics as Array<{ id: string }>).map((metric) => metric.id);
    const first = await start(playbookId, 'Disk full');
    const second = await start(playbookId, 'Certificate expired');
    const draft = await start(playbookId, 'Slow queries');
    const ongoing = await start(playbookId, 'Queue backlog');
    await ok(`/runs/${ongoing.id}/participants`, { user_ids: [teammate.user.id] }, 'POST');
    for (const run of [first, second, draft]) await ok(`/runs/${run.id}/finish`);
    await ok(`/runs/${first.id}/retrospective/publish`, { retrospective: 'Rotated logs.', metrics: [{ metric_config_id: timeMetric, value: 600_000 }, { metric_config_id: customersMetric, value: 3 }] }, 'POST');
    // The second retrospective is published later, so it is the newest in the rolling values.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await ok(`/runs/${second.id}/retrospective/publish`, { retrospective: 'Renewed.', metrics: [{ metric_config_id: timeMetric, value: 1_200_001 }, { metric_config_id: customersMetric, value: null }] }, 'POST');
    // A draft retrospective's value is not a published figure.
    await ok(`/runs/${draft.id}/retrospective`, { retrospective: 'Draft', metrics: [{ metric_config_id: timeMetric, value: 99 }] }, 'POST');

    const before = Date.now();
    const answer = await stats(teammate, `?playbook_id=${playbookId}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    const body = answer.body;
    expect(body).to.include({ runs_in_progress: 1, participants_active: 2, runs_finished_prev_30_days: 3, runs_finished_percentage_change: 99_999_999 });

    const startOfToday = Math.floor(before / DAY_MS) * DAY_MS;
    const lastSunday = startOfToday - new Date(startOfToday).getUTCDay() * DAY_MS;
    expect(body.runs_started_per_week).to.deep.equal([...Array(11).fill(0), 4]);
    expect(body.runs_started_per_week_times).to.have.length(12);
    expect(body.runs_started_per_week_times[11]).to.deep.equal([lastSunday, lastSunday + WEEK_MS - 1]);
    expect(body.runs_started_per_week_times[0]).to.deep.equal([lastSunday - 11 * WEEK_MS, lastSunday - 10 * WEEK_MS - 1]);
    // Every run started today: active today only; its participants are the owner and the teammate.
    expect(body.active_runs_per_day).to.deep.equal([...Array(13).fill(0), 4]);
    expect(body.active_participants_per_day).to.deep.equal([...Array(13).fill(0), 2]);
    expect(body.active_runs_per_day_times[13]).to.deep.equal([startOfToday, startOfToday + DAY_MS - 1]);
    expect(body.active_runs_per_day_times[0]).to.deep.equal([startOfToday - 13 * DAY_MS, startOfToday - 12 * DAY_MS - 1]);
    expect(body.active_participants_per_day_times).to.deep.equal(body.active_runs_per_day_times);

    // Averages are floored; values are newest first; a metric without values earlier has no change.
    expect(body.metric_overall_average).to.deep.equal([900_000, 3]);
    expect(body.metric_value_range).to.deep.equal([[600_000, 1_200_001], [3, 3]]);
    expect(body.metric_rolling_values).to.deep.equal([[1_200_001, 600_000], [3]]);
    expect(body.metric_rolling_average).to.deep.equal([900_000, 3]);
    expect(body.metric_rolling_average_change).to.deep.equal([null, null]);
    // The names are those of the last metric's runs: the run channels' display names.
    expect(body.last_x_run_names).to.deep.equal([(await owner.client.getChannel(first.channel_id)).display_name]);
  });

  it('compares the rolling average of the last 10 published values with the 10 before them', async () => {
    const playbookId = await playbook();
    const metricId = (await api(owner, 'GET', `/playbooks/${playbookId}`)).body.metrics[0].id as string;
    const values = [400, 100, ...Array<number>(10).fill(150)];
    const channels: string[] = [];
    for (const [i, value] of values.entries()) {
      const run = await start(playbookId, `Outage ${i}`);
      channels.push(run.channel_id);
      await ok(`/runs/${run.id}/finish`);
      await ok(`/runs/${run.id}/retrospective/publish`, { retrospective: 'Done.', metrics: [{ metric_config_id: metricId, value }] }, 'POST');
      // Distinct publication times keep the newest-first order certain.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const answer = await stats(owner, `?playbook_id=${playbookId}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    // Newest 10: all 150; the two before: 400 and 100, average 250; (150 * 100 / 250) - 100 = -40.
    expect(answer.body.metric_rolling_values).to.deep.equal([Array(10).fill(150)]);
    expect(answer.body.metric_rolling_average).to.deep.equal([150]);
    expect(answer.body.metric_rolling_average_change).to.deep.equal([-40]);
    expect(answer.body.metric_overall_average).to.deep.equal([Math.floor((400 + 100 + 1500) / 12)]);
    expect(answer.body.metric_value_range).to.deep.equal([[100, 400]]);
    const names = await Promise.all(channels.slice(2).reverse().map(async (id) => (await owner.client.getChannel(id)).display_name));
    expect(answer.body.last_x_run_names).to.deep.equal(names);
    expect(answer.body).to.include({ runs_finished_prev_30_days: 12, runs_in_progress: 0 });
  });

  it('answers zeros and empty metric figures for a playbook without runs', async () => {
    const playbookId = await playbook();
    const answer = await stats(owner, `?playbook_id=${playbookId}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect(answer.body, JSON.stringify(answer.body)).to.include({ runs_in_progress: 0, participants_active: 0, runs_finished_prev_30_days: 0, runs_finished_percentage_change: 99_999_999 });
    expect(answer.body.runs_started_per_week).to.deep.equal(Array(12).fill(0));
    expect(answer.body.active_runs_per_day).to.deep.equal(Array(14).fill(0));
    expect(answer.body).to.deep.include({
      metric_overall_average: [null], metric_rolling_average: [null], metric_rolling_average_change: [null],
      metric_value_range: [null], metric_rolling_values: [null], last_x_run_names: null,
    });
  });

  it('refuses a user of another team, a non-member of a restricted playbook and an unknown playbook with 403', async () => {
    const publicId = await playbook();
    const restrictedId = await playbook({ public: false });
    for (const [who, id] of [[outsider, publicId], [teammate, restrictedId], [owner, 'abcdefghijklmnopqrstuvwxyz']] as const) {
      const answer = await stats(who, `?playbook_id=${id}`);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(403);
      expect(answer.body.error).to.equal('Not authorized');
    }
    expect((await stats(admin, `?playbook_id=${restrictedId}`)).status).to.equal(200);
  });

  it('answers 400 without a playbook_id and 401 without a session', async () => {
    for (const query of ['', '?playbook_id=']) {
      const answer = await stats(owner, query);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(400);
      expect(answer.body.error).to.contain("'playbook_id' is required");
    }
    const playbookId = await playbook();
    expect((await stats(null, `?playbook_id=${playbookId}`)).status).to.equal(401);
  });
});

// The run panel of the web client's right-hand sidebar (opened from the channel header's "Playbook
// run" or a status update's "View run details"): the run of the channel it was opened in — its
// overview, checklists, a status update form and the latest timeline events — kept current by the
// plugin's playbook_run_updated events. It reaches only the plugin's routes, through the view bridge.
import { connectView } from '@parley/plugin-api/view';
import { applyTheme, h, replaceKeepingFocus } from '../views/dom.ts';
import { eventValue } from '../views/playbooks-events.ts';
import { ApiError, PlaybooksClient, type Person, type Run } from '../views/playbooks-client.ts';
import { checklistsSection, runSummary, statusSection, timelineSection, type RunContext } from '../views/run-sections.ts';

const TIMELINE_SHOWN = 5;

async function main(): Promise<void> {
  const bridge = await connectView();
  applyTheme(bridge);
  const client = new PlaybooksClient(bridge);
  const root = document.getElementById('panel')!;
  const status = document.getElementById('status')!;
  const { channel_id: channelId, team_id: teamId } = bridge.context;
  let run: Run | null = null;
  let people = new Map<string, Person>();
  let missing = '';
  // Counts the run events applied: a load that began before one may answer with the run as it was
  // before that change (a check made elsewhere), and must not draw it over the event's newer run.
  let eventsApplied = 0;

  const load = async () => {
    const eventsBefore = eventsApplied;
    try {
      const loaded = await client.call<Run>('GET', `/api/v0/runs/channel/${encodeURIComponent(channelId)}`);
      if (eventsApplied !== eventsBefore) return;
      run = loaded;
      missing = '';
      if (people.size === 0) people = await client.people(run.team_id);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 403)) throw err;
      run = null;
      missing = err.status === 404 ? 'This channel has no playbook run.' : 'You may not see the run of this channel.';
    }
  };
  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      status.textContent = '';
    } catch (err) {
      status.textContent = `That did not work: ${(err as Error).message}`;
      status.className = 'error';
    }
    await load();
    render();
  };
  const render = () => {
    if (!run) {
      const browse = h('button', { type: 'button', id: 'browse-playbooks', onclick: () => bridge.navigate(`/plug/playbooks/playbooks?team_id=${encodeURIComponent(teamId)}`) }, 'Browse playbooks');
      replaceKeepingFocus(root, h('p', {}, missing), h('p', {}, 'Start one with "Run playbook" in a message\'s menu, or with /playbook run.'), browse);
      return;
    }
    const view: RunContext = { run, people, client, act };
    const details = h('button', { type: 'button', id: 'open-run-page', className: 'link', onclick: () => bridge.navigate(`/plug/playbooks/playbooks/runs/${run!.id}?team_id=${encodeURIComponent(run!.team_id)}`) }, 'Open the run details page');
    replaceKeepingFocus(root, runSummary(view, 'h2'), details, checklistsSection(view), statusSection(view, null), timelineSection(view, TIMELINE_SHOWN));
  };

  bridge.onEvent((event, data) => {
    const value = eventValue(data);
    if (event === 'playbook_run_updated' && run && value?.id === run.id) {
      eventsApplied += 1;
      run = value as unknown as Run;
      render();
    } else if (event === 'playbook_run_created' && (value?.playbook_run as Run | undefined)?.channel_id === channelId) {
      void load().then(render);
    }
  });
  await load();
  render();
}

main().catch((err: unknown) => {
  document.getElementById('panel')!.replaceChildren(h('p', { role: 'alert', className: 'error' }, `The run could not be shown: ${(err as Error).message}`));
});

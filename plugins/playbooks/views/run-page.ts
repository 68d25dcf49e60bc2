// The full page of one run (/plug/playbooks/playbooks/runs/{id}): its overview and channel, its
// checklists, the retrospective with the playbook's metrics, the status updates posted and the
// timeline; kept current by the plugin's playbook_run_updated events.
import { h, type Child } from './dom.ts';
import { PageSection, type PageApp } from './page-app.ts';
import type { MetricConfig, Person } from './playbooks-client.ts';
import { eventValue } from './playbooks-events.ts';
import { checklistsSection, retrospectiveSection, runSummary, statusSection, timelineSection, type RunContext } from './run-sections.ts';

export function runPage(app: PageApp, root: HTMLElement, status: HTMLElement, runId: string): PageSection {
  const { client } = app;
  let people: Map<string, Person> | null = null;
  let metrics: MetricConfig[] | null = null;

  const section: PageSection = new PageSection(root, status, async (): Promise<Child[]> => {
    const [run, details] = await Promise.all([client.run(runId), client.runDetails(runId)]);
    people ??= await client.people(run.team_id);
    // A participant may not see a restricted playbook: the run is shown without its metrics then.
    metrics ??= await client.playbook(run.playbook_id).then((playbook) => playbook.metrics, () => []);
    const view: RunContext = { run, people, client, act: (action) => section.act(action) };
    const channel = details.channel;
    return [
      runSummary(view, 'h1'),
      channel ? h('p', {}, h('button', { type: 'button', id: 'go-to-channel', className: 'link', onclick: () => app.bridge.navigate(channel.url) }, `Go to the channel ${channel.display_name}`)) : null,
      h('div', { className: 'run-layout' }, h('div', {}, checklistsSection(view), retrospectiveSection(view, metrics)), h('div', {}, statusSection(view, details), timelineSection(view))),
    ];
  });

  app.bridge.onEvent((event, data) => {
    if (event === 'playbook_run_updated' && eventValue(data)?.id === runId) void section.refresh();
  });
  return section;
}

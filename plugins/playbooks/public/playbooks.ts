// The Playbooks page of the web client (/plug/playbooks/playbooks, opened from the app bar): the
// playbooks list and editor, the runs list and a run's page, chosen by the page's sub-path
// (context.path: '', /playbooks, /playbooks/new, /playbooks/{id}, /runs, /runs/{id}). Every request
// goes through the view bridge to the plugin's own routes, as the signed-in user.
import { connectView } from '@parley/plugin-api/view';
import { applyTheme, h } from '../views/dom.ts';
import { header, pageApp, type PageApp, type PageSection } from '../views/page-app.ts';
import { playbookEditor } from '../views/playbook-editor.ts';
import { playbooksList } from '../views/playbooks-list.ts';
import { PlaybooksClient } from '../views/playbooks-client.ts';
import { runPage } from '../views/run-page.ts';
import { runsList } from '../views/runs-list.ts';

function route(app: PageApp, path: string, root: HTMLElement, status: HTMLElement): { tab: 'playbooks' | 'runs'; section: PageSection } {
  const [first = '', second = ''] = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  if (first === 'runs' && second) return { tab: 'runs', section: runPage(app, root, status, second) };
  if (first === 'runs') return { tab: 'runs', section: runsList(app, root, status) };
  if (first === 'playbooks' && second) return { tab: 'playbooks', section: playbookEditor(app, root, status, second) };
  return { tab: 'playbooks', section: playbooksList(app, root, status) };
}

async function main(): Promise<void> {
  const bridge = await connectView();
  applyTheme(bridge);
  const app = pageApp(bridge, new PlaybooksClient(bridge));
  const root = h('main', {});
  const status = h('p', { role: 'status', className: 'info' });
  const { tab, section } = route(app, bridge.context.path ?? '', root, status);
  document.getElementById('app')!.replaceChildren(header(app, tab), status, root);
  await section.refresh();
}

main().catch((err: unknown) => {
  document.getElementById('app')!.replaceChildren(h('main', {}, h('p', { role: 'alert', className: 'error' }, `Playbooks could not be shown: ${(err as Error).message}`)));
});

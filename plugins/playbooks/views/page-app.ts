// The frame of the full-page view (/plug/playbooks/playbooks/...): its pages by sub-path (the client
// hands the page's sub-path to the view as context.path), the tabs between them, and how a page
// reloads itself after a change or shows why a change failed.
import type { ViewBridge } from '@parley/plugin-api/view';
import { h, replaceKeepingFocus, type Child } from './dom.ts';
import type { PlaybooksClient } from './playbooks-client.ts';

export const PAGE_PATH = '/plug/playbooks/playbooks';

export interface PageApp {
  bridge: ViewBridge;
  client: PlaybooksClient;
  /** The team the page was opened from ('' when opened on its own: every team of the user). */
  teamId: string;
  /** Opens another page of the view (a sub-path such as `/runs/abc`), keeping the team. */
  go(subPath: string): void;
}

export function pageApp(bridge: ViewBridge, client: PlaybooksClient): PageApp {
  const teamId = bridge.context.team_id;
  return { bridge, client, teamId, go: (subPath) => bridge.navigate(`${PAGE_PATH}${subPath}${teamId ? `?team_id=${encodeURIComponent(teamId)}` : ''}`) };
}

/**
 * A page that draws itself from what it loads: `draw` builds its content, `refresh` loads again and
 * draws, `act` runs a change then refreshes, showing the server's reason when the change fails.
 * `draw` builds new nodes only: a node already on the page that it put into its drawing would leave
 * the page at once (losing the focus), and stay off it when a newer refresh drops that drawing.
 */
export class PageSection {
  readonly #root: HTMLElement;
  readonly #status: HTMLElement;
  readonly #draw: () => Child[] | Promise<Child[]>;
  #generation = 0;

  constructor(root: HTMLElement, status: HTMLElement, draw: () => Child[] | Promise<Child[]>) {
    this.#root = root;
    this.#status = status;
    this.#draw = draw;
  }

  /**
   * Draws the section again. A refresh begun later (a filter changed again meanwhile) draws the
   * newer answer; an older answer that arrives after it is dropped instead of drawn over it. A
   * refresh that fails says so in the status line rather than leaving the old drawing unexplained.
   */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    let children: Child[];
    try {
      children = await this.#draw();
    } catch (err) {
      if (generation === this.#generation) this.say(`The page could not be drawn again: ${(err as Error).message}`, 'error');
      return;
    }
    if (generation === this.#generation) replaceKeepingFocus(this.#root, ...children);
  }

  say(text: string, kind: 'error' | 'info' = 'info'): void {
    this.#status.textContent = text;
    this.#status.className = kind;
  }

  act = async (action: () => Promise<unknown>, done = ''): Promise<void> => {
    try {
      await action();
      this.say(done);
    } catch (err) {
      this.say(`That did not work: ${(err as Error).message}`, 'error');
    }
    await this.refresh();
  };
}

/** The view's header: the tabs between the pages and the way back to the channels. */
export function header(app: PageApp, current: 'playbooks' | 'runs'): HTMLElement {
  const tab = (id: 'playbooks' | 'runs', label: string, path: string) => h('button', { type: 'button', 'aria-current': current === id ? 'page' : undefined, onclick: () => app.go(path) }, label);
  return h(
    'nav',
    { className: 'tabs', 'aria-label': 'Playbooks' },
    tab('playbooks', 'Playbooks', '/playbooks'),
    tab('runs', 'Runs', '/runs'),
    h('button', { type: 'button', onclick: () => app.bridge.navigate('/') }, 'Back to channels'),
  );
}

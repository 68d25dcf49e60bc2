// The to-do view of the web client's right-hand panel (opened from the app bar): asks the plugin's
// GET /todo through the view bridge — the view has no network of its own — and lists review
// requests, assignments, open pull requests and unread notifications, with counts and links.
// Everything is written with textContent: titles come from GitHub and are never read as HTML.
import { connectView } from '@parley/plugin-api/view';

interface TodoItem {
  repository: string;
  title: string;
  url: string;
  detail: string;
}

interface TodoSection {
  count: number;
  more: boolean;
  items: TodoItem[];
}

type TodoAnswer =
  | { connected: false; message: string }
  | { connected: true; github_login: string; review_requests: TodoSection; assignments: TodoSection; open_pull_requests: TodoSection; unread_notifications: TodoSection };

const SECTIONS = [
  ['review_requests', 'Review requests', 'No pull requests are waiting for your review.'],
  ['assignments', 'Assigned to you', 'Nothing open is assigned to you.'],
  ['open_pull_requests', 'Your open pull requests', 'You have no open pull requests.'],
  ['unread_notifications', 'Unread notifications', 'You have no unread notifications.'],
] as const;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function renderSection(key: string, title: string, empty: string, section: TodoSection): HTMLElement {
  const part = element('section');
  part.dataset.section = key;
  const heading = element('h2', title);
  heading.append(element('span', section.more ? `${section.count}+` : String(section.count), 'count'));
  part.append(heading);
  if (section.items.length === 0) {
    part.append(element('p', empty, 'empty'));
    return part;
  }
  const list = element('ul');
  for (const item of section.items) {
    const row = element('li');
    const link = element('a', item.title);
    // Only GitHub's own http(s) pages are linked.
    if (/^https?:\/\//.test(item.url)) link.href = item.url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    row.append(element('div', item.repository, 'repo'), link);
    if (item.detail) row.append(element('div', item.detail, 'detail'));
    list.append(row);
  }
  part.append(list);
  return part;
}

function show(...nodes: HTMLElement[]): void {
  document.getElementById('todo')!.replaceChildren(...nodes);
}

async function main(): Promise<void> {
  const bridge = await connectView();
  const { theme } = bridge.context;
  const style = document.body.style;
  if (theme.centerChannelColor) style.setProperty('--text', theme.centerChannelColor);
  if (theme.centerChannelBg) style.setProperty('--bg', theme.centerChannelBg);
  if (theme.linkColor) style.setProperty('--link', theme.linkColor);
  const response = await bridge.fetch('/todo');
  const answer = response.json<TodoAnswer & { message?: string }>();
  if (response.status !== 200) {
    show(element('p', answer.message ?? `GitHub's to-dos could not be read (${response.status}).`, 'error'));
    return;
  }
  if (!answer.connected) {
    const hint = element('p', 'Your account is not connected to GitHub. Run ');
    hint.className = 'not-connected';
    hint.append(element('code', '/github connect'), ' in any channel, then open this panel again.');
    show(hint);
    return;
  }
  show(element('p', `Signed in to GitHub as ${answer.github_login}.`, 'repo'), ...SECTIONS.map(([key, title, empty]) => renderSection(key, title, empty, answer[key])));
}

main().catch((err: unknown) => show(element('p', `The to-do list could not be shown: ${(err as Error).message}`, 'error')));

// A few DOM helpers for the plugin's views (bundled into each view's script): elements built from
// text only — every value from the server is a text node or a property, never HTML — and a
// re-render that keeps the keyboard focus on the control that had it.
import type { ViewBridge } from '@parley/plugin-api/view';

type Prop = string | number | boolean | undefined | ((event: Event) => void);
export type Child = Node | string | null | undefined | false;

/** Properties set as such (the others are attributes). */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'className', 'hidden']);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, Prop> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || (value === false && !PROPERTIES.has(name))) continue;
    if (typeof value === 'function') node.addEventListener(name.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(name)) (node as unknown as Record<string, unknown>)[name] = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
  return node;
}

/** Replaces the children of `root`, then puts the focus back on the control with the same id. */
export function replaceKeepingFocus(root: HTMLElement, ...nodes: Child[]): void {
  const focused = document.activeElement instanceof HTMLElement && root.contains(document.activeElement) ? document.activeElement.id : '';
  root.replaceChildren(...nodes.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
  if (focused) document.getElementById(focused)?.focus();
}

/** A select's options from [value, label] pairs. */
export function options(pairs: ReadonlyArray<readonly [string, string]>, selected: string): HTMLOptionElement[] {
  return pairs.map(([value, label]) => h('option', { value, selected: value === selected }, label));
}

/** A labelled control: the label names the control for screen readers. */
export function field(id: string, label: string, control: HTMLElement, hint = ''): HTMLElement {
  control.id = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { className: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { id: `${id}-hint`, className: 'hint' }, hint) : null);
}

/** The client's theme colours on the view's page (the client tells them in the context). */
export function applyTheme(bridge: ViewBridge): void {
  const { theme } = bridge.context;
  const style = document.documentElement.style;
  const colours: Array<[string, string | undefined]> = [['--text', theme.centerChannelColor], ['--bg', theme.centerChannelBg], ['--link', theme.linkColor], ['--button-bg', theme.buttonBg], ['--button-text', theme.buttonColor], ['--error', theme.errorTextColor]];
  for (const [name, value] of colours) if (value) style.setProperty(name, value);
}

/** A date and time as the user's browser writes it. */
export function when(millis: number): string {
  return millis > 0 ? new Date(millis).toLocaleString() : '';
}

/** A status message for screen readers and sighted users alike. */
export function notice(text: string, kind: 'error' | 'info' = 'info'): HTMLElement {
  return h('p', { className: kind === 'error' ? 'error' : 'info', role: kind === 'error' ? 'alert' : 'status' }, text);
}

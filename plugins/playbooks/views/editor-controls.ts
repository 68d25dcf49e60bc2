// The playbook editor's controls bound to the draft: typing or ticking changes the draft in place
// (nothing is sent until Save), and a control that adds or removes a part asks for a redraw.
import { field, h, options } from './dom.ts';
import { personLabel, type Person, type PickableChannel, type Playbook } from './playbooks-client.ts';

/** What each part of the editor draws from: the draft, the team's people and the caller's channels. */
export interface EditorContext {
  playbook: Playbook;
  people: Person[];
  channels: PickableChannel[];
  /** Draws the form again from the draft (after a part is added or removed), keeping the focus. */
  redraw: () => void;
}

/** A text box (or a text area) whose every keystroke is written to the draft by `set`. */
export function textControl(value: string, set: (value: string) => void, props: Record<string, string | number | boolean> = {}, multiline = false): HTMLElement {
  return multiline
    ? h('textarea', { rows: 3, value, ...props, oninput: (event) => set((event.target as HTMLTextAreaElement).value) })
    : h('input', { type: 'text', value, ...props, oninput: (event) => set((event.target as HTMLInputElement).value) });
}

/** A check box with its label after it. */
export function checkboxField(id: string, label: string, checked: boolean, set: (value: boolean) => void): HTMLElement {
  return h('div', { className: 'field inline' }, h('input', { type: 'checkbox', id, checked, onchange: (event) => set((event.target as HTMLInputElement).checked) }), h('label', { for: id }, label));
}

/** A text area of one entry a line (URLs), written to the draft without blank lines. */
export function linesField(id: string, label: string, lines: string[], set: (lines: string[]) => void): HTMLElement {
  return field(id, label, textControl(lines.join('\n'), (value) => set(value.split('\n').map((line) => line.trim()).filter((line) => line !== '')), {}, true), 'One URL a line');
}

/** A select of the team's people, with `none` first and the current choice kept when it is nobody the list knows. */
export function personSelect(people: Person[], selected: string, none: string, set: (userId: string) => void): HTMLSelectElement {
  const choices: Array<readonly [string, string]> = [['', none], ...people.map((person) => [person.id, personLabel(person)] as const)];
  if (selected !== '' && !people.some((person) => person.id === selected)) choices.push([selected, 'someone outside the team']);
  return h('select', { onchange: (event) => set((event.target as HTMLSelectElement).value) }, ...options(choices, selected));
}

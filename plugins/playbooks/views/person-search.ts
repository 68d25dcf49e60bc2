// A search among the team's people, for adding members and invitees: typing filters the people by
// username or name (any case) and lists the first matches, each a button that picks the person. The
// list is redrawn on its own, so the search box keeps the focus while the user types.
import { h } from './dom.ts';
import type { Person } from './playbooks-client.ts';

/** More matches than this ask for a longer search term. */
const MAX_MATCHES = 8;

export interface PersonSearch {
  /** The search box's id and label, e.g. "Search people to add as members". */
  id: string;
  label: string;
  /** The name of the list of matches, e.g. "People found to add". */
  matchesLabel: string;
  people: Person[];
  /** Those already picked, left out of the matches. */
  picked: ReadonlySet<string>;
  /** The button's name for a match, e.g. "Add @bob". */
  pickLabel: (person: Person) => string;
  onPick: (person: Person) => void;
}

export function personSearch(search: PersonSearch): HTMLElement {
  const matches = h('ul', { className: 'matches', id: `${search.id}-matches`, 'aria-label': search.matchesLabel });
  const box = h('input', { type: 'search', id: search.id, autocomplete: 'off', 'aria-controls': matches.id, oninput: (event) => show((event.target as HTMLInputElement).value) });
  // The focus goes back to the search box before the form is drawn again (the redraw keeps the
  // focus on the control with the same id), so the keyboard user can search for the next person.
  const pick = (person: Person) => {
    box.focus();
    search.onPick(person);
  };
  const show = (term: string) => {
    const wanted = term.trim().toLowerCase();
    if (wanted === '') {
      matches.replaceChildren();
      return;
    }
    const found = search.people.filter((person) => !search.picked.has(person.id) && `${person.username} ${person.display_name}`.toLowerCase().includes(wanted));
    const items = found.slice(0, MAX_MATCHES).map((person) => h('li', {}, h('button', { type: 'button', className: 'quiet', onclick: () => pick(person) }, search.pickLabel(person))));
    if (found.length === 0) items.push(h('li', { className: 'hint' }, 'Nobody in the team matches.'));
    if (found.length > MAX_MATCHES) items.push(h('li', { className: 'hint' }, `${found.length - MAX_MATCHES} more: type more of the name.`));
    matches.replaceChildren(...items);
  };
  return h('div', { className: 'field person-search' }, h('label', { for: search.id }, search.label), box, matches);
}

// The editor's Members part: who holds a role in the playbook (Mattermost's playbook_member, and
// playbook_admin, who also holds playbook_member), a role select and a Remove button per member, and
// a search of the team's people to add one as a member. The server decides who may change what
// (adding plain members takes manage_members, any role change manage_roles) when the form is saved.
import { h, options } from './dom.ts';
import type { EditorContext } from './editor-controls.ts';
import { personSearch } from './person-search.ts';
import { personName, type PlaybookMember } from './playbooks-client.ts';

const PLAYBOOK_MEMBER = 'playbook_member';
export const PLAYBOOK_ADMIN = 'playbook_admin';
const ROLE_CHOICES: ReadonlyArray<readonly [string, string]> = [[PLAYBOOK_MEMBER, 'Member'], [PLAYBOOK_ADMIN, 'Admin']];

/** The roles a member holds for the role chosen, as Mattermost stores them. */
export function rolesFor(role: string): string[] {
  return role === PLAYBOOK_ADMIN ? [PLAYBOOK_MEMBER, PLAYBOOK_ADMIN] : [PLAYBOOK_MEMBER];
}

export function membersEditor(ctx: EditorContext): HTMLElement[] {
  const { playbook, redraw } = ctx;
  const people = new Map(ctx.people.map((person) => [person.id, person]));
  const row = (member: PlaybookMember, m: number): HTMLElement => {
    const name = personName(people, member.user_id);
    const role = h(
      'select',
      { id: `member-${m}-role`, 'aria-label': `Role of ${name}`, onchange: (event) => (member.roles = rolesFor((event.target as HTMLSelectElement).value)) },
      ...options(ROLE_CHOICES, member.roles.includes(PLAYBOOK_ADMIN) ? PLAYBOOK_ADMIN : PLAYBOOK_MEMBER),
    );
    return h(
      'tr',
      {},
      h('td', {}, name),
      h('td', {}, role),
      h('td', {}, h('button', { type: 'button', className: 'danger', 'aria-label': `Remove ${name} from the members`, onclick: () => { playbook.members.splice(m, 1); redraw(); } }, 'Remove')),
    );
  };
  return [
    h('h2', {}, 'Members'),
    h('p', { className: 'hint' }, playbook.public ? 'Everyone in the team may see and run this playbook; its members below hold their roles in it.' : 'Only the members below may see and run this playbook.', ' Admins may also change roles and who sees the playbook.'),
    playbook.members.length === 0
      ? h('p', {}, 'The playbook has no members.')
      : h('table', { 'aria-label': 'Members' }, h('thead', {}, h('tr', {}, ...['Person', 'Role', 'Actions'].map((title) => h('th', { scope: 'col' }, title)))), h('tbody', {}, ...playbook.members.map(row))),
    personSearch({
      id: 'member-search',
      label: 'Search people to add as members',
      matchesLabel: 'People found to add',
      people: ctx.people,
      picked: new Set(playbook.members.map((member) => member.user_id)),
      pickLabel: (person) => `Add ${personName(people, person.id)}`,
      onPick: (person) => {
        playbook.members.push({ user_id: person.id, roles: rolesFor(PLAYBOOK_MEMBER) });
        redraw();
      },
    }),
  ];
}

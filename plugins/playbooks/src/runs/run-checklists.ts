// The checklist operations of a run that reshape its lists (Mattermost Playbooks'
// AddChecklist, RemoveChecklist, RenameChecklist, DuplicateChecklist, MoveChecklist, Skip/RestoreChecklist,
// RemoveChecklistItem, DuplicateChecklistItem, SetDueDate, SetCommandToChecklistItem): each a
// change of the run under its compare-and-set, by position counted from 0.
import { newId } from '@parley/plugin-api';
import { badRequest } from '../http/playbooks-error.ts';
import type { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { Checklist, ChecklistItem } from '../playbooks/playbook.ts';
import type { RunService } from './run-service.ts';
import { STATUS_FINISHED, type Run } from './run.ts';

export class RunChecklists {
  #runs: RunService;

  constructor(runs: RunService) {
    this.#runs = runs;
  }

  /** Appends a checklist with its items (new ids, open). */
  async add(caller: PlaybookAccess, id: string, checklist: Checklist): Promise<void> {
    const title = checklist.title.trim();
    if (title === '') throw badRequest('playbooks.run.checklist_title', 'bad parameter: checklist title must not be blank');
    await this.#lists(caller, id, (lists, now) => [...lists, { ...checklist, id: newId(), title, update_at: now, items: checklist.items.map((item) => freshItem(item, now)) }]);
  }

  async remove(caller: PlaybookAccess, id: string, index: number): Promise<void> {
    await this.#lists(caller, id, (lists) => {
      at(lists, index);
      return lists.filter((_, i) => i !== index);
    });
  }

  /** Renames a checklist of a run in progress. */
  async rename(caller: PlaybookAccess, id: string, index: number, newTitle: string): Promise<void> {
    const title = newTitle.trim();
    if (title === '') throw badRequest('playbooks.run.checklist_title', 'bad parameter: checklist title must not be blank');
    await this.#lists(caller, id, (lists, now, run) => {
      if (run.current_status === STATUS_FINISHED) throw badRequest('playbooks.run.finished', 'the run is finished: restore it to rename a checklist');
      return lists.map((list, i) => (i === at(lists, index) ? { ...list, title, update_at: now } : list));
    });
  }

  /** Appends a copy of a checklist, as Mattermost does: new ids, the items' states and assignees kept. */
  async duplicate(caller: PlaybookAccess, id: string, index: number): Promise<void> {
    await this.#lists(caller, id, (lists, now) => {
      const original = lists[at(lists, index)]!;
      return [...lists, { ...original, id: newId(), update_at: now, items: original.items.map((item) => ({ ...item, id: newId(), update_at: now })) }];
    });
  }

  async move(caller: PlaybookAccess, id: string, source: number, dest: number): Promise<void> {
    await this.#lists(caller, id, (lists) => {
      const moved = lists[at(lists, source)]!;
      at(lists, dest);
      const rest = lists.filter((_, i) => i !== source);
      return [...rest.slice(0, dest), moved, ...rest.slice(dest)];
    });
  }

  /** Skips every item of a checklist, or opens them all again. */
  async setSkipped(caller: PlaybookAccess, id: string, index: number, skipped: boolean): Promise<void> {
    await this.#lists(caller, id, (lists, now) => lists.map((list, i) => {
      if (i !== at(lists, index)) return list;
      return { ...list, update_at: now, items: list.items.map((item) => ({ ...item, state: skipped ? 'skipped' : '', state_modified: now, update_at: now })) };
    }));
  }

  async removeItem(caller: PlaybookAccess, id: string, index: number, itemIndex: number): Promise<void> {
    await this.#items(caller, id, index, itemIndex, (items) => items.filter((_, i) => i !== itemIndex));
  }

  /** A copy of an item right after it, open and with a new id. */
  async duplicateItem(caller: PlaybookAccess, id: string, index: number, itemIndex: number): Promise<void> {
    await this.#items(caller, id, index, itemIndex, (items, now) => [...items.slice(0, itemIndex + 1), freshItem(items[itemIndex]!, now), ...items.slice(itemIndex + 1)]);
  }

  /** An item's due date (epoch milliseconds; 0: none). */
  async setDueDate(caller: PlaybookAccess, id: string, index: number, itemIndex: number, dueDate: number): Promise<void> {
    if (dueDate < 0) throw badRequest('playbooks.run.due_date', 'due_date must be a time in epoch milliseconds, or 0 for none');
    await this.#items(caller, id, index, itemIndex, (items, now) => items.map((item, i) => (i === itemIndex ? { ...item, due_date: dueDate, update_at: now } : item)));
  }

  /** An item's slash command (empty: none); it must start with a slash. */
  async setCommand(caller: PlaybookAccess, id: string, index: number, itemIndex: number, command: string): Promise<void> {
    const trimmed = command.trim();
    if (trimmed !== '' && !trimmed.startsWith('/')) throw badRequest('playbooks.run.command', 'command must be a slash command, such as /echo hello');
    await this.#items(caller, id, index, itemIndex, (items, now) => items.map((item, i) => (i === itemIndex ? { ...item, command: trimmed, update_at: now } : item)));
  }

  async #lists(caller: PlaybookAccess, id: string, edit: (lists: Checklist[], now: number, run: Run) => Checklist[]): Promise<void> {
    await this.#runs.change(caller, id, (run, now) => ({ run: { ...run, checklists: edit(run.checklists, now, run) }, events: [] }));
  }

  async #items(caller: PlaybookAccess, id: string, index: number, itemIndex: number, edit: (items: ChecklistItem[], now: number) => ChecklistItem[]): Promise<void> {
    await this.#lists(caller, id, (lists, now) => {
      const list = lists[at(lists, index)]!;
      if (!list.items[itemIndex]) throw badRequest('playbooks.run.item_not_found', `checklist ${index} has no item ${itemIndex}`);
      return lists.map((candidate, i) => (i === index ? { ...candidate, items: edit(candidate.items, now), update_at: now } : candidate));
    });
  }
}

/** The position, when the run has a checklist there; 400 otherwise. */
function at(lists: Checklist[], index: number): number {
  if (!lists[index]) throw badRequest('playbooks.run.checklist_not_found', `the run has no checklist ${index}`);
  return index;
}

function freshItem(item: ChecklistItem, now: number): ChecklistItem {
  return { ...item, id: newId(), state: '', state_modified: 0, command_last_run: 0, assignee_modified: item.assignee_id !== '' ? now : 0, delete_at: 0, update_at: now };
}

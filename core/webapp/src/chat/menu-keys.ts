// The keys of a menu (role="menu"), as WAI-ARIA's menu pattern has them: ↓ and ↑ move between its
// enabled items, round the ends; Escape does what the menu says (close it, or go back a level).
import type { KeyboardEvent } from 'react';

/** Handles the key if it is one of a menu's; the event then goes no further. */
export function onMenuKey(event: KeyboardEvent<HTMLElement>, onEscape: () => void): void {
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])'));
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (event.key === 'Escape') onEscape();
  else if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
  else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
  else return;
  event.preventDefault();
  event.stopPropagation();
}

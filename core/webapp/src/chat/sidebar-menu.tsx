// The "⋯" menus of the channel sidebar (a channel's options, a category's options): a menu button
// whose items act, or open a list of further items in the same place ("Move to…"). Arrows move
// between items, Escape goes back a level or closes, and the focus returns to the button.
import { useEffect, useId, useRef, useState } from 'react';
import { errorText } from '../client.ts';
import { onMenuKey } from './menu-keys.ts';

export interface SidebarMenuItem {
  label: string;
  /** Done before the menu closes; a failure is shown in the menu. */
  onSelect?: () => unknown;
  /** Items shown instead of these when this one is chosen. */
  items?: SidebarMenuItem[];
  danger?: boolean;
}

export function SidebarMenu({ label, items }: { label: string; items: SidebarMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [submenu, setSubmenu] = useState<SidebarMenuItem | null>(null);
  const [problem, setProblem] = useState('');
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open, submenu]);

  const close = (returnFocus = true) => {
    setOpen(false);
    setSubmenu(null);
    setProblem('');
    if (returnFocus) button.current?.focus();
  };
  const choose = async (item: SidebarMenuItem) => {
    if (item.items) {
      setSubmenu(item);
      return;
    }
    setProblem('');
    try {
      // The item may open a dialog, which takes the focus: the button does not take it back.
      close(false);
      await item.onSelect?.();
    } catch (err) {
      setOpen(true);
      setProblem(errorText(err));
    }
  };
  const shown = submenu?.items ?? items;
  return (
    <div className="sidebar-menu">
      <button ref={button} type="button" className="quiet sidebar-menu-button" aria-label={label} aria-haspopup="menu" aria-expanded={open} aria-controls={open ? menuId : undefined} onClick={() => (open ? close() : setOpen(true))}>
        ⋯
      </button>
      {open && (
        <div ref={menu} id={menuId} role="menu" aria-label={submenu ? submenu.label.replace(/…$/, '') : label} className="sidebar-menu-items" onKeyDown={(event) => onMenuKey(event, () => (submenu ? setSubmenu(null) : close()))}>
          {shown.map((item) => (
            <button key={item.label} type="button" role="menuitem" className={item.danger ? 'danger' : undefined} aria-haspopup={item.items ? 'menu' : undefined} onClick={() => void choose(item)}>
              {item.label}
            </button>
          ))}
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

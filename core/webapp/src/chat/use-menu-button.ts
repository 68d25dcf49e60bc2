// The state of a menu button (WAI-ARIA's menu button pattern), shared by the post menu and a bookmark's
// menu: opening it focuses its first item; closing it gives the focus back to the button.
import { useEffect, useId, useRef, useState } from 'react';

export function useMenuButton() {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return { open, setOpen, close, menuId, button, menu };
}

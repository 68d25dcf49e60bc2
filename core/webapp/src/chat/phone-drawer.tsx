// The phone-width layout (640 px wide or less, as phone-layout.css draws it): the team and channel
// sidebars fold away behind a "Channels" button in a bar at the top and open over the channel as a
// drawer. Opening moves the focus into it (to the open channel), Tab stays inside, Escape or the
// backdrop closes it and gives the focus back to the button, and choosing a channel closes it.
// Wider, the drawer is no box at all and its sidebars are the chat's columns.
import { useEffect, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { usePath } from '../navigation.ts';
import './phone-layout.css';

/** Keep in step with the media queries of phone-layout.css. */
const PHONE_WIDTH = '(max-width: 640px)';
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function usePhoneWidth(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(PHONE_WIDTH);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(PHONE_WIDTH).matches,
  );
}

export function PhoneDrawer({ title, children }: { title: string; children: ReactNode }) {
  const phone = usePhoneWidth();
  const path = usePath();
  const [open, setOpen] = useState(false);
  const drawerId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);
  const shown = phone && open;

  // A channel chosen (the address changed), or the window widened: the drawer has done its work.
  useEffect(() => setOpen(false), [path, phone]);
  useEffect(() => {
    if (!shown) return;
    const target = drawer.current?.querySelector<HTMLElement>('.channel-sidebar [aria-current="page"]') ?? drawer.current?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
  }, [shown]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // A dialog or menu opened from the drawer handles its own keys.
    if (!shown || (event.target as Element).closest('dialog, [role="menu"]')) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      const focusable = Array.from(drawer.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).filter((e) => e.offsetParent !== null);
      const [first, last] = [focusable[0], focusable[focusable.length - 1]];
      if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
        event.preventDefault();
        (event.shiftKey ? last : first)?.focus();
      }
    }
  };

  return (
    <>
      <div className="phone-bar">
        <button ref={button} type="button" className="quiet phone-menu-button" aria-expanded={shown} aria-controls={drawerId} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">☰</span> Channels
        </button>
        <span className="phone-bar-title">{title}</span>
      </div>
      <div ref={drawer} id={drawerId} className={`sidebar-drawer${shown ? ' open' : ''}`} role={shown ? 'dialog' : undefined} aria-modal={shown || undefined} aria-label={shown ? 'Channels' : undefined} onKeyDown={onKeyDown}>
        {children}
      </div>
      {shown && <div className="drawer-backdrop" aria-hidden="true" onClick={close} />}
    </>
  );
}

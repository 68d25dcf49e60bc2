// The signed-in user at the bottom of the sidebar: their status, and a menu to set it, their custom
// status and profile, sign out and (for system admins) open the System Console. A disclosure of plain buttons and links, all reachable
// with Tab; Escape closes it.
import { useState } from 'react';
import { useChat } from './chat-store.ts';
import { NavLink } from '../nav-link.tsx';
import { DesktopNotificationsItem } from './desktop-notifications-item.tsx';
import { PeopleMenuItems } from './people/people-menu-items.tsx';

export const STATUS_NAMES: Record<string, string> = { online: 'Online', away: 'Away', dnd: 'Do not disturb', offline: 'Offline' };

export function UserMenu({ onLogOut }: { onLogOut: () => void }) {
  const me = useChat((s) => s.me);
  const status = useChat((s) => s.statuses[s.me.id] ?? 'online');
  const [open, setOpen] = useState(false);
  const isAdmin = me.roles.split(' ').includes('system_admin');
  return (
    <div className="user-menu" onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
      <button type="button" className="quiet user-button" aria-expanded={open} aria-controls="user-menu-items" onClick={() => setOpen(!open)}>
        <span aria-hidden="true" className={`status-dot status-${status}`} /> @{me.username} <span className="user-status">({STATUS_NAMES[status] ?? status})</span>
      </button>
      {/* Its items (statuses, notification permission) are made only when it opens: the chat's first render skips them. */}
      <ul id="user-menu-items" hidden={!open} aria-label="Your account">
        {open && (
          <>
            {isAdmin && (
              <li>
                <NavLink to="/admin_console">System Console</NavLink>
              </li>
            )}
            <PeopleMenuItems />
            <DesktopNotificationsItem />
            <li>
              <button type="button" className="quiet" onClick={onLogOut}>
                Sign out
              </button>
            </li>
          </>
        )}
      </ul>
    </div>
  );
}

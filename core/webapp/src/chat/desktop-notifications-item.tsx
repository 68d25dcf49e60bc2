// The user menu's entry for desktop notifications: the browser asks for permission only from a
// click (a user gesture), so the chat never asks by itself; once answered it says where things stand.
import { useState } from 'react';
import { desktopNotificationsSupported } from './desktop-notifications.ts';

export function DesktopNotificationsItem() {
  const [permission, setPermission] = useState(() => (desktopNotificationsSupported() ? Notification.permission : 'unsupported'));
  if (permission === 'unsupported') return null;
  if (permission === 'granted') return <li className="menu-note">Desktop notifications are on</li>;
  if (permission === 'denied') return <li className="menu-note">Desktop notifications are blocked: allow them in the browser's site settings</li>;
  return (
    <li>
      <button type="button" className="quiet" onClick={() => void Notification.requestPermission().then(setPermission)}>
        Enable desktop notifications
      </button>
    </li>
  );
}

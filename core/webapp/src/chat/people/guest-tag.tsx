// The "GUEST" tag beside a guest's name (a user with the system_guest role), as Mattermost's web app
// shows it in posts and profiles; none when the server hides it (GuestAccountsSettings.HideTags).
import { useEffect, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { clientConfig } from '../client-config.ts';

let hidden: Promise<boolean> | undefined;

function tagsHidden(): Promise<boolean> {
  hidden ??= clientConfig().then(
    (config) => config.HideGuestTags === 'true',
    () => false,
  );
  return hidden;
}

export function isGuest(user: Pick<UserProfile, 'roles'> | undefined): boolean {
  return user !== undefined && user.roles.split(' ').includes('system_guest');
}

export function GuestTag({ user }: { user: Pick<UserProfile, 'roles'> | undefined }) {
  const [show, setShow] = useState(false);
  const guest = isGuest(user);
  useEffect(() => {
    if (!guest) return;
    let live = true;
    void tagsHidden().then((hide) => live && setShow(!hide));
    return () => {
      live = false;
    };
  }, [guest]);
  return guest && show ? <span className="guest-tag">GUEST</span> : null;
}

// A person's profile picture, addressed with their last_picture_update as Mattermost's web app does
// (`/users/{id}/image?_=<time>`), so a new picture shows everywhere as soon as user_updated brings the
// new time, while an unchanged one stays in the browser's cache. A dot over it shows their status.
// Drawn as a background rather than an <img>, so that a message's own content is the only image in it.
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../../client.ts';
import { useChat } from '../chat-store.ts';
import './people.css';

export function pictureUrl(user: Pick<UserProfile, 'id' | 'last_picture_update'>): string {
  return client.getProfilePictureUrl(user.id, user.last_picture_update ?? 0);
}

/** Decorative: the name beside it says who it is. */
export function UserAvatar({ user, size = 'small', withStatus = true }: { user: UserProfile | undefined; size?: 'small' | 'large'; withStatus?: boolean }) {
  const status = useChat((s) => (user ? s.statuses[user.id] : undefined));
  if (!user) return <span aria-hidden="true" className={`avatar avatar-${size}`} />;
  return (
    <span aria-hidden="true" className={`avatar avatar-${size}`}>
      <span className="avatar-picture" style={{ backgroundImage: `url("${pictureUrl(user)}")` }} />
      {withStatus && <span className={`avatar-status status-dot status-${status ?? 'offline'}`} />}
    </span>
  );
}

// What I may do with a channel's bookmarks, by the server's rules: in public and private channels the
// *_bookmark_public_channel / _private_channel permissions of my roles; in direct and group messages
// any member but a guest; in an archived channel nothing. The server checks again.
import type { ServerChannel } from '@mattermost/types/channels';

export interface BookmarkRights {
  add: boolean;
  edit: boolean;
  remove: boolean;
  order: boolean;
}

export function bookmarkRights(channel: ServerChannel, permissions: ReadonlySet<string>, isGuest: boolean): BookmarkRights {
  if (channel.delete_at > 0) return { add: false, edit: false, remove: false, order: false };
  if (channel.type === 'D' || channel.type === 'G') {
    return { add: !isGuest, edit: !isGuest, remove: !isGuest, order: !isGuest };
  }
  const scope = channel.type === 'O' ? 'public' : 'private';
  const may = (action: string) => permissions.has(`${action}_bookmark_${scope}_channel`);
  return { add: may('add'), edit: may('edit'), remove: may('delete'), order: may('order') };
}

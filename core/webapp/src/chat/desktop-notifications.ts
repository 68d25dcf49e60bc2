// Desktop notifications, as Mattermost's web app shows them: a new post in a direct or group
// message, or one that mentions me, in a channel I am not looking at (or while the tab is hidden)
// pops up a browser notification titled with the channel, reading "@author: text"; clicking it
// brings the tab forward on that channel. Only once the user allowed notifications (the user
// menu asks), and as their desktop setting says: the channel's own, else their account's
// (`all` every post, `mention` mentions and direct messages, `none` nothing). An urgent post's
// persistent notifications pop up again the same way, each time the server re-sends them.
import type { Post } from '@mattermost/types/posts';
import { navigate } from '../navigation.ts';
import type { ChatStore } from './chat-store.ts';
import type { LiveContext } from './live-events.ts';
import { channelLabel, directPartnerId, isDirect } from './channel-names.ts';
import { channelPath } from './chat-paths.ts';
import { isSystemPost } from './post-item.tsx';

/** Longer messages are cut here, as a notification shows a few lines at most. */
const BODY_MAX_CHARS = 120;

export function desktopNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/**
 * `repeat` is a persistent notification of an urgent post already notified (Mattermost's
 * `persistent_notification_triggered`): it alerts again rather than quietly replacing the first.
 */
export function notifyDesktop(store: ChatStore, post: Post, mentions: string[], context: LiveContext, repeat = false): void {
  const { me, channels, myMembers, users, teams } = store.state;
  const channel = channels[post.channel_id];
  if (!channel || post.user_id === me.id || isSystemPost(post) || context.readingChannelId() === channel.id) return;
  if (!desktopNotificationsSupported() || Notification.permission !== 'granted') return;
  const channelLevel = myMembers[channel.id]?.notify_props?.desktop;
  const level = channelLevel && channelLevel !== 'default' ? channelLevel : (me.notify_props?.desktop ?? 'mention');
  const wanted = level === 'all' || (level === 'mention' && (isDirect(channel) || mentions.includes(me.id)));
  if (!wanted) return;

  const author = users[post.user_id]?.username ?? 'someone';
  const text = post.message.replace(/\s+/g, ' ').trim();
  const body = `@${author}: ${text.length > BODY_MAX_CHARS ? `${text.slice(0, BODY_MAX_CHARS - 1)}…` : text}`;
  let notification: Notification;
  try {
    // `renotify` is not in TypeScript's DOM types, though browsers that have it honour it.
    const options: NotificationOptions & { renotify?: boolean } = { body, tag: post.id, ...(repeat ? { renotify: true } : {}) };
    notification = new Notification(channelLabel(channel, users, me.id), options);
  } catch {
    return; // some browsers (Chrome on Android) only let a service worker show one: the unread marks remain
  }
  notification.onclick = () => {
    window.focus();
    notification.close();
    const currentTeam = window.location.pathname.split('/')[1] ?? '';
    const team = teams[channel.team_id] ?? Object.values(teams).find((t) => t.name === currentTeam) ?? Object.values(teams)[0];
    const partner = channel.type === 'D' ? users[directPartnerId(channel, me.id)]?.username : undefined;
    if (team) navigate(channelPath(team.name, channel, partner));
  };
}

// The app layer's events as Mattermost's WebSocket events: each subject encoded once, into the data
// field and form (a JSON string or an object) Mattermost's clients read it from.
import type { AppEvent, EventSubject } from '../app/app-events.ts';
import type { LiveEvent } from '../cluster/event-bus.ts';
import { toWireChannel, toWireChannelMember } from './channel.ts';
import { clientPostJson } from './post.ts';
import { toWirePreference } from './preference.ts';
import { toWireReaction } from './reaction.ts';
import { toWireAcknowledgement } from './post-priority.ts';
import { toWireSidebarCategory } from './sidebar-category.ts';
import { toWireThread } from './thread.ts';
import { FULL_VIEW, toWireTeam, toWireTeamMember } from './team.ts';
import { toWireUser } from './user.ts';
import { toWireDraft } from './draft.ts';
import { toWireScheduledPost } from './scheduled-post.ts';
import { toWireEmoji } from './emoji.ts';
import { toWireChannelBookmark, toWireChannelBookmarkUpdate } from './channel-bookmark.ts';

export function encodeAppEvent(event: AppEvent): LiveEvent {
  const encoded: LiveEvent = { event: event.event, data: { ...event.data, ...(event.subject ? subjectData(event.subject) : {}) }, broadcast: event.broadcast };
  if (event.membership) encoded.membership = event.membership;
  return encoded;
}

function subjectData(subject: EventSubject): Record<string, unknown> {
  switch (subject.kind) {
    case 'post':
      return { post: clientPostJson(subject.view) };
    case 'channel':
      return { channel: JSON.stringify(toWireChannel(subject.channel)) };
    case 'channel_member':
      return { channelMember: JSON.stringify(toWireChannelMember(subject.member)) };
    case 'user':
      // Everyone receives it: the profile as a stranger sees it, an object as Mattermost sends it.
      return { user: toWireUser(subject.user, { viewerIsSelfOrAdmin: false, showEmail: false, showFullName: true }) };
    case 'team':
      return { team: JSON.stringify(toWireTeam(subject.team, FULL_VIEW)) };
    case 'team_member':
      return { member: JSON.stringify(toWireTeamMember(subject.member)) };
    case 'preferences':
      return { preferences: JSON.stringify(subject.preferences.map(toWirePreference)) };
    case 'reaction':
      return { reaction: JSON.stringify(toWireReaction(subject.reaction)) };
    case 'acknowledgement':
      return { acknowledgement: JSON.stringify(toWireAcknowledgement(subject.acknowledgement)) };
    case 'sidebar_categories':
      return { updatedCategories: JSON.stringify(subject.categories.map(toWireSidebarCategory)) };
    case 'draft':
      return { draft: JSON.stringify(toWireDraft(subject.view)) };
    case 'scheduled_post':
      return { scheduledPost: JSON.stringify(toWireScheduledPost(subject.view)) };
    case 'emoji':
      return { emoji: JSON.stringify(toWireEmoji(subject.emoji)) };
    // Mattermost's names: `bookmark` for one, `bookmarks` for an update's pair or a new order.
    case 'channel_bookmark':
      return { bookmark: JSON.stringify(toWireChannelBookmark(subject.view)) };
    case 'channel_bookmark_update':
      return { bookmarks: JSON.stringify(toWireChannelBookmarkUpdate(subject.update)) };
    case 'channel_bookmarks':
      return { bookmarks: JSON.stringify(subject.views.map(toWireChannelBookmark)) };
    case 'thread':
      return { thread: JSON.stringify(toWireThread(subject.thread)) };
  }
}

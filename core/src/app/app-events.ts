// What the services tell live clients, as the app layer knows it: entities and views, never their
// JSON. The composition root hands these to the wire layer (wire/live-events.ts), which encodes each
// once into Mattermost's WebSocket event before the event bus carries it to every node and
// connection — so the app layer never imports the wire layer, and arrows point down.
import type { Broadcast, MembershipChange } from '../cluster/event-bus.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { ChannelMember } from '../store/entities/channel-member.ts';
import type { Preference } from '../store/entities/preference.ts';
import type { Reaction } from '../store/entities/reaction.ts';
import type { Team } from '../store/entities/team.ts';
import type { TeamMember } from '../store/entities/team-member.ts';
import type { User } from '../store/entities/user.ts';
import type { SidebarCategoryWithChannels } from '../store/sidebar-repository.ts';
import type { CustomEmoji } from '../store/emoji-repository.ts';
import type { PostAcknowledgement } from '../store/post-acknowledgement-repository.ts';
import { type PostView } from './post-view.ts';
import type { DraftView } from './draft-view.ts';
import type { ScheduledPostView } from './scheduled-post-view.ts';
import type { ThreadView } from './thread-view.ts';
import type { ChannelBookmarkUpdate, ChannelBookmarkView } from './channel-bookmark-view.ts';

/** The entity an event is about; the wire layer decides its JSON and the data field it goes in. */
export type EventSubject =
  | { kind: 'post'; view: PostView }
  | { kind: 'channel'; channel: Channel }
  | { kind: 'channel_member'; member: ChannelMember }
  | { kind: 'user'; user: User }
  | { kind: 'team'; team: Team }
  | { kind: 'team_member'; member: TeamMember }
  | { kind: 'preferences'; preferences: Preference[] }
  | { kind: 'reaction'; reaction: Reaction }
  | { kind: 'acknowledgement'; acknowledgement: PostAcknowledgement }
  | { kind: 'sidebar_categories'; categories: SidebarCategoryWithChannels[] }
  | { kind: 'draft'; view: DraftView }
  | { kind: 'scheduled_post'; view: ScheduledPostView }
  | { kind: 'emoji'; emoji: CustomEmoji }
  | { kind: 'channel_bookmark'; view: ChannelBookmarkView }
  | { kind: 'channel_bookmark_update'; update: ChannelBookmarkUpdate }
  | { kind: 'channel_bookmarks'; views: ChannelBookmarkView[] }

  | { kind: 'thread'; thread: ThreadView };

export interface AppEvent {
  /** Mattermost's event name (`posted`, `channel_updated`, ...), or MEMBERSHIP_CHANGED. */
  event: string;
  /** For MEMBERSHIP_CHANGED: who joined or left what (server-internal). */
  membership?: MembershipChange;
  /** Plain values sent as they are: ids, names, flags. */
  data?: Record<string, unknown>;
  subject?: EventSubject;
  broadcast: Broadcast;
}

/** Where services publish; never waits for delivery. */
export interface AppEvents {
  publish(event: AppEvent): void;
}

// What the thread service returns: a followed thread as one user sees it, and lists of them. The
// wire layer encodes these as Mattermost's ThreadResponse and Threads.
import type { ConfigService } from '../config/config-service.ts';
import type { User } from '../store/entities/user.ts';
import type { PostView } from './post-view.ts';
import type { UserVisibility } from './user-directory.ts';

export interface ThreadView {
  root: PostView;
  replyCount: number;
  lastReplyAt: number;
  lastViewedAt: number;
  unreadReplies: number;
  unreadMentions: number;
  /** Ids of the users who replied, oldest first. */
  participants: string[];
  /** Their profiles, when the thread was asked for `extended` (and in live events), as the viewer may see them. */
  participantProfiles?: { users: User[]; visibility: UserVisibility };
}

export interface ThreadListView {
  threads: ThreadView[];
  total: number;
  totalUnreadThreads: number;
  totalUnreadMentions: number;
}

/** Participants as any user may see other users (Mattermost's sanitizeProfiles, not as an admin). */
export function participantVisibility(config: ConfigService): UserVisibility {
  const privacy = config.get().PrivacySettings;
  return { viewerIsSelfOrAdmin: false, showEmail: privacy.ShowEmailAddress, showFullName: privacy.ShowFullName };
}

/** Thread events go to the user, scoped to the team as Mattermost's (an empty team is a direct message's). */
export function broadcastTo(userId: string, teamId: string): { user_id: string; team_id?: string } {
  return teamId === '' ? { user_id: userId } : { user_id: userId, team_id: teamId };
}

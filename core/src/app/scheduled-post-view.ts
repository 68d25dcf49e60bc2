// A scheduled post as services hand it on (to routes and live events): the post and the files it
// holds that are still waiting to be posted (Mattermost's metadata.files), as for a draft.
import type { ScheduledPost } from '../store/scheduled-post-repository.ts';
import type { FileInfo } from '../store/entities/file-info.ts';

export interface ScheduledPostView {
  scheduled: ScheduledPost;
  files: FileInfo[];
}

/** GET /posts/scheduled/team/{team_id}: the team's list under its id, the direct and group messages' under `directChannels`. */
export interface TeamScheduledPosts {
  teamId: string;
  team: ScheduledPostView[];
  directChannels?: ScheduledPostView[];
}

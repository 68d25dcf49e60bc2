// "Edit history" in the right-hand panel, opened from "(edited)" on a post of mine: the current
// version and each earlier one (GET /posts/{id}/edit_history, newest first) with the time it was
// written. Each earlier version can be restored (POST /posts/{id}/restore/{version id}): the
// message becomes that version again, as an edit of its own that joins the history.
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { client } from '../../client.ts';
import { ActionStatus, useAction } from '../../action-status.tsx';
import { Markdown } from '../../message/index.ts';
import { useChat } from '../chat-store.ts';
import { useChannelMessageContext } from '../message-context.tsx';
import { ViewPanelFrame, ViewStatus } from './view-panel-frame.tsx';
import { useViewRefresh } from './use-view-refresh.ts';
import { eventPost } from './view-events.ts';

export function EditHistory({ postId, teamId, onClose }: { postId: string; teamId: string; onClose: () => void }) {
  const current = useChat((s) => s.posts[postId]);
  const team = useChat((s) => s.teams[teamId]);
  const history = useViewRefresh(postId, () => client.getPostEditHistory(postId), (live) => live.event === 'post_edited' && eventPost(live)?.id === postId);
  const earlier = history.data ?? [];
  return (
    <ViewPanelFrame title="Edit history" className="edit-history" onClose={onClose}>
      <ViewStatus loading={history.data === null} empty={earlier.length === 0} problem={history.problem} emptyText="This message has not been edited" />
      {team && (
        <ol className="view-list" aria-label="Versions">
          {current && <Version post={current} time={current.edit_at || current.create_at} label="Current version" team={team} />}
          {earlier.map((version) => (
            <Version key={version.id} post={version} time={version.edit_at || version.create_at} label={version.edit_at ? 'Edited' : 'Original'} team={team} restoreAs={postId} />
          ))}
        </ol>
      )}
    </ViewPanelFrame>
  );
}

/** One version; an earlier one (`restoreAs`: the post it is a version of) can be restored. */
function Version({ post, time, label, team, restoreAs }: { post: Post; time: number; label: string; team: Team; restoreAs?: string }) {
  const context = useChannelMessageContext(team, post.channel_id);
  const restore = useAction();
  const when = new Date(time);
  return (
    <li className="view-item">
      <div className="view-item-head">
        <strong>{label}</strong>
        <time dateTime={when.toISOString()}>{when.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</time>
        {restoreAs && (
          <button type="button" className="quiet" disabled={restore.busy} aria-label={`Restore this version (${label.toLowerCase()}, ${when.toLocaleString()})`} onClick={() => restore.run(async () => (await client.restorePostVersion(restoreAs, post.id, ''), 'Restored.'))}>
            Restore
          </button>
        )}
      </div>
      <Markdown text={post.message} context={context} />
      <ActionStatus outcome={restore.outcome} />
    </li>
  );
}

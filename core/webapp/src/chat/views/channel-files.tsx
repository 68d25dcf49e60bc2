// "Channel files" in the right-hand panel, as Mattermost's web app lists them: a file search in the
// team for `channel:<channel id>` (POST /teams/{id}/files/search), newest first. Each file shows its
// kind's icon, name, type and size, who shared it and when, a download link, the preview the client
// has for it (pictures, small text files; a PDF opens in a tab), and a link to its message.
import { useState } from 'react';
import type { FileInfo } from '@mattermost/types/files';
import { client } from '../../client.ts';
import { NavLink } from '../../nav-link.tsx';
import { useChat, useChatStore } from '../chat-store.ts';
import { channelLabel } from '../channel-names.ts';
import { permalinkPath } from '../chat-paths.ts';
import { downloadUrl, fileIcon, fileSizeText, fileUrl, isImage, isPdf, isPreviewableText } from '../files/file-kinds.ts';
import { FilePreview } from '../files/file-preview.tsx';
import type { LiveEvent } from '../live-events.ts';
import { ViewPanelFrame, ViewStatus } from './view-panel-frame.tsx';
import { useViewRefresh } from './use-view-refresh.ts';
import { withAuthors } from './view-post-list.tsx';
import { eventChannelId, eventPost } from './view-events.ts';

/** A post with files, or a post deleted or edited (its files may go with it), in the channel. */
function changesFiles(live: LiveEvent, channelId: string): boolean {
  if (eventChannelId(live) !== channelId) return false;
  if (live.event === 'posted') return (eventPost(live)?.file_ids ?? []).length > 0;
  return live.event === 'post_deleted' || live.event === 'post_edited';
}

export function ChannelFiles({ channelId, teamId, onClose }: { channelId: string; teamId: string; onClose: () => void }) {
  const store = useChatStore();
  const channel = useChat((s) => s.channels[channelId]);
  const team = useChat((s) => s.teams[teamId]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const [previewing, setPreviewing] = useState<FileInfo | null>(null);
  const found = useViewRefresh(
    channelId,
    async () => {
      const results = await client.searchFilesWithParams(teamId, { terms: `channel:${channelId}`, is_or_search: false, page: 0, per_page: 100 });
      const infos = results.file_infos as unknown as Record<string, FileInfo>;
      return withAuthors(
        store,
        results.order.map((id) => infos[id]).filter((f): f is FileInfo => f !== undefined),
      );
    },
    (live) => changesFiles(live, channelId),
  );
  const files = found.data ?? [];
  return (
    <ViewPanelFrame title="Channel files" subtitle={channel ? channelLabel(channel, users, me) : undefined} className="channel-files" onClose={onClose}>
      <ViewStatus loading={found.data === null} empty={files.length === 0} problem={found.problem} emptyText="No files yet" />
      <ul className="view-list" aria-label="Files">
        {files.map((file) => {
          const author = users[file.user_id]?.username ?? 'someone';
          const time = new Date(file.create_at);
          const previewable = isImage(file) || isPreviewableText(file);
          return (
            <li key={file.id} className="view-item view-file">
              <span className="view-file-icon" aria-hidden="true">
                {isImage(file) ? '🖼️' : fileIcon(file)}
              </span>
              <div className="view-file-text">
                {previewable ? (
                  <button type="button" className="quiet view-file-name" aria-label={`Preview ${file.name}`} onClick={() => setPreviewing(file)}>
                    {file.name}
                  </button>
                ) : isPdf(file) ? (
                  <a href={fileUrl(file)} target="_blank" rel="noopener noreferrer" className="view-file-name">
                    {file.name}
                  </a>
                ) : (
                  <span className="view-file-name">{file.name}</span>
                )}
                <span className="post-note">
                  {(file.extension || 'file').toUpperCase()} · {fileSizeText(file.size)} · {author} ·{' '}
                  <time dateTime={time.toISOString()}>{time.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</time>
                </span>
              </div>
              <div className="view-item-actions">
                {team && file.post_id && (
                  <NavLink to={permalinkPath(team.name, file.post_id)} current={false} label={`Open in channel: the message of ${file.name}`}>
                    Open in channel
                  </NavLink>
                )}
                <a href={downloadUrl(file)} download={file.name} aria-label={`Download ${file.name}`} title="Download">
                  ⬇
                </a>
              </div>
            </li>
          );
        })}
      </ul>
      {previewing && <FilePreview file={previewing} onClose={() => setPreviewing(null)} />}
    </ViewPanelFrame>
  );
}

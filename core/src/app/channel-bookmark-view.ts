// A channel bookmark as services hand it on (to routes and live events): the bookmark and, for a
// file bookmark, the file it shows (Mattermost's ChannelBookmarkWithFileInfo).
import type { ChannelBookmark } from '../store/channel-bookmark-repository.ts';
import type { FileInfo } from '../store/entities/file-info.ts';

export interface ChannelBookmarkView {
  bookmark: ChannelBookmark;
  file: FileInfo | null;
}

/** PATCH's answer: the bookmark as it now is, and the version it replaced when the editor was not its owner. */
export interface ChannelBookmarkUpdate {
  updated: ChannelBookmarkView;
  deleted: ChannelBookmarkView | null;
}

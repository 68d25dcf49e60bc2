// A draft as services hand it on (to routes and live events): the draft and the files it holds that
// are still waiting for a post (Mattermost's metadata.files).
import type { Draft } from '../store/draft-repository.ts';
import type { FileInfo } from '../store/entities/file-info.ts';

export interface DraftView {
  draft: Draft;
  files: FileInfo[];
}

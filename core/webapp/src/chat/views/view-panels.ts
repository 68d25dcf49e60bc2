// The right-hand panel's views of this folder, as kinds of RhsPanel, and opening them.
import type { ChatStore } from '../chat-store.ts';

export type ViewPanel =
  | { kind: 'pinned'; channelId: string; teamId: string }
  | { kind: 'channel-files'; channelId: string; teamId: string }
  | { kind: 'members'; channelId: string; teamId: string }
  | { kind: 'saved'; teamId: string }
  | { kind: 'scheduled'; teamId: string }
  | { kind: 'edit-history'; postId: string; teamId: string };

/** Opens `panel`, or closes it when that very view is already open (the header buttons toggle). */
export function toggleViewPanel(store: ChatStore, panel: ViewPanel): void {
  store.update((s) => ({ rhs: s.rhs && JSON.stringify(s.rhs) === JSON.stringify(panel) ? null : panel }));
}

/** Whether the panel shows `panel` now (the buttons say so with aria-expanded). */
export function isShown(rhs: unknown, panel: ViewPanel): boolean {
  return rhs !== null && JSON.stringify(rhs) === JSON.stringify(panel);
}

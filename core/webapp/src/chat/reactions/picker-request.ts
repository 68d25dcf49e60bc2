// Which post's emoji picker is open, if any: the post menu's "Add reaction" and the post's own hover
// button both ask for it, and that post's reaction row draws it. One picker at a time on the screen.
import { useSyncExternalStore } from 'react';

let openFor: string | null = null;
const listeners = new Set<() => void>();

function set(postId: string | null): void {
  openFor = postId;
  for (const listener of listeners) listener();
}

export function openEmojiPicker(postId: string): void {
  set(postId);
}

export function closeEmojiPicker(): void {
  set(null);
}

/** The id of the post whose picker is open, or null. */
export function useEmojiPickerPost(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => openFor,
  );
}

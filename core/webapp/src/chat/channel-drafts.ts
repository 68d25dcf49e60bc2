// What I am writing in each channel and each thread, kept while I look elsewhere: in the store at
// once, and on the server (POST /drafts, DELETE .../drafts/{root_id} when the box empties) half a
// second after I stop typing when the server syncs drafts (AllowSyncedDrafts), so my other sessions
// show it too. Opening a channel or thread restores its draft; my other sessions' draft_* events
// replace it. A channel's draft and its threads' drafts are kept apart, as Mattermost keeps them.
import { useEffect, useRef } from 'react';
import type { Draft } from '@mattermost/types/drafts';
import { client } from '../client.ts';
import { useChat, useChatStore, type ChatStore } from './chat-store.ts';
import { clientConfig } from './client-config.ts';

/** How long after the last keystroke the server is told, as in Mattermost's web app. */
const SAVE_DELAY_MS = 500;

/** The teams whose server drafts each store has loaded. */
const loadedTeams = new WeakMap<ChatStore, Set<string>>();

async function syncedDrafts(): Promise<boolean> {
  return (await clientConfig().catch(() => ({}) as { AllowSyncedDrafts?: string })).AllowSyncedDrafts === 'true';
}

/** Where a draft is kept in the store: the channel's id, or the channel's and the thread's root's. */
export function draftKey(channelId: string, rootId: string): string {
  return rootId ? `${channelId}:${rootId}` : channelId;
}

/** The draft of a channel (or of one of its threads), as its message box starts with it. */
export function draftText(store: ChatStore, channelId: string, rootId = ''): string {
  return store.state.drafts[draftKey(channelId, rootId)]?.message ?? '';
}

function setDraft(store: ChatStore, key: string, draft: Draft | undefined): void {
  if (store.state.drafts[key] === draft) return;
  store.update((s) => {
    const drafts = { ...s.drafts };
    if (draft) drafts[key] = draft;
    else delete drafts[key];
    return { drafts };
  });
}

/** A draft_created, draft_updated or draft_deleted event: a channel's or thread's draft changed in one of my sessions. */
export function applyDraftEvent(store: ChatStore, event: string, data: Record<string, unknown>): void {
  let draft: Draft;
  try {
    draft = JSON.parse(String(data.draft)) as Draft;
  } catch {
    return;
  }
  if (!draft.channel_id || draft.user_id !== store.state.me.id) return;
  setDraft(store, draftKey(draft.channel_id, draft.root_id ?? ''), event === 'draft_deleted' ? undefined : draft);
}

/**
 * Keeps the draft of a channel (or, with `rootId`, of one of its threads) in step with its message box: `text` typed is saved, a draft changed
 * elsewhere (another session, or the server's list loaded late) is put into the box with `setText`.
 * `text` is null while the box holds something else (an edit of a posted message).
 */
export function useChannelDraft(where: { teamId: string; channelId: string; rootId: string }, text: string | null, setText: (text: string) => void): void {
  const { teamId, channelId, rootId } = where;
  const key = draftKey(channelId, rootId);
  const store = useChatStore();
  const stored = useChat((s) => s.drafts[key]);
  // The draft this box itself last put in the store, which is no news to it.
  const written = useRef<Draft | undefined>(store.state.drafts[key]);
  // Text that came from a draft rather than from typing, which is not saved back.
  const restored = useRef<string | null>(text);
  // The message last sent to the server: its echo from the server is no news either.
  const lastSent = useRef<string | null>(null);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; save: () => void } | null>(null);

  useEffect(() => {
    const loaded = loadedTeams.get(store) ?? new Set<string>();
    loadedTeams.set(store, loaded);
    if (loaded.has(teamId)) return;
    loaded.add(teamId);
    (async () => {
      if (!(await syncedDrafts())) return;
      for (const draft of await client.getUserDrafts(teamId)) {
        const loadedKey = draftKey(draft.channel_id, draft.root_id ?? '');
        if (!store.state.drafts[loadedKey]) setDraft(store, loadedKey, draft);
      }
    })().catch(() => loaded.delete(teamId)); // without the server's drafts the box starts empty; the next visit asks again
  }, [store, teamId]);

  useEffect(() => {
    if (stored === written.current) return;
    written.current = stored;
    const message = stored?.message ?? '';
    if (text === null || message === lastSent.current || message === text) return;
    restored.current = message;
    setText(message);
    // Only a change of the stored draft matters here, not each keystroke.
  }, [stored]);

  useEffect(() => {
    if (text === null) return;
    if (restored.current !== null && text === restored.current) {
      restored.current = null;
      return;
    }
    restored.current = null;
    const now = Date.now();
    const before = store.state.drafts[key];
    const draft: Draft | undefined =
      text === '' ? undefined : { create_at: before?.create_at ?? now, update_at: now, delete_at: 0, user_id: store.state.me.id, channel_id: channelId, root_id: rootId, message: text, props: {}, file_ids: [] };
    written.current = draft;
    setDraft(store, key, draft);
    if (pending.current) clearTimeout(pending.current.timer);
    const save = () => {
      pending.current = null;
      lastSent.current = text;
      syncedDrafts()
        .then((synced) => {
          if (!synced) return undefined;
          return draft ? client.upsertDraft(draft, '') : client.deleteDraft(channelId, rootId, '');
        })
        .catch(() => undefined); // the draft stays in this session; the next keystroke tries again
    };
    pending.current = { timer: setTimeout(save, SAVE_DELAY_MS), save };
    // Each keystroke saves; the store, channel and thread of one box do not change.
  }, [text]);

  // Leaving the channel within the half second still saves what was typed.
  useEffect(
    () => () => {
      if (!pending.current) return;
      clearTimeout(pending.current.timer);
      pending.current.save();
    },
    [],
  );
}

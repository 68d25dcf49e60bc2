// Opening a thread in the right-hand panel, from a post (its team is the one the channel view shows)
// or from the Threads page; and whether a post is drawn inside that panel (where it needs no
// "N replies" link to the thread it is already in).
import { createContext, useCallback, useContext } from 'react';
import type { ChatStore } from '../chat-store.ts';
import { useChatStore } from '../chat-store.ts';
import { useMessageContext } from '../message-context.tsx';

export function openThread(store: ChatStore, rootId: string, teamId: string): void {
  store.update(() => ({ rhs: { kind: 'thread', rootId, teamId } }));
}

/** Opens the thread a post belongs to (or starts, for a root post) in the right-hand panel. */
export function useOpenThread(): (rootId: string) => void {
  const store = useChatStore();
  const { teamName } = useMessageContext();
  return useCallback(
    (rootId: string) => {
      const team = Object.values(store.state.teams).find((t) => t.name === teamName);
      openThread(store, rootId, team?.id ?? '');
    },
    [store, teamName],
  );
}

const InThreadPanelContext = createContext(false);
export const InThreadPanel = InThreadPanelContext.Provider;

export function useInThreadPanel(): boolean {
  return useContext(InThreadPanelContext);
}

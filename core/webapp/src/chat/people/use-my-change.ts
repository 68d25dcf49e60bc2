// A change to my own account made from a dialog: the app's one-action-at-a-time hook (useAction)
// while it runs, then my profile read again (the live user_updated may come later), or the server's
// refusal shown.
import { useAction } from '../../action-status.tsx';
import { useChatStore } from '../chat-store.ts';
import { reloadMe } from './user-updates.ts';

export function useMyChange(): { busy: boolean; problem: string; run: (action: () => Promise<unknown>, then: () => void) => void } {
  const store = useChatStore();
  const { busy, outcome, run } = useAction();
  const change = (action: () => Promise<unknown>, then: () => void) => {
    void run(async () => {
      await action();
      await reloadMe(store);
      return '';
    }).then((done) => done && then());
  };
  return { busy, problem: outcome && !outcome.ok ? outcome.text : '', run: change };
}

// A change to my own account made from a dialog: while it runs the dialog's buttons wait, then my
// profile is read again (the live user_updated may come later), or the server's refusal is shown.
import { useState } from 'react';
import { errorText } from '../../client.ts';
import { useChatStore } from '../chat-store.ts';
import { reloadMe } from './user-updates.ts';

export function useMyChange(): { busy: boolean; problem: string; run: (action: () => Promise<unknown>, then: () => void) => void } {
  const store = useChatStore();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const run = (action: () => Promise<unknown>, then: () => void) => {
    setBusy(true);
    action()
      .then(() => reloadMe(store))
      .then(
        () => {
          setBusy(false);
          setProblem('');
          then();
        },
        (err: unknown) => {
          setBusy(false);
          setProblem(errorText(err));
        },
      );
  };
  return { busy, problem, run };
}

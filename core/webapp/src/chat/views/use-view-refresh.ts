// A view's data, fetched when it opens and again after each live event that concerns it (a pin, a
// member added): the list stays what the server says rather than a patched copy of it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../client.ts';
import type { LiveEvent } from '../live-events.ts';
import { onViewEvent } from './view-events.ts';

export interface Refreshed<T> {
  data: T | null;
  problem: string;
  reload: () => void;
}

/**
 * `load` runs at first, when `key` changes, and after every event `concerns` accepts. Answers that
 * come back out of order are dropped, so the list shows the newest one.
 */
export function useViewRefresh<T>(key: string, load: () => Promise<T>, concerns: (live: LiveEvent) => boolean): Refreshed<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState('');
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // The latest callbacks, without making every render subscribe and fetch again.
  const latest = useRef({ load, concerns });
  latest.current = { load, concerns };

  useEffect(() => onViewEvent((live) => latest.current.concerns(live) && reload()), [reload]);
  useEffect(() => {
    let current = true;
    latest.current.load().then(
      (next) => {
        if (!current) return;
        setData(next);
        setProblem('');
      },
      (err: unknown) => current && setProblem(errorText(err)),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return { data, problem, reload };
}

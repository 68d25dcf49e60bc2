// One record a console page is about (a user, a team, a channel): loaded when the page opens,
// acted on one action at a time with each action's outcome shown, and loaded again after each, so
// the page shows what the server now holds.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { useAction, type Outcome } from './action-status.tsx';

export interface ReloadingAction {
  busy: boolean;
  outcome: Outcome | null;
  /** Runs `work`, then the reload; shows `done`, or the server's error. Ignored while another action runs. */
  act: (work: () => Promise<unknown>, done: string) => void;
}

export function useReloadingAction(reload: () => Promise<unknown>): ReloadingAction {
  const action = useAction();
  const act = (work: () => Promise<unknown>, done: string) => {
    if (action.busy) return;
    void action.run(async () => {
      await work();
      await reload();
      return done;
    });
  };
  return { busy: action.busy, outcome: action.outcome, act };
}

/** `load` answers the record; `what` names it in the error ("user"). */
export function useConsoleRecord<T>(load: () => Promise<T>, what: string): { record: T | null; loadError: string; reload: () => Promise<void> } & ReloadingAction {
  const [record, setRecord] = useState<T | null>(null);
  const [loadError, setLoadError] = useState('');
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => setRecord(await loader.current()), []);
  useEffect(() => {
    reload().catch((err: unknown) => setLoadError(`This ${what} could not be loaded: ${errorText(err)}`));
  }, [reload, what]);
  return { record, loadError, reload, ...useReloadingAction(reload) };
}

/** What a record's page shows when the record could not be loaded, with the way back to its list. */
export function RecordNotFound({ title, error, back, backLabel }: { title: string; error: string; back: string; backLabel: string }) {
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p role="alert" className="error">
        {error}
      </p>
      <NavLink to={back}>{backLabel}</NavLink>
    </>
  );
}

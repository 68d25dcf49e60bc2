// The outcome of something an admin did, shown next to the control they used: a success in a
// polite live region (role=status), an error as an alert (role=alert), both announced.
import { useCallback, useState } from 'react';
import { errorText } from './client.ts';

export interface Outcome {
  ok: boolean;
  text: string;
}

export function ActionStatus({ outcome, id }: { outcome: Outcome | null; id?: string }) {
  return (
    <>
      <p className="status" role="status" id={id && `${id}-status`}>
        {outcome?.ok ? outcome.text : ''}
      </p>
      {outcome && !outcome.ok && (
        <p className="error" role="alert" id={id && `${id}-error`}>
          {outcome.text}
        </p>
      )}
    </>
  );
}

/** Runs one action at a time: `busy` while it runs, then its success text or the server's error. */
export function useAction(): { busy: boolean; outcome: Outcome | null; run: (work: () => Promise<string>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = useCallback(async (work: () => Promise<string>) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ok: true, text: await work() });
      return true;
    } catch (err) {
      setOutcome({ ok: false, text: errorText(err) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, outcome, run };
}

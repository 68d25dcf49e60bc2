// Things that must happen a while from now, on whichever node: a participant whose connection
// dropped leaves when the grace period is over unless it came back, a session the host removed
// leaves if its client did not, a call the host ended is ended if its clients did not leave. The
// sandbox has no timers, so the deadlines live in one KV value and one scheduled job (api.scheduler,
// which runs on one node of a cluster) wakes up at the earliest of them.
import { updateKvAtomically, type PluginAPI } from '@parley/plugin-api';

export type Deadline =
  | { kind: 'leave'; channel_id: string; session_id: string; conn_id: string; due: number }
  | { kind: 'remove'; channel_id: string; session_id: string; due: number }
  | { kind: 'end'; channel_id: string; call_id: string; due: number };

const KEY = 'deadlines';
export const SWEEP_JOB = 'deadlines';

export class Deadlines {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  /** Sets (or replaces) the deadline called `name` and wakes the sweep up in time for it. */
  async set(name: string, deadline: Deadline): Promise<void> {
    const all = await updateKvAtomically<Record<string, Deadline>>(this.#api.kv, KEY, (current) => ({ ...current, [name]: deadline }), { attempts: 10 });
    await this.#arm(all);
  }

  /** Forgets a deadline; true when it was still pending (nobody swept it yet). */
  async cancel(name: string): Promise<boolean> {
    let found = false;
    await updateKvAtomically<Record<string, Deadline>>(
      this.#api.kv,
      KEY,
      (current) => {
        found = Boolean(current?.[name]);
        const next = { ...current };
        delete next[name];
        return next;
      },
      { attempts: 10 },
    );
    return found;
  }

  /** Takes the deadlines that are due (no other run can take them again) and re-arms for the rest. */
  async takeDue(now = Date.now()): Promise<Deadline[]> {
    let due: Deadline[] = [];
    const rest = await updateKvAtomically<Record<string, Deadline>>(
      this.#api.kv,
      KEY,
      (current) => {
        due = [];
        const next: Record<string, Deadline> = {};
        for (const [name, deadline] of Object.entries(current ?? {})) {
          if (deadline.due <= now) due.push(deadline);
          else next[name] = deadline;
        }
        return next;
      },
      { attempts: 10 },
    );
    await this.#arm(rest);
    return due;
  }

  async #arm(all: Record<string, Deadline>): Promise<void> {
    const dues = Object.values(all).map((deadline) => deadline.due);
    if (dues.length === 0) return;
    await this.#api.scheduler.schedule({ key: SWEEP_JOB, runAt: Math.min(...dues) });
  }
}

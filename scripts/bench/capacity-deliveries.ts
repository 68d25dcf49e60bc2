// `posted` events as the channel members receive them. Each post the generator sends is registered
// under its pending_post_id, with its send time and how many online members must receive it (the
// poster included, as Mattermost sends it to every member); each receipt adds a delay. A phase is
// settled once every expected receipt arrived, or 10 s after it ended: what is missing then is lost.

/** A receipt later than this is late; none by this long after the phase is lost. */
export const LATE_MS = 10_000;

export class DeliveryPhase {
  /** Milliseconds from the poster's send to each member's receipt. */
  readonly delays: number[] = [];
  posts = 0;
  expected = 0;
  received = 0;
  late = 0;
  /** Set when the phase is closed. */
  lost = 0;
  /** Posts still waiting for some of their receipts. */
  unsettled = 0;
}

interface PostRecord {
  sentAt: number;
  expected: number;
  received: number;
  phase: DeliveryPhase;
}

export class DeliveryTracker {
  #records = new Map<string, PostRecord>();
  /** The phase new posts belong to; null while nothing is measured. */
  phase: DeliveryPhase | null = null;
  /** `posted` events for posts not registered here (system messages, posts of closed phases). */
  untracked = 0;

  /** Called just before the post is sent: its event may arrive before the HTTP answer. */
  sending(pendingId: string, expected: number): void {
    const phase = this.phase;
    if (!phase || expected === 0) return;
    this.#records.set(pendingId, { sentAt: performance.now(), expected, received: 0, phase });
    phase.posts++;
    phase.expected += expected;
    phase.unsettled++;
  }

  /** The post was not created: nobody is to receive it. */
  notCreated(pendingId: string): void {
    const record = this.#records.get(pendingId);
    if (!record) return;
    this.#records.delete(pendingId);
    const phase = record.phase;
    phase.posts--;
    phase.expected -= record.expected;
    phase.received -= record.received;
    if (record.received < record.expected) phase.unsettled--;
  }

  received(pendingId: string): void {
    const record = this.#records.get(pendingId);
    if (!record) {
      this.untracked++;
      return;
    }
    const delay = performance.now() - record.sentAt;
    const phase = record.phase;
    phase.delays.push(delay);
    phase.received++;
    if (delay > LATE_MS) phase.late++;
    if (++record.received === record.expected) phase.unsettled--;
  }

  /** Counts what `phase` never received and forgets its posts. */
  close(phase: DeliveryPhase): void {
    for (const [pendingId, record] of this.#records) {
      if (record.phase !== phase) continue;
      phase.lost += Math.max(0, record.expected - record.received);
      this.#records.delete(pendingId);
    }
    phase.unsettled = 0;
    if (this.phase === phase) this.phase = null;
  }
}

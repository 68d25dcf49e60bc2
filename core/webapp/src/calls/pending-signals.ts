// Signalling (SDP descriptions and ICE candidates) made while the call socket is down, sent in order
// once it is back. A negotiation makes one offer or answer at a time and a handful of candidates, so
// the bound is room for many; past it the oldest candidate goes (one path fewer to try). A description
// is never dropped: losing one would leave the negotiation waiting for ever, so when only descriptions
// are queued the queue grows past the bound rather than lose one.

/** A signalling message waiting for the socket: `sdp` (binary) or `ice`. */
export interface PendingSignal {
  action: 'sdp' | 'ice';
  data: Record<string, unknown>;
}

export const MAX_PENDING_SIGNALS = 64;

export class PendingSignals {
  #queue: PendingSignal[] = [];

  push(signal: PendingSignal): void {
    if (this.#queue.length >= MAX_PENDING_SIGNALS) {
      const oldestCandidate = this.#queue.findIndex((queued) => queued.action === 'ice');
      if (oldestCandidate >= 0) this.#queue.splice(oldestCandidate, 1);
    }
    this.#queue.push(signal);
  }

  get size(): number {
    return this.#queue.length;
  }

  /** Everything queued, oldest first, and the queue emptied. */
  take(): PendingSignal[] {
    return this.#queue.splice(0);
  }

  clear(): void {
    this.#queue = [];
  }
}

// The web client's queue of call signalling made while the call socket is down: in order, bounded by
// dropping the oldest candidates, and never losing a description (an offer or answer lost would leave
// the negotiation waiting for ever).
import { expect } from 'chai';
import { MAX_PENDING_SIGNALS, PendingSignals, type PendingSignal } from '../../core/webapp/src/calls/pending-signals.ts';

const sdp = (n: number): PendingSignal => ({ action: 'sdp', data: { n } });
const ice = (n: number): PendingSignal => ({ action: 'ice', data: { n } });

describe('call signalling kept while the call socket is down', () => {
  it('gives back what was queued, oldest first, and is empty after', () => {
    const queue = new PendingSignals();
    for (const signal of [sdp(1), ice(2), ice(3)]) queue.push(signal);
    expect(queue.take()).to.deep.equal([sdp(1), ice(2), ice(3)]);
    expect(queue.take()).to.deep.equal([]);
  });

  it('drops the oldest candidate once full, keeping the descriptions', () => {
    const queue = new PendingSignals();
    queue.push(sdp(0));
    for (let n = 1; n < MAX_PENDING_SIGNALS; n++) queue.push(ice(n));
    queue.push(sdp(MAX_PENDING_SIGNALS));
    const taken = queue.take();
    expect(taken).to.have.length(MAX_PENDING_SIGNALS);
    expect(taken[0]).to.deep.equal(sdp(0));
    expect(taken.map((s) => s.data.n)).not.to.include(1);
    expect(taken.at(-1)).to.deep.equal(sdp(MAX_PENDING_SIGNALS));
  });

  it('never drops a description, even when nothing but descriptions is queued', () => {
    const queue = new PendingSignals();
    for (let n = 0; n <= MAX_PENDING_SIGNALS; n++) queue.push(sdp(n));
    expect(queue.take().map((s) => s.data.n)).to.deep.equal(Array.from({ length: MAX_PENDING_SIGNALS + 1 }, (_, n) => n));
  });

  it('forgets everything when cleared', () => {
    const queue = new PendingSignals();
    queue.push(ice(1));
    queue.clear();
    expect(queue.take()).to.deep.equal([]);
  });
});

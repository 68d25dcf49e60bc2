import { expect } from 'chai';
import { GcraLimiter } from '../../core/src/app/gcra-limiter.ts';

describe('GcraLimiter', () => {
  const settings = { PerSec: 10, MaxBurst: 4, MemoryStoreSize: 100 };

  it('allows MaxBurst + 1 requests at once, counting Remaining down, then limits', async () => {
    const limiter = new GcraLimiter(settings);
    const verdicts = Array.from({ length: 6 }, () => limiter.take('ip', 1_000));
    expect(verdicts.map((v) => v.limited)).to.deep.equal([false, false, false, false, false, true]);
    expect(verdicts.slice(0, 5).map((v) => v.remaining)).to.deep.equal([4, 3, 2, 1, 0]);
    expect(verdicts[0].limit).to.equal(5);
    expect(verdicts[5]).to.include({ remaining: 0, retryAfterMs: 100 });
  });

  it('admits one more request per 1/PerSec seconds after the burst is used', async () => {
    const limiter = new GcraLimiter(settings);
    for (let i = 0; i < 5; i++) limiter.take('ip', 0);
    expect(limiter.take('ip', 99).limited).to.equal(true);
    expect(limiter.take('ip', 100).limited).to.equal(false);
    expect(limiter.take('ip', 100).limited).to.equal(true);
  });

  it('never limits a client that keeps to the sustained rate', async () => {
    const limiter = new GcraLimiter(settings);
    const limited = Array.from({ length: 50 }, (_, i) => limiter.take('ip', i * 100).limited);
    expect(limited).to.not.include(true);
  });

  it('restores the full burst after an idle period and reports when it resets', async () => {
    const limiter = new GcraLimiter(settings);
    for (let i = 0; i < 5; i++) limiter.take('ip', 0);
    expect(limiter.take('ip', 0).resetAfterMs).to.equal(500);
    expect(limiter.take('ip', 10_000).remaining).to.equal(4);
  });

  it('keeps separate budgets per key', async () => {
    const limiter = new GcraLimiter({ PerSec: 1, MaxBurst: 0, MemoryStoreSize: 100 });
    expect(limiter.take('a', 0).limited).to.equal(false);
    expect(limiter.take('a', 0).limited).to.equal(true);
    expect(limiter.take('b', 0).limited).to.equal(false);
  });

  it('forgets the oldest key beyond MemoryStoreSize', async () => {
    const limiter = new GcraLimiter({ PerSec: 1, MaxBurst: 0, MemoryStoreSize: 1 });
    limiter.take('a', 0);
    expect(limiter.take('a', 0).limited).to.equal(true);
    limiter.take('b', 0);
    expect(limiter.take('a', 0).limited).to.equal(false);
  });
});

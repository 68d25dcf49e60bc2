import { expect } from 'chai';
import { nextOccurrence } from '../../core/src/plugins/runtime/plugin-scheduler.ts';

describe('nextOccurrence', () => {
  it('is one interval after the due time when the run ended within the interval', async () => {
    expect(nextOccurrence(10_000, 1000, 10_400)).to.equal(11_000);
  });

  it('skips the occurrences missed while a run was late, keeping to the due time grid', async () => {
    expect(nextOccurrence(10_000, 1000, 13_500)).to.equal(14_000);
  });

  it('never returns a time at or before now', async () => {
    expect(nextOccurrence(10_000, 1000, 12_000)).to.equal(13_000);
  });
});

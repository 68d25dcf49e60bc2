// The capacity benchmark's machinery at a tiny scale, so that it cannot rot: a server process, the
// bulk load, the ping baseline and one step of the load model. It checks that the figures are
// there and that the server accepts every request the model sends — never how fast anything was.
import { expect } from 'chai';
import { benchCapacity } from '../../scripts/bench/capacity.ts';

describe('capacity benchmark', function () {
  this.timeout(120_000);

  it('prints a baseline, a step with delivery figures and a capacity line when run with 20 users for 5 s', async () => {
    let output = '';
    const result = await benchCapacity({ users: [20], seconds: 5, timeScale: 0.05, write: (text) => (output += text) });

    expect(result.baseline.requests.latencies).to.not.be.empty;
    expect(result.steps).to.have.length(1);
    const [step] = result.steps;
    expect(step.users).to.equal(20);
    expect(step.requests.latencies).to.not.be.empty;
    expect(step.requests.routes().filter((r) => r.refused > 0)).to.deep.equal([]);
    expect(step.actionErrors).to.deep.equal([]);
    expect(step.deliveries.posts).to.be.greaterThan(0);
    expect(step.deliveries.delays).to.not.be.empty;
    expect(output).to.match(/^\| baseline: every request GET \/system\/ping \| 20 \|/m);
    expect(output).to.match(/^\| step 1 \| 20 \| \d+ \|/m);
    expect(output).to.match(/^capacity: (at least )?\d+ healthy users \(at time scale 0\.05\)/m);
  });
});

// The capacity benchmark's machinery at a tiny scale, so that it cannot rot: two server processes in
// cluster mode (the one-process server is what test/unit/capacity-model.test.ts drives), the bulk
// load, the ping baseline and one step of the load model with the users spread over both nodes. It
// checks that the figures are there, that the servers accept every request the model sends and that
// posts reach the members on the other node — never how fast anything was.
import { expect } from 'chai';
import { benchCapacity } from '../../scripts/bench/capacity.ts';

describe('capacity benchmark', function () {
  this.timeout(120_000);

  it('prints a baseline, a step with delivery figures and a capacity line when run with 20 users on two nodes for 5 s', async () => {
    let output = '';
    const result = await benchCapacity({ users: [20], seconds: 5, timeScale: 0.05, nodes: 2, write: (text) => (output += text) });

    expect(result.baseline.requests.latencies).to.not.be.empty;
    expect(result.steps).to.have.length(1);
    const [step] = result.steps;
    expect(step.users).to.equal(20);
    expect(step.requests.latencies).to.not.be.empty;
    expect(step.requests.routes().filter((r) => r.refused > 0)).to.deep.equal([]);
    expect(step.actionErrors).to.deep.equal([]);
    expect(step.deliveries.posts).to.be.greaterThan(0);
    expect(step.deliveries.delays).to.not.be.empty;
    // Every member of a post's channel got it, half of them through the other node.
    expect(step.deliveries.lost).to.equal(0);
    expect(output).to.match(/^\| baseline: every request GET \/system\/ping \| 20 \|/m);
    expect(output).to.match(/^\| step 1 \| 20 \| \d+ \|/m);
    expect(output).to.match(/^capacity: (at least )?\d+ healthy users \(at time scale 0\.05\)/m);
    expect(output).to.include('2 server nodes in cluster mode with Redis');
  });
});

// The media supervisor runs one media process at a time: starts with new targets that come while
// it is still closing the process of the old one (a plugin's settings changed twice in a row) end
// with one process running, the last target's, and stop() leaves none.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { silentLogger } from '../../core/src/logger.ts';
import { MediaSupervisor, type MediaTarget } from '../../core/src/media/media-supervisor.ts';

/** The media processes this test process forked that are still alive (from /proc: parent pid and command line). */
function mediaChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (parent !== process.pid || state === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('media-process.ts')) pids.push(Number(entry));
    } catch {
      // The process ended while it was being read.
    }
  }
  return pids;
}

const target = (iceHostOverride: string): MediaTarget => ({ config: { udpAddress: '127.0.0.1', udpPort: 0, enableTcp: false, iceHostOverride, iceServers: [] } });

describe('media supervisor', function () {
  this.timeout(60_000);
  let supervisor: MediaSupervisor;

  beforeEach(() => {
    supervisor = new MediaSupervisor({ logger: silentLogger(), onEvent: () => {}, onReset: () => {}, onRestored: () => {} });
  });
  afterEach(async () => {
    await supervisor.stop();
  });

  it('runs one process, the last target\'s, when new targets come while the old process is still closing', async () => {
    await supervisor.start(target('127.0.0.2'));
    const first = supervisor.status().pid;
    await Promise.all([supervisor.start(target('127.0.0.3')), supervisor.start(target('127.0.0.4'))]);
    const running = mediaChildren();
    expect(running, 'media processes alive').to.have.length(1);
    expect(running[0]).to.equal(supervisor.status().pid);
    expect(running[0]).to.not.equal(first);
    await supervisor.stop();
    expect(mediaChildren(), 'media processes alive after stop').to.deep.equal([]);
  });

  it('leaves no process when stopped while a start is closing the old one', async () => {
    await supervisor.start(target('127.0.0.2'));
    const started = supervisor.start(target('127.0.0.3'));
    await supervisor.stop();
    await started.catch(() => {});
    expect(mediaChildren(), 'media processes alive after stop').to.deep.equal([]);
  });
});

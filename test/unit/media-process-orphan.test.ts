// A media process does not outlive the core that forked it: when the core dies (here of an
// unhandled rejection, while it was replacing one media process with another), each media process
// it left ends within a few seconds instead of running on — its stderr, a pipe to the dead core,
// then fails on every write, and reporting that failure on stderr used to spin a core at 100 %.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const CRASHING_CORE = path.resolve(import.meta.dirname, '../fixtures/media/crash-with-media.ts');
/** How long a media process may take to notice and end (it gives its SFU 2 s to close). */
const END_WITHIN_MS = 8_000;
const POLL_MS = 100;

function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

describe('media process of a crashed core', function () {
  this.timeout(60_000);

  it('ends by itself when the core that forked it dies', async () => {
    const core = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CRASHING_CORE], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    core.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => core.once('exit', resolve));
    expect(code, 'the core crashed').to.not.equal(0);
    const pids = [...new Set(out.trim().split('\n').map(Number))].filter((pid) => pid > 0);
    expect(pids, 'media processes the core forked').to.not.be.empty;
    const deadline = Date.now() + END_WITHIN_MS;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const left = pids.filter(alive);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left, 'media processes still running').to.deep.equal([]);
  });
});

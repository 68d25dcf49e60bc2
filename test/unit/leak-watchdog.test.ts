// The test run's leak watchdog, in a process of its own: it must end a process that something keeps
// alive (saying what), whatever exit code mocha set, and never keep alive one that is done.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { LEAK_EXIT_CODE } from '../helpers/leak-watchdog.ts';

const WATCHDOG = pathToFileURL(path.resolve(import.meta.dirname, '../helpers/leak-watchdog.ts')).href;

/** Runs `body` as an ES module after importing armLeakWatchdog; resolves with its exit code and stderr. */
function run(body: string): Promise<{ code: number | null; stderr: string }> {
  const source = `import { armLeakWatchdog } from ${JSON.stringify(WATCHDOG)};\n${body}`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '--eval', source], (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr });
    });
  });
}

describe('leak watchdog', () => {
  it('ends a process still held open, listing the server, socket, child process and timer that hold it', async () => {
    const { code, stderr } = await run(`
      import net from 'node:net';
      import { spawn } from 'node:child_process';
      const server = net.createServer().listen(0, '127.0.0.1', () => net.connect(server.address().port, '127.0.0.1'));
      // A child that ends when this process does (its stdin closes).
      spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
      setInterval(function keepPolling() {}, 60_000);
      // Mocha sets the exit code from the failure count in an 'exit' listener, as here.
      process.on('exit', () => { process.exitCode = 0; });
      armLeakWatchdog(300);
    `);
    expect(code).to.equal(LEAK_EXIT_CODE);
    expect(stderr).to.match(/server listening on 127\.0\.0\.1:\d+/);
    expect(stderr).to.match(/socket 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+/);
    expect(stderr).to.match(/child process \d+: \S*node -e process\.stdin\.resume\(\)/);
    expect(stderr).to.match(/pipe 0 of child process \d+/);
    expect(stderr).to.include('interval 60000 ms: keepPolling');
  });

  it('never keeps alive a process that has nothing left to do', async () => {
    const { code, stderr } = await run('armLeakWatchdog(60_000);');
    expect(code).to.equal(0);
    expect(stderr).to.equal('');
  });
});

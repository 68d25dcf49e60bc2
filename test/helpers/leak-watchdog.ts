// Ends a test run that would not end by itself. Armed after the last suite, it is unref'd, so a
// clean run never waits for it; if the process is still alive when it fires, something a suite
// opened was never closed (a server, a socket, a plugin host, a timer): it prints what is still
// open to stderr and exits non-zero, instead of leaving CI to wait out its limit.
import { ChildProcess } from 'node:child_process';
import { Session } from 'node:inspector';
import { Server, Socket } from 'node:net';

/** The exit code of a run the watchdog had to end: distinct from mocha's failure counts below 100. */
export const LEAK_EXIT_CODE = 100;

let timer: NodeJS.Timeout | undefined;

/** (Re)arms the watchdog: if the process is still alive `ms` from now, it reports and exits. */
export function armLeakWatchdog(ms: number): void {
  clearTimeout(timer);
  timer = setTimeout(() => fire(ms), ms);
  timer.unref();
}

function fire(ms: number): void {
  const open = [...describeHandles(), ...describeTimers()];
  process.stderr.write(
    `\nThe test run did not end by itself: ${ms} ms after the last suite, this still keeps the process alive` +
      ` (active resources: ${process.getActiveResourcesInfo().join(', ') || 'none'}):\n` +
      `${open.map((line) => `  - ${line}\n`).join('') || '  (nothing described)\n'}` +
      `Exiting with code ${LEAK_EXIT_CODE}: close what the suites above opened, in their after/afterEach hooks.\n`,
  );
  // Mocha sets the exit code from the failure count in an 'exit' listener; this one runs after it.
  process.once('exit', () => {
    process.exitCode = LEAK_EXIT_CODE;
  });
  process.exit(LEAK_EXIT_CODE);
}

/** Child processes, sockets, servers and pipes that keep the event loop alive. */
function describeHandles(): string[] {
  // Node's only way to reach the handles themselves; process.getActiveResourcesInfo() names their types.
  const handles: unknown[] = (process as unknown as { _getActiveHandles?(): unknown[] })._getActiveHandles?.() ?? [];
  const children = handles.filter((h): h is ChildProcess => h instanceof ChildProcess);
  // This process's own output is listed too, but never keeps it alive.
  return handles.filter((handle) => handle !== process.stdout && handle !== process.stderr).map((handle) => {
    if (handle instanceof ChildProcess) return `child process ${handle.pid}: ${handle.spawnargs.join(' ')}`;
    if (handle instanceof Server) {
      const address = handle.address();
      return `server listening on ${typeof address === 'string' || address === null ? address : `${address.address}:${address.port}`}`;
    }
    if (handle instanceof Socket) {
      const child = children.find((c) => c.stdio.includes(handle as never));
      if (child) return `pipe ${child.stdio.indexOf(handle as never)} of child process ${child.pid}`;
      if (handle.remotePort === undefined) return `socket or pipe (${handle.constructor.name}, not connected)`;
      return `socket ${handle.localAddress}:${handle.localPort} -> ${handle.remoteAddress}:${handle.remotePort}`;
    }
    const name = (handle as object | null)?.constructor?.name ?? typeof handle;
    // A forked child's IPC channel shows up as a bare Pipe handle.
    return name === 'Pipe' ? 'IPC channel to a child process' : name;
  });
}

/**
 * The ref'd timers: Node lists them only by type, so they are found in the heap through the
 * inspector (synchronous on the main thread), with their delay and callback.
 */
function describeTimers(): string[] {
  const session = new Session();
  session.connect();
  try {
    const post = <T>(method: string, params: object): T => {
      let result: T | undefined;
      let error: Error | null = null;
      session.post(method, params, (err, res) => {
        error = err;
        result = res as T;
      });
      if (error) throw error;
      return result as T;
    };
    const prototype = post<{ result: { objectId: string } }>('Runtime.evaluate', {
      expression: '(() => { const t = setTimeout(() => {}, 0); clearTimeout(t); return Object.getPrototypeOf(t); })()',
    });
    const found = post<{ objects: { objectId: string } }>('Runtime.queryObjects', { prototypeObjectId: prototype.result.objectId });
    const described = post<{ result: { value: string[] } }>('Runtime.callFunctionOn', {
      objectId: found.objects.objectId,
      functionDeclaration: `function () {
        return this.filter((t) => !t._destroyed && t.hasRef()).map((t) => {
          const fn = t._onTimeout;
          const what = fn && fn.name ? fn.name : String(fn).replace(/\\s+/g, ' ').slice(0, 120);
          return (t._repeat ? 'interval ' : 'timer ') + t._idleTimeout + ' ms: ' + what;
        });
      }`,
      returnByValue: true,
    });
    return described.result.value;
  } catch (err) {
    return [`(timers could not be listed: ${err instanceof Error ? err.message : String(err)})`];
  } finally {
    session.disconnect();
  }
}

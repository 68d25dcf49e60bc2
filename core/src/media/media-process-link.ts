// A media service in a process the core forks (media-process.ts), over Node's IPC channel.
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { MediaLink, MediaLinkEvents } from './media-link.ts';
import type { MediaConfig, MediaProcessMessage } from './media-protocol.ts';

const MEDIA_PROCESS = fileURLToPath(new URL('./media-process.ts', import.meta.url));
/** How long a process asked to stop has before it is killed. */
const STOP_GRACE_MS = 2000;

/** Forks the media process with `config`; `compileCacheDir` keeps its compiled modules between starts. */
export function forkMediaProcess(config: MediaConfig, events: MediaLinkEvents, compileCacheDir?: string): MediaLink {
  const child = fork(MEDIA_PROCESS, [JSON.stringify(config)], {
    execArgv: ['--disable-warning=ExperimentalWarning'],
    // None of the server's environment (its settings, the database's address) reaches the media process.
    env: compileCacheDir === undefined ? {} : { NODE_COMPILE_CACHE: compileCacheDir },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let closing = false;
  createInterface({ input: child.stderr! }).on('line', (line) => events.log(line));
  child.on('message', (message: MediaProcessMessage) => events.message(message));
  child.once('exit', (code, signal) => {
    if (!closing) events.ended(signal ? `signal ${signal}` : `exit code ${code}`);
  });
  child.once('error', (err) => {
    // Not even started (no pid): no exit will follow.
    if (child.pid === undefined && !closing) events.ended(`it could not be started: ${err.message}`);
  });
  return {
    pid: child.pid ?? null,
    url: null,
    send(envelope) {
      if (!child.connected) return false;
      child.send(envelope);
      return true;
    },
    async close() {
      closing = true;
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Closing the IPC channel asks it to end its calls and exit; a process that does not is killed.
      if (child.connected) child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    },
    abort() {
      child.kill('SIGKILL');
    },
  };
}

import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A process's resident memory in MB, from its /proc status (Linux), read with one pread on a file
 * kept open: polled several times a second for every host, an open-read-close through the thread
 * pool each time cost some 200 µs of CPU where this costs 10.
 */
export class ResidentMemory {
  #fd: number;
  #buffer = Buffer.alloc(4096);

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /** Undefined where /proc cannot be read (another system): the core's backstop is then off, the host's own watch stays. */
  static of(pid: number): ResidentMemory | undefined {
    try {
      return new ResidentMemory(openSync(`/proc/${pid}/status`, 'r'));
    } catch {
      return undefined;
    }
  }

  readMb(): number | undefined {
    try {
      const length = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, 0);
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(this.#buffer.toString('latin1', 0, length))?.[1];
      return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
    } catch {
      return undefined; // the process has gone
    }
  }

  close(): void {
    closeSync(this.#fd);
  }
}

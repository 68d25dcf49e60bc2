// How the standalone media service holds off an address that keeps presenting wrong keys: each
// address may fail a burst of logins, then one more each interval (the generic cell-rate algorithm
// of the HTTP rate limit). A held-off address is refused before its key is even compared, so a
// guesser learns nothing while it waits, and a server whose key was wrong is back one interval after
// its key is put right. Memory is bounded: past `addresses` the oldest address is forgotten. IPv6
// addresses count by their /64, which one host usually owns whole.
import { isIPv6 } from 'node:net';
import { GcraLimiter } from '../app/gcra-limiter.ts';

export interface LoginFailureLimit {
  /** Wrong keys an address may present in a row before it is held off. */
  burst: number;
  /** Once held off, it may try again once each this long. */
  intervalMs: number;
  /** Addresses remembered at most. */
  addresses: number;
}

/** Ten wrong keys, then one a minute: nobody guesses a key of 16 characters or more at that pace, and a mistyped one costs its server a minute. */
export const DEFAULT_LOGIN_FAILURE_LIMIT: LoginFailureLimit = { burst: 10, intervalMs: 60_000, addresses: 10_000 };

export class LoginFailures {
  #limiter: GcraLimiter;
  #now: () => number;

  constructor(limit: LoginFailureLimit, now: () => number = Date.now) {
    this.#limiter = new GcraLimiter({ PerSec: 1000 / limit.intervalMs, MaxBurst: limit.burst - 1, MemoryStoreSize: limit.addresses });
    this.#now = now;
  }

  /** How long the address must wait before its next try, in ms; 0 when it may try now. */
  waitFor(remoteAddress: string | undefined): number {
    return this.#limiter.wait(addressKey(remoteAddress), this.#now());
  }

  /** The address presented a wrong key. */
  failed(remoteAddress: string | undefined): void {
    this.#limiter.take(addressKey(remoteAddress), this.#now());
  }
}

/** The address a failure counts against: an IPv4 address (IPv4-mapped ones unwrapped), or an IPv6 address's /64. */
export function addressKey(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // An IPv6 address written with an IPv4 tail (a.b.c.d) holds two groups there.
  const tailLength = tailGroups.reduce((length, group) => length + (group.includes('.') ? 2 : 1), 0);
  const groups = address.includes('::') ? [...headGroups, ...Array<string>(8 - headGroups.length - tailLength).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

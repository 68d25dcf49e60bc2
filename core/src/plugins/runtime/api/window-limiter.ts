// A per-key budget of events per one-second window, counting what it refused so the refusals can
// be reported once instead of flooding the log themselves.

export class WindowLimiter {
  #perSecond: number;
  #windows = new Map<string, { start: number; used: number; dropped: number }>();

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
  }

  /**
   * Takes one event for `key`. `onWindowClosed` is told how many events of the previous window
   * were refused, when there were any.
   */
  take(key: string, now: number, onWindowClosed?: (dropped: number) => void): boolean {
    let window = this.#windows.get(key);
    if (!window || now - window.start >= 1000) {
      if (window && window.dropped > 0) onWindowClosed?.(window.dropped);
      window = { start: now, used: 0, dropped: 0 };
      this.#windows.set(key, window);
    }
    if (window.used >= this.#perSecond) {
      window.dropped++;
      return false;
    }
    window.used++;
    return true;
  }

  forget(key: string): void {
    this.#windows.delete(key);
  }
}

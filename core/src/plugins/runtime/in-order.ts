// Per key, a task starts only once the previous task of that key has set its work going: what the
// tasks send goes out in the order they came, though each first waits on something of its own (a
// database read), while their outcomes are awaited side by side.

export class InOrder {
  #tails = new Map<string, Promise<unknown>>();

  /** Runs `start` after the previous `start` of `key` settled; answers the outcome of the work it set going. */
  run<T>(key: string, start: () => Promise<{ work: Promise<T> }>): Promise<T> {
    const started = (this.#tails.get(key) ?? Promise.resolve()).then(start);
    const tail = started.then(
      () => {},
      () => {},
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return started.then(({ work }) => work);
  }
}

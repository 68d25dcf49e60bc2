// The last events sent on a connection, by sequence number, so a client that comes back after a
// drop can be sent exactly what it missed (Mattermost's "dead queue"). Each entry is the event's
// frame builder, which every connection the event went to shares, not the frame text: a post to
// thousands of connections keeps one encoding alive, not one string per connection.
import type { FrameFor } from './envelope.ts';

export class DeadQueue {
  #frames: FrameFor[];
  #capacity: number;
  /** Sequence number of the oldest frame still held. */
  #first = 0;
  /** Sequence number the next frame will carry. */
  #next = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#frames = new Array<FrameFor>(capacity);
  }

  /** Records the event that carries the next sequence number and returns that number. */
  push(frameFor: FrameFor): number {
    const seq = this.#next++;
    if (this.#capacity === 0) {
      this.#first = this.#next;
      return seq;
    }
    this.#frames[seq % this.#capacity] = frameFor;
    if (this.#next - this.#first > this.#capacity) this.#first = this.#next - this.#capacity;
    return seq;
  }

  /** The frames from `seq` to the newest; null when `seq` is older than the window or not yet sent. */
  since(seq: number): string[] | null {
    if (seq < this.#first || seq > this.#next) return null;
    const frames: string[] = [];
    for (let s = seq; s < this.#next; s++) frames.push(this.#frames[s % this.#capacity](s));
    return frames;
  }

  /** Forgets everything: the connection starts again at sequence 0. */
  reset(): void {
    this.#frames = new Array<FrameFor>(this.#capacity);
    this.#first = 0;
    this.#next = 0;
  }
}

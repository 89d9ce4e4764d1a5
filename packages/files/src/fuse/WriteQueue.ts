// The writes to one store, one after another, so its listing, path occupancy and the content
// cache agree. A write waits here with its caller unanswered, so it is never sent after its
// caller was told it failed (mount.ts gives the binding no timeout for operations that write).
import type { StoreCalls } from "./StoreCalls.ts";

export class WriteQueue {
  readonly #calls: StoreCalls;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(calls: StoreCalls) {
    this.#calls = calls;
  }

  /** Runs `fn` after every write queued before it; a failure does not stop the ones after. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const start = () => {
      this.#calls.beginWrite();
      return fn();
    };
    const run = this.#tail.then(start, start);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every write queued so far has ended. */
  async idle(): Promise<void> {
    await this.#tail;
  }
}

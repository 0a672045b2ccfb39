/**
 * Runs work for one key after every earlier work for that key has settled, and work for other
 * keys at once. Commands to one stream queue here, so that inside one process they never race
 * each other to the same expected revision; the retries on a version clash are left for writes
 * from other processes.
 */
export class PerKeyQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests: the map must not grow with every key ever seen). */
  get size(): number {
    return this.tails.size;
  }
}

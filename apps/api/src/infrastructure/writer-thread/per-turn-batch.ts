/**
 * Collects what is pushed during one turn of the event loop and hands it over together at the
 * turn's end: both sides of the writer thread send one message per turn, not one per request.
 */
export class PerTurnBatch<T> {
  private items: T[] = [];

  constructor(private readonly flush: (items: T[]) => void) {}

  get size(): number {
    return this.items.length;
  }

  push(...items: T[]): void {
    if (items.length === 0) return;
    if (this.items.length === 0) {
      setImmediate(() => {
        const batch = this.items;
        this.items = [];
        this.flush(batch);
      });
    }
    this.items.push(...items);
  }
}

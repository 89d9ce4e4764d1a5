// Memory content by store and blob id, decoded, for searches: a search reads every memory
// under its prefix, and inflating 2,000 objects from packs each time would cost more than
// matching them (docs/decisions/0065). A blob never changes, so an entry is never stale. One
// cache per engine, so the budget bounds the process however many stores are open; past it,
// entries go in insertion order, but one read since it was last passed over gets a second
// chance (the CLOCK approximation of least-recently-used: a hit costs one lookup and a flag).

/** About 128 MiB of JavaScript strings. */
export const DEFAULT_TEXT_CACHE_CHARS = 64 * 1024 * 1024;

interface Entry {
  text: string;
  used: boolean;
}

export class TextCache {
  /** store id → blob id → entry. */
  private readonly stores = new Map<string, Map<string, Entry>>();
  /** Every entry once, oldest first: [store id, blob id]. */
  private readonly order: Array<[string, string]> = [];
  private head = 0;
  private chars = 0;

  constructor(private readonly budgetChars = DEFAULT_TEXT_CACHE_CHARS) {}

  /** The text of blob `oid` of `storeId` if cached. */
  get(storeId: string, oid: string): string | undefined {
    const entry = this.stores.get(storeId)?.get(oid);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.text;
  }

  set(storeId: string, oid: string, text: string): void {
    let blobs = this.stores.get(storeId);
    if (blobs?.has(oid) || text.length > this.budgetChars) return;
    if (!blobs) this.stores.set(storeId, (blobs = new Map()));
    blobs.set(oid, { text, used: false });
    this.order.push([storeId, oid]);
    this.chars += text.length;
    while (this.chars > this.budgetChars) this.evictOne();
    // Drop the consumed front of the queue now and then instead of shifting on every eviction.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Drops a store's entries: after a redaction, its content must not linger in memory. */
  forget(storeId: string): void {
    const blobs = this.stores.get(storeId);
    if (!blobs) return;
    for (const entry of blobs.values()) this.chars -= entry.text.length;
    this.stores.delete(storeId);
    // Their places in `order` are skipped when reached.
  }

  get size(): number {
    return this.chars;
  }

  private evictOne(): void {
    for (;;) {
      const [storeId, oid] = this.order[this.head++]!;
      const blobs = this.stores.get(storeId);
      const entry = blobs?.get(oid);
      if (!entry) continue; // forgotten
      if (entry.used) {
        entry.used = false;
        this.order.push([storeId, oid]);
        continue;
      }
      blobs!.delete(oid);
      if (blobs!.size === 0) this.stores.delete(storeId);
      this.chars -= entry.text.length;
      return;
    }
  }
}

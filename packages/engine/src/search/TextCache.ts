// Memory content by store and blob id, decoded, for searches: a search reads every memory
// under its prefix, and inflating 2,000 objects from packs each time would cost more than
// matching them (docs/decisions/0065). A blob never changes, so an entry is never stale; the
// least recently used go once the cache holds more than its budget. One cache per engine, so
// the budget bounds the process, however many stores are open.

/** About 128 MiB of JavaScript strings. */
export const DEFAULT_TEXT_CACHE_CHARS = 64 * 1024 * 1024;

export class TextCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(private readonly budgetChars = DEFAULT_TEXT_CACHE_CHARS) {}

  /** The text of blob `oid` of `storeId` if cached (and now the most recently used). */
  get(storeId: string, oid: string): string | undefined {
    const key = `${storeId}/${oid}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(storeId: string, oid: string, text: string): void {
    const key = `${storeId}/${oid}`;
    if (this.entries.has(key) || text.length > this.budgetChars) return;
    this.entries.set(key, text);
    this.chars += text.length;
    for (const [k, value] of this.entries) {
      if (this.chars <= this.budgetChars) break;
      this.entries.delete(k);
      this.chars -= value.length;
    }
  }

  /** Drops a store's entries: after a redaction, its content must not linger in memory. */
  forget(storeId: string): void {
    const prefix = `${storeId}/`;
    for (const [k, value] of this.entries) {
      if (!k.startsWith(prefix)) continue;
      this.entries.delete(k);
      this.chars -= value.length;
    }
  }

  get size(): number {
    return this.chars;
  }
}

// Memory content by blob id, decoded, for searches: a search reads every memory under its
// prefix, and inflating 2,000 objects from packs each time would cost more than matching
// them (docs/decisions/0065). Blobs never change, so an entry is never stale; the least
// recently used go once the cache holds more than its budget.

export const DEFAULT_TEXT_CACHE_CHARS = 32 * 1024 * 1024;

export class TextCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(private readonly budgetChars = DEFAULT_TEXT_CACHE_CHARS) {}

  /** The text of `oid` if cached (and now the most recently used). */
  get(oid: string): string | undefined {
    const hit = this.entries.get(oid);
    if (hit !== undefined) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      this.entries.delete(oid);
      this.entries.set(oid, hit);
    }
    return hit;
  }

  set(oid: string, text: string): void {
    if (this.entries.has(oid)) return;
    this.entries.set(oid, text);
    this.chars += text.length;
    for (const [key, value] of this.entries) {
      if (this.chars <= this.budgetChars) break;
      this.entries.delete(key);
      this.chars -= value.length;
    }
  }
}

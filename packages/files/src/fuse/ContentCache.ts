// Content by sha256, bounded by total bytes (oldest first out). Content-addressed, so it is
// never stale: the listing says which sha a path holds now.
export class ContentCache {
  readonly #max: number;
  readonly #map = new Map<string, Buffer>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#max = maxBytes;
  }

  get(sha: string): Buffer | undefined {
    return this.#map.get(sha);
  }

  set(sha: string, bytes: Buffer): void {
    if (this.#map.has(sha) || bytes.length > this.#max) return;
    this.#map.set(sha, bytes);
    this.#bytes += bytes.length;
    for (const [k, v] of this.#map) {
      if (this.#bytes <= this.#max) break;
      this.#map.delete(k);
      this.#bytes -= v.length;
    }
  }
}

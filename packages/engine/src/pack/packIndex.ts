// Reader of git pack index files, version 2 (gitformat-pack.txt): the 256-entry fanout, the
// sorted object ids, CRCs, 31-bit offsets and the 64-bit offset table.
export class PackIndex {
  readonly count: number;
  private readonly namesAt = 8 + 256 * 4;

  constructor(private readonly buf: Buffer) {
    if (buf.readUInt32BE(0) !== 0xff744f63 || buf.readUInt32BE(4) !== 2) throw new Error("not a version 2 pack index");
    this.count = buf.readUInt32BE(8 + 255 * 4);
  }

  /** Offset of `oid` in the pack, or -1. */
  offsetOf(oid: string): number {
    const key = Buffer.from(oid, "hex");
    const first = key[0]!;
    let lo = first === 0 ? 0 : this.buf.readUInt32BE(8 + (first - 1) * 4);
    let hi = this.buf.readUInt32BE(8 + first * 4);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.namesAt + mid * 20;
      const c = this.buf.compare(key, 0, 20, at, at + 20);
      if (c === 0) return this.offsetAt(mid);
      if (c > 0) hi = mid;
      else lo = mid + 1;
    }
    return -1;
  }

  *oids(): Generator<string> {
    for (let i = 0; i < this.count; i++) yield this.buf.toString("hex", this.namesAt + i * 20, this.namesAt + i * 20 + 20);
  }

  private offsetAt(i: number): number {
    const offsetsAt = this.namesAt + this.count * 24;
    const v = this.buf.readUInt32BE(offsetsAt + i * 4);
    if (!(v & 0x80000000)) return v;
    return Number(this.buf.readBigUInt64BE(offsetsAt + this.count * 4 + (v & 0x7fffffff) * 8));
  }
}
